// The .npy format: a magic string, a version, a header length, a Python
// dict literal {'descr': ..., 'fortran_order': ..., 'shape': (...)}, then
// the raw elements. https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
#include "tfcc/npy.h"

#include "runtime/Dtype.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <limits>

namespace tfcc {
namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicSize = 6;
constexpr size_t kHeaderAlign = 64;

Status Error(const std::string &name, const std::string &what) {
  return Status(TFCC_INVALID_ARGUMENT, name + ": " + what);
}

// The dtypes .npy files can hold for us, by descriptor without byte order.
struct DescrEntry {
  const char *code;
  tfcc_dtype dtype;
};
constexpr DescrEntry kDescrs[] = {
    {"f2", TFCC_HALF},   {"f4", TFCC_FLOAT},  {"f8", TFCC_DOUBLE},
    {"i1", TFCC_INT8},   {"i2", TFCC_INT16},  {"i4", TFCC_INT32},
    {"i8", TFCC_INT64},  {"u1", TFCC_UINT8},  {"u2", TFCC_UINT16},
    {"u4", TFCC_UINT32}, {"u8", TFCC_UINT64}, {"b1", TFCC_BOOL},
};

// A Python value of the header dict: a string, a bool or a tuple of ints.
struct HeaderValue {
  enum Kind { kString, kBool, kTuple, kOther } kind = kOther;
  std::string text;
  bool flag = false;
  std::vector<int64_t> ints;
};

// Just enough of a Python literal parser for the header dicts NumPy
// writes (and hand-written ones with other spacing or key order).
class HeaderParser {
public:
  explicit HeaderParser(const std::string &text) : s_(text) {}

  // Parses the whole dict into (key, value) pairs; false with error().
  bool ParseDict(std::vector<std::pair<std::string, HeaderValue>> *out) {
    if (!Expect('{'))
      return false;
    while (!Peek('}')) {
      std::string key;
      HeaderValue value;
      if (!ParseString(&key) || !Expect(':') || !ParseValue(&value))
        return false;
      out->emplace_back(std::move(key), std::move(value));
      if (!Peek(',')) break;
      Expect(',');
    }
    if (!Expect('}'))
      return false;
    SkipSpace();
    if (pos_ != s_.size())
      return Fail("unexpected text after the dict");
    return true;
  }

  const std::string &error() const { return error_; }

private:
  void SkipSpace() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\n' ||
                                s_[pos_] == '\t' || s_[pos_] == '\r'))
      ++pos_;
  }
  bool Peek(char c) {
    SkipSpace();
    return pos_ < s_.size() && s_[pos_] == c;
  }
  bool Fail(const std::string &what) {
    error_ = what + " at header offset " + std::to_string(pos_);
    return false;
  }
  bool Expect(char c) {
    if (!Peek(c))
      return Fail(std::string("expected '") + c + "'");
    ++pos_;
    return true;
  }
  bool ParseString(std::string *out) {
    SkipSpace();
    if (pos_ >= s_.size() || (s_[pos_] != '\'' && s_[pos_] != '"'))
      return Fail("expected a string");
    char quote = s_[pos_++];
    size_t end = s_.find(quote, pos_);
    if (end == std::string::npos)
      return Fail("unterminated string");
    *out = s_.substr(pos_, end - pos_);
    pos_ = end + 1;
    return true;
  }
  bool ParseInt(int64_t *out) {
    SkipSpace();
    size_t start = pos_;
    uint64_t v = 0;
    while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') {
      v = v * 10 + uint64_t(s_[pos_++] - '0');
      if (v > uint64_t(std::numeric_limits<int64_t>::max()))
        return Fail("dimension too large");
    }
    if (pos_ < s_.size() && s_[pos_] == 'L') // Python 2 longs
      ++pos_;
    if (pos_ == start)
      return Fail("expected a non-negative integer");
    *out = int64_t(v);
    return true;
  }
  bool ParseValue(HeaderValue *v) {
    SkipSpace();
    if (pos_ < s_.size() && (s_[pos_] == '\'' || s_[pos_] == '"')) {
      v->kind = HeaderValue::kString;
      return ParseString(&v->text);
    }
    for (const char *word : {"True", "False"}) {
      size_t n = std::strlen(word);
      if (s_.compare(pos_, n, word) == 0) {
        pos_ += n;
        v->kind = HeaderValue::kBool;
        v->flag = word[0] == 'T';
        return true;
      }
    }
    if (pos_ < s_.size() && s_[pos_] == '(') {
      ++pos_;
      v->kind = HeaderValue::kTuple;
      while (!Peek(')')) {
        int64_t d;
        if (!ParseInt(&d))
          return false;
        v->ints.push_back(d);
        if (!Peek(',')) break;
        Expect(',');
      }
      return Expect(')');
    }
    if (pos_ < s_.size() && s_[pos_] == '[')
      return Fail("structured dtypes are not supported");
    if (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') {
      int64_t ignored; // a value of a key the caller will reject
      return ParseInt(&ignored);
    }
    return Fail("unexpected value");
  }

  const std::string &s_;
  size_t pos_ = 0;
  std::string error_;
};

// Maps a descriptor ("<f4", "|u1", "=i8") to a dtype; false if unsupported.
bool DtypeFromDescr(const std::string &descr, tfcc_dtype *dtype,
                    std::string *why) {
  std::string code = descr;
  char order = '=';
  if (!code.empty() && std::strchr("<>|=", code[0])) {
    order = code[0];
    code = code.substr(1);
  }
  for (const DescrEntry &e : kDescrs) {
    if (code != e.code)
      continue;
    // One-byte types have no byte order; the rest must be little-endian
    // (x86-64 is, so native '=' is too).
    if (order == '>' && DtypeSize(e.dtype) > 1) {
      *why = "big-endian data is not supported";
      return false;
    }
    *dtype = e.dtype;
    return true;
  }
  *why = "supported: f2 f4 f8 i1 i2 i4 i8 u1 u2 u4 u8 b1";
  return false;
}

uint32_t ReadLittleEndian(const unsigned char *p, int bytes) {
  uint32_t v = 0;
  for (int i = bytes - 1; i >= 0; --i)
    v = (v << 8) | p[i];
  return v;
}

std::string ShapeText(const std::vector<int64_t> &shape) {
  std::string s = "(";
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + (shape.size() == 1 ? ",)" : ")");
}

} // namespace

int64_t NpyArray::num_elements() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

const char *NpyDescr(int32_t dtype) {
  switch (dtype) {
  case TFCC_HALF: return "<f2";
  case TFCC_FLOAT: return "<f4";
  case TFCC_DOUBLE: return "<f8";
  case TFCC_INT8: return "|i1";
  case TFCC_INT16: return "<i2";
  case TFCC_INT32: return "<i4";
  case TFCC_INT64: return "<i8";
  case TFCC_UINT8: return "|u1";
  case TFCC_UINT16: return "<u2";
  case TFCC_UINT32: return "<u4";
  case TFCC_UINT64: return "<u8";
  case TFCC_BOOL: return "|b1";
  default: return nullptr;
  }
}

Status ParseNpy(const char *bytes, size_t size, const std::string &name,
                NpyArray *out) {
  const auto *p = reinterpret_cast<const unsigned char *>(bytes);
  if (size < kMagicSize || std::memcmp(bytes, kMagic, kMagicSize) != 0)
    return Error(name, "not a .npy file (bad magic)");
  if (size < kMagicSize + 2)
    return Error(name, "truncated header (no format version)");
  const int major = p[6], minor = p[7];
  if ((major != 1 && major != 2 && major != 3) || minor != 0)
    return Error(name, "unsupported .npy format version " +
                           std::to_string(major) + "." + std::to_string(minor));
  const size_t len_bytes = major == 1 ? 2 : 4;
  const size_t header_start = kMagicSize + 2 + len_bytes;
  if (size < header_start)
    return Error(name, "truncated header (no header length)");
  const size_t header_len = ReadLittleEndian(p + 8, int(len_bytes));
  if (size - header_start < header_len)
    return Error(name, "truncated header: " + std::to_string(header_len) +
                           " bytes announced, " +
                           std::to_string(size - header_start) + " present");

  std::string header(bytes + header_start, header_len);
  std::vector<std::pair<std::string, HeaderValue>> entries;
  HeaderParser parser(header);
  if (!parser.ParseDict(&entries))
    return Error(name, "malformed header: " + parser.error());
  const HeaderValue *descr = nullptr, *fortran = nullptr, *shape = nullptr;
  for (const auto &[key, value] : entries) {
    const HeaderValue **slot = key == "descr"           ? &descr
                               : key == "fortran_order" ? &fortran
                               : key == "shape"         ? &shape
                                                        : nullptr;
    if (!slot)
      return Error(name, "malformed header: unexpected key '" + key + "'");
    *slot = &value;
  }
  if (!descr || !fortran || !shape)
    return Error(name, std::string("malformed header: missing '") +
                           (!descr ? "descr" : !fortran ? "fortran_order" : "shape") +
                           "'");
  if (descr->kind != HeaderValue::kString)
    return Error(name, "unsupported dtype: not a simple type descriptor");
  if (fortran->kind != HeaderValue::kBool || shape->kind != HeaderValue::kTuple)
    return Error(name, "malformed header: 'fortran_order' must be True or "
                       "False and 'shape' a tuple");
  std::string why;
  if (!DtypeFromDescr(descr->text, &out->dtype, &why))
    return Error(name, "unsupported dtype '" + descr->text + "' (" + why + ")");
  if (fortran->flag)
    return Error(name, "Fortran-order arrays are not supported (save a "
                       "C-order array, e.g. np.ascontiguousarray)");

  // Element count and byte size, refusing shapes whose size overflows.
  const int64_t item = DtypeSize(out->dtype);
  uint64_t bytes_needed = uint64_t(item);
  for (int64_t d : shape->ints) {
    if (d != 0 && bytes_needed > std::numeric_limits<uint64_t>::max() / uint64_t(d))
      return Error(name, "shape " + ShapeText(shape->ints) + " is too large");
    bytes_needed *= uint64_t(d);
  }
  const size_t data_start = header_start + header_len;
  const uint64_t present = size - data_start;
  if (present < bytes_needed)
    return Error(name, "truncated data: shape " + ShapeText(shape->ints) +
                           " needs " + std::to_string(bytes_needed) +
                           " bytes, the file has " + std::to_string(present));
  if (present > bytes_needed)
    return Error(name, std::to_string(present - bytes_needed) +
                           " unexpected bytes after the array data");
  out->shape = shape->ints;
  out->data.assign(bytes + data_start, bytes + size);
  return Status::OK();
}

Status ReadNpy(const std::string &path, NpyArray *out) {
  std::FILE *f = std::fopen(path.c_str(), "rb");
  if (!f)
    return Error(path, std::string("cannot open: ") + std::strerror(errno));
  std::vector<char> bytes;
  char chunk[1 << 16];
  size_t n;
  while ((n = std::fread(chunk, 1, sizeof chunk, f)) > 0)
    bytes.insert(bytes.end(), chunk, chunk + n);
  const bool failed = std::ferror(f);
  const int err = errno;
  std::fclose(f);
  if (failed)
    return Error(path, std::string("cannot read: ") + std::strerror(err));
  return ParseNpy(bytes.data(), bytes.size(), path, out);
}

Status WriteNpy(const std::string &path, tfcc_dtype dtype,
                const int64_t *shape, int rank, const void *data) {
  const char *descr = NpyDescr(dtype);
  if (!descr)
    return Status(TFCC_INVALID_ARGUMENT,
                  path + ": NumPy has no " + DtypeName(dtype) + " dtype");
  std::vector<int64_t> dims(shape, shape + rank);
  uint64_t bytes = uint64_t(DtypeSize(dtype));
  for (int64_t d : dims) {
    if (d < 0)
      return Status(TFCC_INVALID_ARGUMENT,
                    path + ": negative dimension in shape " + ShapeText(dims));
    bytes *= uint64_t(d);
  }
  std::string header = std::string("{'descr': '") + descr +
                       "', 'fortran_order': False, 'shape': " +
                       ShapeText(dims) + ", }";
  // Pad with spaces and end with '\n' so that the data starts aligned.
  size_t prefix = kMagicSize + 2 + 2;
  size_t total = (prefix + header.size() + 1 + kHeaderAlign - 1) /
                 kHeaderAlign * kHeaderAlign;
  int major = 1;
  if (total - prefix > 0xffff) {
    major = 2;
    prefix += 2;
    total = (prefix + header.size() + 1 + kHeaderAlign - 1) / kHeaderAlign *
            kHeaderAlign;
  }
  header.append(total - prefix - header.size() - 1, ' ');
  header += '\n';
  std::string head(kMagic, kMagicSize);
  head += char(major);
  head += char(0);
  const uint32_t len = uint32_t(header.size());
  for (size_t i = 0; i < (major == 1 ? 2u : 4u); ++i)
    head += char((len >> (8 * i)) & 0xff);
  head += header;

  std::FILE *f = std::fopen(path.c_str(), "wb");
  if (!f)
    return Status(TFCC_INTERNAL,
                  path + ": cannot create: " + std::strerror(errno));
  bool ok = std::fwrite(head.data(), 1, head.size(), f) == head.size() &&
            (bytes == 0 || std::fwrite(data, 1, bytes, f) == bytes);
  int err = ok ? 0 : errno;
  if (std::fclose(f) != 0 && ok) {
    ok = false;
    err = errno;
  }
  if (!ok) {
    std::remove(path.c_str());
    return Status(TFCC_INTERNAL,
                  path + ": cannot write: " + std::strerror(err));
  }
  return Status::OK();
}

} // namespace tfcc
