#include "runtime/driver/Report.h"

#include "runtime/Dtype.h"

#include <algorithm>
#include <cinttypes>
#include <cstring>

namespace tfcc::driver {
namespace {

constexpr int64_t kValuesShown = 8;
constexpr int64_t kRowsShown = 4;

template <typename T> T Load(const void *data, int64_t i) {
  T v;
  std::memcpy(&v, static_cast<const char *>(data) + i * int64_t(sizeof(T)),
              sizeof v);
  return v;
}

bool IsFloat(int32_t dtype) {
  return dtype == TFCC_FLOAT || dtype == TFCC_DOUBLE || dtype == TFCC_HALF ||
         dtype == TFCC_BFLOAT16;
}

// Element i of a float tensor as a double.
double FloatAt(int32_t dtype, const void *data, int64_t i) {
  switch (dtype) {
  case TFCC_FLOAT: return Load<float>(data, i);
  case TFCC_DOUBLE: return Load<double>(data, i);
  case TFCC_HALF: return HalfToFloat(Load<uint16_t>(data, i));
  default: return BFloat16ToFloat(Load<uint16_t>(data, i));
  }
}

std::string ValueText(int32_t dtype, const void *data, int64_t i) {
  char buf[64];
  if (IsFloat(dtype)) {
    std::snprintf(buf, sizeof buf, "%.6g", FloatAt(dtype, data, i));
    return buf;
  }
  switch (dtype) {
  case TFCC_BOOL: return Load<uint8_t>(data, i) ? "true" : "false";
  case TFCC_INT8: return std::to_string(Load<int8_t>(data, i));
  case TFCC_INT16: return std::to_string(Load<int16_t>(data, i));
  case TFCC_INT32: return std::to_string(Load<int32_t>(data, i));
  case TFCC_INT64: return std::to_string(Load<int64_t>(data, i));
  case TFCC_UINT8: return std::to_string(Load<uint8_t>(data, i));
  case TFCC_UINT16: return std::to_string(Load<uint16_t>(data, i));
  case TFCC_UINT32: return std::to_string(Load<uint32_t>(data, i));
  case TFCC_UINT64: return std::to_string(Load<uint64_t>(data, i));
  default: return "?";
  }
}

void PrintTensors(std::FILE *out, const char *what,
                  const tfcc_tensor_info *tensors, int count) {
  for (int i = 0; i < count; ++i)
    std::fprintf(out, "    %s %s: %s\n", what, tensors[i].name,
                 TypeText(tensors[i]).c_str());
}

} // namespace

std::string ShapeText(const int64_t *dims, int rank) {
  std::string s = "[";
  for (int i = 0; i < rank; ++i)
    s += (i ? ", " : "") + std::to_string(dims[i]);
  return s + "]";
}

std::string TypeText(const tfcc_tensor_info &t) {
  return std::string(DtypeName(t.dtype)) + ShapeText(t.dims, t.rank);
}

void PrintModel(std::FILE *out, const tfcc_model_info &info) {
  std::fprintf(out, "model %s: %d signature(s), %d variable(s)\n",
               info.name ? info.name : "?", info.num_signatures,
               info.num_variables);
  for (int s = 0; s < info.num_signatures; ++s) {
    const tfcc_signature_info &sig = info.signatures[s];
    std::fprintf(out, "  signature %s%s\n", sig.name,
                 sig.writes_variables ? " (writes variables)" : "");
    PrintTensors(out, "input ", sig.args, sig.num_args);
    PrintTensors(out, "output", sig.results, sig.num_results);
    for (int t = 0; t < sig.num_targets; ++t)
      std::fprintf(out, "    target %s\n", sig.targets[t]);
  }
  for (int v = 0; v < info.num_variables; ++v)
    std::fprintf(out, "  variable %s: %s\n", info.variables[v].name,
                 TypeText(info.variables[v]).c_str());
}

void PrintResult(std::FILE *out, const tfcc_tensor_info &t, const void *data) {
  std::string line = std::string(t.name) + ": " + TypeText(t) + " = [";
  const int64_t shown = std::min(t.num_elements, kValuesShown);
  for (int64_t i = 0; i < shown; ++i)
    line += (i ? ", " : "") + ValueText(t.dtype, data, i);
  line += t.num_elements > shown ? ", ...]" : "]";
  std::fprintf(out, "%s\n", line.c_str());

  // For a [batch, classes] output, which class wins in each row.
  if (t.rank == 2 && IsFloat(t.dtype) && t.dims[1] > 0) {
    const int64_t rows = std::min(t.dims[0], kRowsShown);
    std::string argmax;
    for (int64_t r = 0; r < rows; ++r) {
      int64_t best = 0;
      for (int64_t c = 1; c < t.dims[1]; ++c)
        if (FloatAt(t.dtype, data, r * t.dims[1] + c) >
            FloatAt(t.dtype, data, r * t.dims[1] + best))
          best = c;
      argmax += (r ? ", " : "") + std::to_string(best);
    }
    if (rows > 0)
      std::fprintf(out, "  argmax of row%s 0..%" PRId64 ": [%s]\n",
                   rows > 1 ? "s" : "", rows - 1, argmax.c_str());
  }
}

} // namespace tfcc::driver
