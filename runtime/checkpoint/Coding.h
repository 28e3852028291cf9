// Little-endian fixed-width integers and protobuf-style varints, as LevelDB
// tables and string tensors store them. Internal to tfcc_checkpoint.
#ifndef TFCC_RUNTIME_CHECKPOINT_CODING_H
#define TFCC_RUNTIME_CHECKPOINT_CODING_H

#include <cstdint>
#include <cstring>
#include <string>

namespace tfcc::checkpoint::coding {

inline void putFixed32(std::string *dst, uint32_t v) {
  char b[4];
  for (int i = 0; i < 4; ++i)
    b[i] = static_cast<char>(v >> (8 * i));
  dst->append(b, 4);
}

inline void putFixed64(std::string *dst, uint64_t v) {
  putFixed32(dst, static_cast<uint32_t>(v));
  putFixed32(dst, static_cast<uint32_t>(v >> 32));
}

inline uint32_t decodeFixed32(const char *p) {
  const auto *u = reinterpret_cast<const unsigned char *>(p);
  return uint32_t(u[0]) | uint32_t(u[1]) << 8 | uint32_t(u[2]) << 16 |
         uint32_t(u[3]) << 24;
}

inline uint64_t decodeFixed64(const char *p) {
  return uint64_t(decodeFixed32(p)) | uint64_t(decodeFixed32(p + 4)) << 32;
}

inline void putVarint64(std::string *dst, uint64_t v) {
  char b[10];
  int n = 0;
  for (; v >= 0x80; v >>= 7)
    b[n++] = static_cast<char>(v | 0x80);
  b[n++] = static_cast<char>(v);
  dst->append(b, n);
}

// Parses a varint of at most `maxBits` bits at [*p, limit) and advances *p;
// false when it is truncated or too long.
inline bool getVarint(const char **p, const char *limit, unsigned maxBits,
                      uint64_t *v) {
  uint64_t result = 0;
  for (unsigned shift = 0; shift < maxBits && *p < limit; shift += 7) {
    uint64_t byte = static_cast<unsigned char>(*(*p)++);
    result |= (byte & 0x7f) << shift;
    if (!(byte & 0x80)) {
      if (maxBits < 64 && (result >> maxBits))
        return false;
      *v = result;
      return true;
    }
  }
  return false;
}

inline bool getVarint32(const char **p, const char *limit, uint32_t *v) {
  uint64_t wide;
  if (!getVarint(p, limit, 32, &wide))
    return false;
  *v = static_cast<uint32_t>(wide);
  return true;
}

inline bool getVarint64(const char **p, const char *limit, uint64_t *v) {
  return getVarint(p, limit, 64, v);
}

} // namespace tfcc::checkpoint::coding

#endif // TFCC_RUNTIME_CHECKPOINT_CODING_H
