// Element types and shapes of checkpointed tensors.
#ifndef TFCC_RUNTIME_CHECKPOINT_DTYPE_H
#define TFCC_RUNTIME_CHECKPOINT_DTYPE_H

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace tfcc::checkpoint {

// TensorFlow's DataType numbering (types.proto), as stored in the bundle.
enum class DType : int32_t {
  Invalid = 0,
  Float = 1,
  Double = 2,
  Int32 = 3,
  UInt8 = 4,
  Int16 = 5,
  Int8 = 6,
  String = 7,
  Complex64 = 8,
  Int64 = 9,
  Bool = 10,
  QInt8 = 11,
  QUInt8 = 12,
  QInt32 = 13,
  BFloat16 = 14,
  QInt16 = 15,
  QUInt16 = 16,
  UInt16 = 17,
  Complex128 = 18,
  Half = 19,
  UInt32 = 22,
  UInt64 = 23,
};

// Dimensions, outermost first; empty for a scalar.
using Shape = std::vector<int64_t>;

// Bytes per element of a fixed-size dtype; 0 for String and for dtypes this
// library does not store (resource, variant, 4-bit and 8-bit floats).
size_t dtypeSize(DType dtype);

// Whether save and read handle the dtype: every fixed-size one, and String.
bool isSupportedDType(DType dtype);

// The name TensorFlow's Python API uses: "float32", "bfloat16", "string"...;
// "dtype(N)" for a number this library does not know.
std::string dtypeName(DType dtype);

// "[2,3]"; "[]" for a scalar.
std::string shapeString(const Shape &shape);

// The product of the dimensions; false when one is negative or the product
// overflows int64.
bool numElements(const Shape &shape, int64_t *count);

} // namespace tfcc::checkpoint

#endif // TFCC_RUNTIME_CHECKPOINT_DTYPE_H
