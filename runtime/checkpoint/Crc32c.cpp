#include "runtime/checkpoint/Crc32c.h"

#include <array>
#include <cstring>

#if defined(__x86_64__)
#include <nmmintrin.h>
#define TFCC_CRC32C_X86 1
#endif

namespace tfcc::checkpoint::crc32c {
namespace {

constexpr uint32_t kPoly = 0x82f63b78u; // Castagnoli, bit-reflected

// Slicing-by-8 tables: kTables[k][b] is the CRC register after feeding byte
// b followed by k zero bytes.
struct Tables {
  uint32_t t[8][256];
  Tables() {
    for (uint32_t b = 0; b < 256; ++b) {
      uint32_t r = b;
      for (int i = 0; i < 8; ++i)
        r = (r >> 1) ^ ((r & 1) ? kPoly : 0);
      t[0][b] = r;
    }
    for (uint32_t b = 0; b < 256; ++b)
      for (int k = 1; k < 8; ++k)
        t[k][b] = (t[k - 1][b] >> 8) ^ t[0][t[k - 1][b] & 0xff];
  }
};
const Tables &tables() {
  static const Tables instance;
  return instance;
}

uint64_t load64(const uint8_t *p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v; // little-endian hosts only, as is the rest of the runtime
}

} // namespace

uint32_t extendPortable(uint32_t crc, const void *data, size_t n) {
  const auto &t = tables().t;
  const auto *p = static_cast<const uint8_t *>(data);
  uint32_t r = ~crc;
  for (; n >= 8; n -= 8, p += 8) {
    uint64_t v = load64(p) ^ r;
    r = t[7][v & 0xff] ^ t[6][(v >> 8) & 0xff] ^ t[5][(v >> 16) & 0xff] ^
        t[4][(v >> 24) & 0xff] ^ t[3][(v >> 32) & 0xff] ^
        t[2][(v >> 40) & 0xff] ^ t[1][(v >> 48) & 0xff] ^ t[0][v >> 56];
  }
  for (; n; --n, ++p)
    r = (r >> 8) ^ t[0][(r ^ *p) & 0xff];
  return ~r;
}

#ifdef TFCC_CRC32C_X86
namespace {

// The CRC register is linear over GF(2): feeding A then B from register r
// gives shift_|B|(r_A) ^ crc_from_zero(B). So three lanes can run in parallel
// (the crc32 instruction has a latency of 3 and a throughput of 1) and be
// joined by "append L zero bytes" operators, kept as 4x256 lookup tables.
struct ZeroShift {
  uint32_t t[4][256];

  explicit ZeroShift(size_t bytes) {
    using Matrix = std::array<uint32_t, 32>; // column i = image of bit i
    auto apply = [](const Matrix &m, uint32_t v) {
      uint32_t r = 0;
      for (int i = 0; v; ++i, v >>= 1)
        if (v & 1)
          r ^= m[i];
      return r;
    };
    auto compose = [&](const Matrix &a, const Matrix &b) {
      Matrix c;
      for (int i = 0; i < 32; ++i)
        c[i] = apply(a, b[i]);
      return c;
    };
    Matrix bit; // one zero bit
    bit[0] = kPoly;
    for (int i = 1; i < 32; ++i)
      bit[i] = 1u << (i - 1);
    Matrix result;
    for (int i = 0; i < 32; ++i)
      result[i] = 1u << i;
    for (size_t bits = bytes * 8; bits; bits >>= 1) {
      if (bits & 1)
        result = compose(bit, result);
      bit = compose(bit, bit);
    }
    for (int k = 0; k < 4; ++k)
      for (uint32_t v = 0; v < 256; ++v)
        t[k][v] = apply(result, v << (8 * k));
  }

  uint32_t operator()(uint32_t r) const {
    return t[0][r & 0xff] ^ t[1][(r >> 8) & 0xff] ^ t[2][(r >> 16) & 0xff] ^
           t[3][r >> 24];
  }
};

constexpr size_t kLongLane = 8192;
constexpr size_t kShortLane = 256;

const ZeroShift &longShift() {
  static const ZeroShift s(kLongLane);
  return s;
}
const ZeroShift &shortShift() {
  static const ZeroShift s(kShortLane);
  return s;
}

__attribute__((target("sse4.2"))) uint32_t
threeLanes(uint32_t r, const uint8_t *&p, size_t &n, size_t lane,
           const ZeroShift &shift) {
  while (n >= 3 * lane) {
    uint64_t c0 = r, c1 = 0, c2 = 0;
    for (size_t i = 0; i < lane; i += 8) {
      c0 = _mm_crc32_u64(c0, load64(p + i));
      c1 = _mm_crc32_u64(c1, load64(p + lane + i));
      c2 = _mm_crc32_u64(c2, load64(p + 2 * lane + i));
    }
    r = shift(shift(static_cast<uint32_t>(c0)) ^ static_cast<uint32_t>(c1)) ^
        static_cast<uint32_t>(c2);
    p += 3 * lane;
    n -= 3 * lane;
  }
  return r;
}

__attribute__((target("sse4.2"))) uint32_t extendSse42(uint32_t crc,
                                                        const void *data,
                                                        size_t n) {
  const auto *p = static_cast<const uint8_t *>(data);
  uint32_t r = ~crc;
  r = threeLanes(r, p, n, kLongLane, longShift());
  r = threeLanes(r, p, n, kShortLane, shortShift());
  uint64_t r64 = r;
  for (; n >= 8; n -= 8, p += 8)
    r64 = _mm_crc32_u64(r64, load64(p));
  r = static_cast<uint32_t>(r64);
  for (; n; --n, ++p)
    r = _mm_crc32_u8(r, *p);
  return ~r;
}

bool detectSse42() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("sse4.2");
}

} // namespace

bool hardwareAccelerated() {
  static const bool has = detectSse42();
  return has;
}

uint32_t extend(uint32_t crc, const void *data, size_t n) {
  return hardwareAccelerated() ? extendSse42(crc, data, n)
                               : extendPortable(crc, data, n);
}

#else

bool hardwareAccelerated() { return false; }

uint32_t extend(uint32_t crc, const void *data, size_t n) {
  return extendPortable(crc, data, n);
}

#endif

} // namespace tfcc::checkpoint::crc32c
