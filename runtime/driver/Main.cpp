// main() of the standalone executables `tfcc compile` links: it runs the
// model whose table the model object exports under TFCC_MODEL_INFO_SYMBOL,
// feeding inputs from .npy files and writing one .npy per result.
//
// Every check (flags, input names, dtypes, shapes, files) happens before the
// model runs, and results are written to temporary files renamed into place
// only once all are written, so an error leaves no output behind.
#include "runtime/Dtype.h"
#include "tfcc/npy.h"
#include "runtime/driver/Options.h"
#include "runtime/driver/Report.h"
#include "tfcc/model.h"
#include "tfcc/runtime.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

extern "C" const tfcc_model_info tfcc_model_info_v1;

namespace tfcc::driver {
namespace {

namespace fs = std::filesystem;

struct RuntimeDeleter {
  void operator()(tfcc_runtime *r) const { tfcc_runtime_destroy(r); }
};

Status Invalid(std::string message) {
  return Status(TFCC_INVALID_ARGUMENT, std::move(message));
}

std::string NamesOf(const tfcc_tensor_info *tensors, int count) {
  std::string names;
  for (int i = 0; i < count; ++i)
    names += (i ? ", " : "") + std::string(tensors[i].name);
  return names.empty() ? "none" : names;
}

// Copies one .npy array into arg buffer `dst` after checking it against the
// signature's arg. A float32 file may feed a bfloat16 input (NumPy has no
// bfloat16): it is rounded to nearest even.
Status FeedInput(const tfcc_tensor_info &arg, const std::string &file,
                 const NpyArray &array, void *dst) {
  const bool widened = arg.dtype == TFCC_BFLOAT16 && array.dtype == TFCC_FLOAT;
  if (array.dtype != arg.dtype && !widened)
    return Invalid("input '" + std::string(arg.name) + "': " + file +
                   " holds " + DtypeName(array.dtype) +
                   ", the signature wants " + DtypeName(arg.dtype));
  if (array.shape.size() != size_t(arg.rank) ||
      !std::equal(array.shape.begin(), array.shape.end(), arg.dims))
    return Invalid("input '" + std::string(arg.name) + "': " + file +
                   " has shape " +
                   ShapeText(array.shape.data(), int(array.shape.size())) +
                   ", the signature wants " + ShapeText(arg.dims, arg.rank));
  if (!widened) {
    std::memcpy(dst, array.data.data(), array.data.size());
    return Status::OK();
  }
  auto *out = static_cast<uint16_t *>(dst);
  for (int64_t i = 0; i < array.num_elements(); ++i) {
    float v;
    std::memcpy(&v, array.data.data() + i * 4, 4);
    out[i] = FloatToBFloat16(v);
  }
  return Status::OK();
}

Status LoadInputs(CompiledModel &model, int sig_index, const Options &o) {
  const tfcc_signature_info &sig = model.info().signatures[sig_index];
  std::vector<bool> fed(size_t(sig.num_args), false);
  for (const auto &[name, file] : o.inputs) {
    int i = model.arg_index(sig_index, name.c_str());
    if (i < 0)
      return Invalid("unknown input '" + name + "' for signature '" +
                     sig.name + "' (inputs: " +
                     NamesOf(sig.args, sig.num_args) + ")");
    if (fed[size_t(i)])
      return Invalid("input '" + name + "' is given twice");
    NpyArray array;
    if (Status s = ReadNpy(file, &array); !s.ok())
      return s;
    if (Status s = FeedInput(sig.args[i], file, array,
                             model.arg_data(sig_index, i));
        !s.ok())
      return s;
    fed[size_t(i)] = true;
  }
  for (int i = 0; i < sig.num_args; ++i)
    if (!fed[size_t(i)])
      return Invalid("missing input '" + std::string(sig.args[i].name) +
                     "' (" + TypeText(sig.args[i]) + "): pass --input " +
                     sig.args[i].name + "=FILE.npy");
  return Status::OK();
}

std::string OutputFileName(const char *result_name) {
  std::string file = result_name;
  std::replace(file.begin(), file.end(), ':', '_');
  std::replace(file.begin(), file.end(), '/', '_');
  return file + ".npy";
}

Status WriteResult(const tfcc_tensor_info &t, const void *data,
                   const std::string &path) {
  if (t.dtype != TFCC_BFLOAT16)
    return WriteNpy(path, tfcc_dtype(t.dtype), t.dims, t.rank, data);
  // NumPy has no bfloat16; float32 holds every value exactly.
  std::vector<float> wide(size_t(t.num_elements));
  for (size_t i = 0; i < wide.size(); ++i)
    wide[i] = BFloat16ToFloat(static_cast<const uint16_t *>(data)[i]);
  return WriteNpy(path, TFCC_FLOAT, t.dims, t.rank, wide.data());
}

// Writes every result to a temporary file first and renames them all into
// place only when all were written.
Status WriteResults(CompiledModel &model, int sig_index, const Options &o) {
  const tfcc_signature_info &sig = model.info().signatures[sig_index];
  std::error_code ec;
  fs::create_directories(o.output_dir, ec);
  if (ec)
    return Status(TFCC_INTERNAL, "cannot create output directory '" +
                                     o.output_dir + "': " + ec.message());
  std::vector<std::string> finals, temps;
  for (int i = 0; i < sig.num_results; ++i) {
    std::string file = OutputFileName(sig.results[i].name);
    std::string path = (fs::path(o.output_dir) / file).string();
    if (std::find(finals.begin(), finals.end(), path) != finals.end())
      return Invalid("two outputs would both be written to " + path);
    finals.push_back(path);
    temps.push_back((fs::path(o.output_dir) / ("." + file + ".tmp")).string());
  }
  auto remove_temps = [&] {
    for (const std::string &t : temps)
      fs::remove(t, ec);
  };
  for (int i = 0; i < sig.num_results; ++i) {
    Status s = WriteResult(sig.results[i], model.result_data(sig_index, i),
                           temps[size_t(i)]);
    if (!s.ok()) {
      remove_temps();
      return s;
    }
  }
  for (size_t i = 0; i < finals.size(); ++i) {
    fs::rename(temps[i], finals[i], ec);
    if (ec) {
      remove_temps();
      return Status(TFCC_INTERNAL,
                    "cannot write " + finals[i] + ": " + ec.message());
    }
  }
  return Status::OK();
}

// Runs the signature o.repeat times; prints the median latency when > 1.
Status RunTimed(CompiledModel &model, int sig_index, const Options &o) {
  std::vector<double> ms;
  for (int r = 0; r < o.repeat; ++r) {
    auto start = std::chrono::steady_clock::now();
    Status s = model.Run(sig_index);
    auto end = std::chrono::steady_clock::now();
    if (!s.ok())
      return s;
    ms.push_back(std::chrono::duration<double, std::milli>(end - start).count());
  }
  if (o.repeat > 1) {
    std::sort(ms.begin(), ms.end());
    size_t n = ms.size();
    double median = n % 2 ? ms[n / 2] : (ms[n / 2 - 1] + ms[n / 2]) / 2;
    std::printf("latency: median %.4g ms, min %.4g ms over %zu runs\n", median,
                ms.front(), n);
  }
  return Status::OK();
}

Status RunModel(const tfcc_model_info &info, const Options &o) {
  std::unique_ptr<tfcc_runtime, RuntimeDeleter> runtime(
      tfcc_runtime_create(o.threads));
  if (!runtime)
    return Status(TFCC_INTERNAL, "cannot start " + std::to_string(o.threads) +
                                     " kernel threads");
  CompiledModel model(info, runtime.get());
  if (!model.status().ok())
    return model.status();
  if (model.num_signatures() == 0)
    return Invalid("the model has no signatures");
  int sig = 0;
  if (!o.signature.empty()) {
    sig = model.signature_index(o.signature.c_str());
    if (sig < 0) {
      std::string names;
      for (int i = 0; i < info.num_signatures; ++i)
        names += (i ? ", " : "") + std::string(info.signatures[i].name);
      return Invalid("unknown signature '" + o.signature +
                     "' (signatures: " + names + ")");
    }
  }
  if (Status s = LoadInputs(model, sig, o); !s.ok())
    return s;
  if (Status s = RunTimed(model, sig, o); !s.ok())
    return s;
  if (Status s = WriteResults(model, sig, o); !s.ok())
    return s;
  const tfcc_signature_info &info_sig = info.signatures[sig];
  for (int i = 0; i < info_sig.num_results; ++i)
    PrintResult(stdout, info_sig.results[i], model.result_data(sig, i));
  return Status::OK();
}

int Main(int argc, char **argv) {
  const char *prog = argc > 0 ? argv[0] : "model";
  if (const char *slash = std::strrchr(prog, '/'))
    prog = slash + 1;
  auto fail = [&](const std::string &message) {
    std::fprintf(stderr, "%s: error: %s\n", prog, message.c_str());
    return 1;
  };
  Options options;
  std::string error;
  if (!ParseOptions(argc, argv, &options, &error))
    return fail(error);
  if (options.help) {
    std::printf(kUsage, prog);
    return 0;
  }
  const tfcc_model_info &info = tfcc_model_info_v1;
  if (info.abi_version != TFCC_ABI_VERSION)
    return fail("the model was compiled for tfcc ABI version " +
                std::to_string(info.abi_version) + ", this driver expects " +
                std::to_string(TFCC_ABI_VERSION));
  if (options.list) {
    PrintModel(stdout, info);
    return 0;
  }
  Status s = RunModel(info, options);
  return s.ok() ? 0 : fail(s.message());
}

} // namespace
} // namespace tfcc::driver

int main(int argc, char **argv) {
  try {
    return tfcc::driver::Main(argc, argv);
  } catch (const std::exception &e) { // out of memory, mostly
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
}
