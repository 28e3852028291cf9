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

// One buffer holds the tfcc_string array, then the bytes it points to, so a
// string tensor is as cheap to share as any other.
Tensor Tensor::FromStrings(std::vector<int64_t> shape,
                           const std::vector<std::string> &values) {
  int64_t elements;
  size_t bytes;
  if (!SizeOf(TFCC_STRING, shape, &elements, &bytes) ||
      elements != int64_t(values.size()))
    return Tensor();
  size_t chars = 0;
  for (const std::string &v : values)
    chars += v.size();
  const size_t total = bytes + chars;
  const size_t padded = total == 0 ? kAlign : (total + kAlign - 1) / kAlign * kAlign;
  void *p = std::aligned_alloc(kAlign, padded);
  if (!p)
    throw std::bad_alloc();
  std::memset(p, 0, padded);
  auto *strings = static_cast<tfcc_string *>(p);
  char *next = static_cast<char *>(p) + bytes;
  for (size_t i = 0; i < values.size(); ++i) {
    std::memcpy(next, values[i].data(), values[i].size());
    strings[i] = {next, int64_t(values[i].size())};
    next += values[i].size();
  }
  Tensor t;
  t.buffer_.reset(p, std::free);
  t.data_ = p;
  t.dtype_ = TFCC_STRING;
  t.shape_ = std::move(shape);
  t.num_elements_ = elements;
  t.byte_size_ = bytes;
  return t;
}

std::string Tensor::StringAt(int64_t i) const {
  if (dtype_ != TFCC_STRING || i < 0 || i >= num_elements_)
    return std::string();
  const tfcc_string &s = static_cast<const tfcc_string *>(data_)[i];
  return s.data ? std::string(s.data, size_t(s.size)) : std::string();
}

Tensor Tensor::Clone() const {
  if (!valid())
    return Tensor();
  if (dtype_ == TFCC_STRING) {
    std::vector<std::string> values;
    for (int64_t i = 0; i < num_elements_; ++i)
      values.push_back(StringAt(i));
    return FromStrings(shape_, values);
  }
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
