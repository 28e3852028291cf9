// tfcc_checkpoint_compat_writer <dir>: writes checkpoints with tfcc for
// TensorFlow to read (check_tfcc_checkpoint.py): <dir>/ckpt-5..7 through a
// CheckpointManager keeping two, and <dir>/expected.tsv with the values
// (format in manifest.py).
#include "runtime/checkpoint/CheckpointManager.h"

#include "CompatData.h"

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>

using namespace tfcc::checkpoint;

namespace {

struct Variable {
  std::string name;
  DType dtype;
  Shape shape;
  std::string bytes;                // fixed-size dtypes
  std::vector<std::string> strings; // DType::String
};

// Element i of every numeric tensor is a pattern of (i, the tensor's index)
// that is a valid value of the dtype: small integers, exact floats.
Variable numeric(const std::string &name, DType dtype, Shape shape, int seed) {
  Variable v{name, dtype, shape, {}, {}};
  int64_t n = 0;
  numElements(shape, &n);
  for (int64_t i = 0; i < n; ++i) {
    double x = (i % 23) - 11 + seed * 0.25;
    char buf[16];
    size_t size = dtypeSize(dtype);
    switch (dtype) {
    case DType::Float: { float f = float(x); std::memcpy(buf, &f, 4); break; }
    case DType::Double: { double d = x * 1e-3; std::memcpy(buf, &d, 8); break; }
    case DType::Complex64: { float c[2] = {float(x), float(-x)}; std::memcpy(buf, c, 8); break; }
    case DType::BFloat16: { // the top half of the float: exact for these
      float f = float(x);
      uint32_t u;
      std::memcpy(&u, &f, 4);
      uint16_t h = uint16_t(u >> 16);
      std::memcpy(buf, &h, 2);
      break;
    }
    case DType::Half: { // small integers: sign, exponent and 10-bit fraction
      uint16_t h = uint16_t(0x3c00 + ((i % 11) << 6)) | uint16_t(i % 2 ? 0x8000 : 0);
      std::memcpy(buf, &h, 2);
      break;
    }
    case DType::Bool: buf[0] = char(i % 3 == 0); break;
    default: { // integers: two's complement, little-endian, any width
      int64_t k = int64_t(x * 4) * (int64_t(1) << (8 * size - 8)) / 128 + i;
      std::memcpy(buf, &k, size);
    }
    }
    v.bytes.append(buf, size);
  }
  return v;
}

std::vector<Variable> variables(int64_t step) {
  int s = int(step);
  std::vector<Variable> vars = {
      numeric("dense/kernel", DType::Float, {4, 3}, s),
      numeric("dense/bias", DType::Float, {3}, s),
      numeric("dense_1/kernel", DType::Double, {3, 2}, s),
      numeric("embedding/table", DType::Int32, {5, 2}, s),
      numeric("counters/big", DType::Int64, {2, 2}, s),
      numeric("bytes/u8", DType::UInt8, {7}, s),
      numeric("bytes/i8", DType::Int8, {5}, s),
      numeric("shorts/i16", DType::Int16, {2, 2}, s),
      numeric("shorts/u16", DType::UInt16, {3}, s),
      numeric("flags/mask", DType::Bool, {5}, s),
      numeric("half/h", DType::Half, {4}, s),
      numeric("half/bf", DType::BFloat16, {4}, s),
      numeric("complex/c64", DType::Complex64, {2}, s),
      numeric("scalar/lr", DType::Float, {}, s),
      numeric("global_step", DType::Int64, {}, s),
      numeric("empty/rows", DType::Float, {0, 3}, s),
      numeric("net/dense/kernel/.ATTRIBUTES/VARIABLE_VALUE", DType::Float, {2, 3}, s),
      numeric("layer_with_weights-0/bias/.ATTRIBUTES/VARIABLE_VALUE", DType::Double, {2}, s),
  };
  vars.push_back({"vocab", DType::String, {4}, {}, {"alpha", "", std::string("\0bin\xff", 5),
                                                    std::string(300, 'x')}});
  vars.push_back({"words/.ATTRIBUTES/VARIABLE_VALUE", DType::String, {}, {}, {"tfcc"}});
  return vars;
}

} // namespace

int main(int argc, char **argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s <dir>\n", argv[0]);
    return 2;
  }
  const std::string dir = argv[1];
  CheckpointManager::Options options;
  options.maxToKeep = 2;
  std::unique_ptr<CheckpointManager> manager;
  Status s = CheckpointManager::open(dir, options, &manager);
  std::filesystem::create_directories(dir + "/values");
  std::string manifest = "# checkpoint\tkey\tdtype\tshape\tfile\n";
  for (int64_t step = 5; s.ok() && step <= 7; ++step) {
    std::vector<Variable> vars = variables(step);
    std::vector<NamedTensor> named;
    for (const Variable &v : vars)
      named.push_back(v.dtype == DType::String
                          ? NamedTensor(v.name, v.shape, v.strings.data())
                          : NamedTensor(v.name, v.dtype, v.shape, v.bytes.data()));
    std::string prefix;
    s = manager->save(step, named, &prefix);
    if (step < 6)
      continue; // deleted by the manager: nothing to expect
    std::string base = prefix.substr(dir.size() + 1);
    for (size_t i = 0; i < vars.size() && s.ok(); ++i) {
      std::string file = "values/" + base + "-" + std::to_string(i) + ".bin";
      std::ofstream out(dir + "/" + file, std::ios::binary);
      const Variable &v = vars[i];
      out << (v.dtype == DType::String ? compat::encodeStrings(v.strings) : v.bytes);
      manifest += base + "\t" + v.name + "\t" + dtypeName(v.dtype) + "\t" +
                  shapeString(v.shape) + "\t" + file + "\n";
    }
  }
  if (!s.ok()) {
    std::fprintf(stderr, "error: %s\n", s.message().c_str());
    return 1;
  }
  std::ofstream(dir + "/expected.tsv") << manifest;
  return 0;
}
