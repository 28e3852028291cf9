// tfcc::Tensor (tfcc/session.h).
#include "runtime/Dtype.h"
#include "runtime/session/SessionImpl.h"

#include <cstdlib>
#include <limits>
#include <new>

namespace tfcc {
namespace {

constexpr size_t kAlign = TFCC_BUFFER_ALIGNMENT;

// Elements and bytes of a shape; false for a negative dimension, an
// unknown dtype or a size that does not fit.
bool SizeOf(tfcc_dtype dtype, const std::vector<int64_t> &shape,
            int64_t *elements, size_t *bytes) {
  const int64_t size = DtypeSize(dtype);
  if (size == 0)
    return false;
  int64_t n = 1;
  for (int64_t d : shape) {
    if (d < 0 || (d > 0 && n > std::numeric_limits<int64_t>::max() / size / d))
      return false;
    n *= d;
  }
  *elements = n;
  *bytes = size_t(n * size);
  return true;
}

} // namespace

Tensor::Tensor(tfcc_dtype dtype, std::vector<int64_t> shape) {
  int64_t elements;
  size_t bytes;
  if (!SizeOf(dtype, shape, &elements, &bytes))
    return;
  // Always at least one aligned block, so an empty tensor has valid data.
  const size_t padded = bytes == 0 ? kAlign : (bytes + kAlign - 1) / kAlign * kAlign;
  void *p = std::aligned_alloc(kAlign, padded);
  if (!p)
    throw std::bad_alloc();
  std::memset(p, 0, padded);
  buffer_.reset(p, std::free);
  data_ = p;
  dtype_ = dtype;
  shape_ = std::move(shape);
  num_elements_ = elements;
  byte_size_ = bytes;
}

Tensor Tensor::Borrow(tfcc_dtype dtype, std::vector<int64_t> shape,
                      void *data) {
  Tensor t;
  if (!data || !SizeOf(dtype, shape, &t.num_elements_, &t.byte_size_))
    return Tensor();
  t.dtype_ = dtype;
  t.shape_ = std::move(shape);
  t.data_ = data;
  return t;
}

Tensor Tensor::Clone() const {
  if (!valid())
    return Tensor();
  Tensor t(dtype_, shape_);
  std::memcpy(t.data_, data_, byte_size_);
  return t;
}

std::string Tensor::DebugString() const {
  if (!valid())
    return "invalid tensor";
  return session::TypeText(dtype_, shape_.data(), rank());
}

bool Tensor::Reusable(int32_t dtype, const int64_t *dims, int rank) const {
  if (!buffer_ || buffer_.use_count() != 1 || dtype_ != dtype ||
      int(shape_.size()) != rank)
    return false;
  for (int i = 0; i < rank; ++i)
    if (shape_[size_t(i)] != dims[i])
      return false;
  return true;
}

} // namespace tfcc
