// train_check: trains a compiled model through tfcc::Session as a user would
// and compares every step's loss and the final variables with TensorFlow's.
//
//   train_check <model.so> --init SIG --train SIG --x x.npy --y y.npy
//               --losses losses.npy [--var NAME=expected.npy]... --rtol R --atol A
//
// x.npy and y.npy stack one batch per step ([steps, batch, ...]); step i
// feeds x[i] as "x" and y[i] as "y" to the train signature, whose first
// output is the loss before that step's update. Exit status 0 when every
// value is within atol + rtol * |expected|, 1 otherwise, 2 on bad usage.
#include "tfcc/npy.h"
#include "tfcc/session.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

int usage(const char *why) {
  std::fprintf(stderr, "train_check: %s\n", why);
  return 2;
}

/// Step `i` of a stacked array as a tensor.
tfcc::Tensor slice(const tfcc::NpyArray &a, int64_t i) {
  std::vector<int64_t> shape(a.shape.begin() + 1, a.shape.end());
  tfcc::Tensor t(a.dtype, shape);
  std::memcpy(t.data(), a.data.data() + i * t.byte_size(), t.byte_size());
  return t;
}

double valueAt(tfcc_dtype dtype, const void *data, int64_t i) {
  switch (dtype) {
  case TFCC_FLOAT: return static_cast<const float *>(data)[i];
  case TFCC_DOUBLE: return static_cast<const double *>(data)[i];
  case TFCC_INT32: return static_cast<const int32_t *>(data)[i];
  case TFCC_INT64: return double(static_cast<const int64_t *>(data)[i]);
  default: return NAN;
  }
}

/// Counts elements of `actual` outside tolerance of `expected`; prints the worst.
int compare(const std::string &what, const tfcc::Tensor &actual, const tfcc::NpyArray &expected,
            double rtol, double atol) {
  if (actual.dtype() != expected.dtype || actual.num_elements() != expected.num_elements()) {
    std::printf("  %-28s dtype/size differ: %s vs expected %lld elements\n", what.c_str(),
                actual.DebugString().c_str(), (long long)expected.num_elements());
    return 1;
  }
  double worst = 0, worstExcess = -1;
  int64_t at = 0;
  int bad = 0;
  for (int64_t i = 0; i < expected.num_elements(); ++i) {
    double a = valueAt(actual.dtype(), actual.data(), i);
    double e = valueAt(expected.dtype, expected.data.data(), i);
    double err = std::fabs(a - e);
    double excess = err - (atol + rtol * std::fabs(e));
    if (!(excess <= 0))
      ++bad;
    if (!(excess <= worstExcess)) {
      worstExcess = excess;
      worst = err;
      at = i;
    }
  }
  std::printf("  %-28s max |diff| %.3g (element %lld)%s\n", what.c_str(), worst, (long long)at,
              bad ? "  MISMATCH" : "");
  return bad ? 1 : 0;
}

} // namespace

int main(int argc, char **argv) {
  if (argc < 2)
    return usage("usage: train_check <model.so> --init SIG --train SIG --x X --y Y "
                 "--losses L [--var NAME=FILE]... --rtol R --atol A");
  std::string so = argv[1], initSig, trainSig, xPath, yPath, lossesPath;
  std::vector<std::pair<std::string, std::string>> vars;
  double rtol = 1e-6, atol = 1e-6;
  for (int i = 2; i + 1 < argc; i += 2) {
    std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--init") initSig = value;
    else if (flag == "--train") trainSig = value;
    else if (flag == "--x") xPath = value;
    else if (flag == "--y") yPath = value;
    else if (flag == "--losses") lossesPath = value;
    else if (flag == "--rtol") rtol = std::atof(value.c_str());
    else if (flag == "--atol") atol = std::atof(value.c_str());
    else if (flag == "--var") {
      size_t eq = value.find('=');
      if (eq == std::string::npos)
        return usage("--var wants NAME=FILE");
      vars.push_back({value.substr(0, eq), value.substr(eq + 1)});
    } else
      return usage(("unknown flag " + flag).c_str());
  }
  tfcc::NpyArray x, y, losses;
  for (auto [path, arr] : {std::pair{&xPath, &x}, {&yPath, &y}, {&lossesPath, &losses}}) {
    tfcc::Status s = tfcc::ReadNpy(*path, arr);
    if (!s.ok())
      return usage(s.message().c_str());
  }
  std::unique_ptr<tfcc::Session> session;
  tfcc::Status s = tfcc::Session::OpenLibrary(so, &session);
  std::vector<tfcc::Tensor> out;
  if (s.ok())
    s = session->RunSignature(initSig, {}, &out);
  if (!s.ok()) {
    std::fprintf(stderr, "train_check: %s\n", s.message().c_str());
    return 1;
  }
  int64_t steps = losses.num_elements();
  tfcc::Tensor seen(losses.dtype, losses.shape);
  for (int64_t i = 0; i < steps; ++i) {
    s = session->RunSignature(trainSig, {{"x", slice(x, i)}, {"y", slice(y, i)}}, &out);
    if (!s.ok()) {
      std::fprintf(stderr, "train_check: step %lld: %s\n", (long long)i, s.message().c_str());
      return 1;
    }
    std::memcpy(static_cast<char *>(seen.data()) + i * out[0].byte_size(), out[0].data(),
                out[0].byte_size());
  }
  int bad = compare("losses", seen, losses, rtol, atol);
  for (auto &[name, path] : vars) {
    tfcc::NpyArray expected;
    tfcc::Tensor value;
    if (!(s = tfcc::ReadNpy(path, &expected)).ok() || !(s = session->ReadVariable(name, &value)).ok()) {
      std::printf("  %-28s %s\n", name.c_str(), s.message().c_str());
      ++bad;
      continue;
    }
    bad += compare(name, value, expected, rtol, atol);
  }
  std::printf("%s after %lld steps\n", bad ? "MISMATCH" : "match", (long long)steps);
  return bad ? 1 : 0;
}
