// Facts about the element types of tfcc/abi.h.
#ifndef TFCC_RUNTIME_DTYPE_H
#define TFCC_RUNTIME_DTYPE_H

#include "tfcc/abi.h"

#include <cstdint>

namespace tfcc {

// Bytes per element; 0 for a value that is no tfcc_dtype.
int64_t DtypeSize(int32_t dtype);

// NumPy-style name ("float32", "int64", "bool", "bfloat16"); "unknown" for
// a value that is no tfcc_dtype.
const char *DtypeName(int32_t dtype);

// Conversions of the 16-bit float formats (IEEE half, bfloat16) to float,
// exact; FloatToBFloat16 rounds to nearest even and keeps NaN a NaN.
float HalfToFloat(uint16_t bits);
float BFloat16ToFloat(uint16_t bits);
uint16_t FloatToBFloat16(float value);

} // namespace tfcc

#endif // TFCC_RUNTIME_DTYPE_H
