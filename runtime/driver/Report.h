// What the model executables print: the model's signatures (--list) and a
// summary of each result.
#ifndef TFCC_RUNTIME_DRIVER_REPORT_H
#define TFCC_RUNTIME_DRIVER_REPORT_H

#include "tfcc/abi.h"

#include <cstdint>
#include <cstdio>
#include <string>

namespace tfcc::driver {

// "[2, 3]"; "[]" for a scalar.
std::string ShapeText(const int64_t *dims, int rank);
// "float32[2, 3]"
std::string TypeText(const tfcc_tensor_info &t);

void PrintModel(std::FILE *out, const tfcc_model_info &info);

// "name: float32[2, 3] = [v0, v1, ...]", and for a rank-2 float result the
// argmax of its first rows.
void PrintResult(std::FILE *out, const tfcc_tensor_info &t, const void *data);

} // namespace tfcc::driver

#endif // TFCC_RUNTIME_DRIVER_REPORT_H
