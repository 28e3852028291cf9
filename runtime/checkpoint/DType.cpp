#include "runtime/checkpoint/DType.h"

namespace tfcc::checkpoint {

size_t dtypeSize(DType dtype) {
  switch (dtype) {
  case DType::Int8:
  case DType::UInt8:
  case DType::Bool:
  case DType::QInt8:
  case DType::QUInt8:
    return 1;
  case DType::Int16:
  case DType::UInt16:
  case DType::Half:
  case DType::BFloat16:
  case DType::QInt16:
  case DType::QUInt16:
    return 2;
  case DType::Float:
  case DType::Int32:
  case DType::UInt32:
  case DType::QInt32:
    return 4;
  case DType::Double:
  case DType::Int64:
  case DType::UInt64:
  case DType::Complex64:
    return 8;
  case DType::Complex128:
    return 16;
  default:
    return 0;
  }
}

bool isSupportedDType(DType dtype) {
  return dtype == DType::String || dtypeSize(dtype) != 0;
}

std::string dtypeName(DType dtype) {
  switch (dtype) {
  case DType::Float: return "float32";
  case DType::Double: return "float64";
  case DType::Int32: return "int32";
  case DType::UInt8: return "uint8";
  case DType::Int16: return "int16";
  case DType::Int8: return "int8";
  case DType::String: return "string";
  case DType::Complex64: return "complex64";
  case DType::Int64: return "int64";
  case DType::Bool: return "bool";
  case DType::QInt8: return "qint8";
  case DType::QUInt8: return "quint8";
  case DType::QInt32: return "qint32";
  case DType::BFloat16: return "bfloat16";
  case DType::QInt16: return "qint16";
  case DType::QUInt16: return "quint16";
  case DType::UInt16: return "uint16";
  case DType::Complex128: return "complex128";
  case DType::Half: return "float16";
  case DType::UInt32: return "uint32";
  case DType::UInt64: return "uint64";
  default:
    return "dtype(" + std::to_string(static_cast<int32_t>(dtype)) + ")";
  }
}

std::string shapeString(const Shape &shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i)
      s += ',';
    s += std::to_string(shape[i]);
  }
  return s + "]";
}

bool numElements(const Shape &shape, int64_t *count) {
  int64_t n = 1;
  for (int64_t d : shape) {
    if (d < 0 || __builtin_mul_overflow(n, d, &n))
      return false;
  }
  *count = n;
  return true;
}

} // namespace tfcc::checkpoint
