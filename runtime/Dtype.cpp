#include "runtime/Dtype.h"

#include <cmath>
#include <cstring>

namespace tfcc {

int64_t DtypeSize(int32_t dtype) {
  switch (dtype) {
  case TFCC_BOOL:
  case TFCC_INT8:
  case TFCC_UINT8:
    return 1;
  case TFCC_INT16:
  case TFCC_UINT16:
  case TFCC_HALF:
  case TFCC_BFLOAT16:
    return 2;
  case TFCC_FLOAT:
  case TFCC_INT32:
  case TFCC_UINT32:
    return 4;
  case TFCC_DOUBLE:
  case TFCC_INT64:
  case TFCC_UINT64:
    return 8;
  case TFCC_STRING:
    return sizeof(tfcc_string);
  default:
    return 0;
  }
}

const char *DtypeName(int32_t dtype) {
  switch (dtype) {
  case TFCC_FLOAT: return "float32";
  case TFCC_DOUBLE: return "float64";
  case TFCC_HALF: return "float16";
  case TFCC_BFLOAT16: return "bfloat16";
  case TFCC_INT8: return "int8";
  case TFCC_INT16: return "int16";
  case TFCC_INT32: return "int32";
  case TFCC_INT64: return "int64";
  case TFCC_UINT8: return "uint8";
  case TFCC_UINT16: return "uint16";
  case TFCC_UINT32: return "uint32";
  case TFCC_UINT64: return "uint64";
  case TFCC_BOOL: return "bool";
  case TFCC_STRING: return "string";
  default: return "unknown";
  }
}

float HalfToFloat(uint16_t bits) {
  const int sign = bits >> 15, exponent = (bits >> 10) & 0x1f;
  const int mantissa = bits & 0x3ff;
  float magnitude;
  if (exponent == 0) // zero or subnormal: mantissa * 2^-24
    magnitude = std::ldexp(float(mantissa), -24);
  else if (exponent == 0x1f)
    magnitude = mantissa ? NAN : INFINITY;
  else
    magnitude = std::ldexp(float(mantissa | 0x400), exponent - 25);
  return sign ? -magnitude : magnitude;
}

float BFloat16ToFloat(uint16_t bits) {
  uint32_t wide = uint32_t(bits) << 16;
  float value;
  std::memcpy(&value, &wide, sizeof value);
  return value;
}

uint16_t FloatToBFloat16(float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  if (std::isnan(value)) // keep it a (quiet) NaN rather than rounding to inf
    return uint16_t((bits >> 16) | 0x40);
  bits += 0x7fff + ((bits >> 16) & 1);
  return uint16_t(bits >> 16);
}

} // namespace tfcc
