#include "runtime/checkpoint/Crc32c.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace tfcc::checkpoint::crc32c {
namespace {

// Test vectors from RFC 3720 (iSCSI), appendix B.4, and the "check" value.
TEST(Crc32cTest, KnownVectors) {
  std::string zeros(32, '\0'), ones(32, '\xff'), ascending, descending;
  for (int i = 0; i < 32; ++i) {
    ascending.push_back(static_cast<char>(i));
    descending.push_back(static_cast<char>(31 - i));
  }
  for (auto fn : {&extend, &extendPortable}) {
    EXPECT_EQ(fn(0, "123456789", 9), 0xe3069283u);
    EXPECT_EQ(fn(0, zeros.data(), 32), 0x8a9136aau);
    EXPECT_EQ(fn(0, ones.data(), 32), 0x62a8ab43u);
    EXPECT_EQ(fn(0, ascending.data(), 32), 0x46dd794eu);
    EXPECT_EQ(fn(0, descending.data(), 32), 0x113fdb5cu);
    EXPECT_EQ(fn(0, "", 0), 0u);
  }
}

TEST(Crc32cTest, MaskRoundTripsAndDiffers) {
  for (uint32_t v : {0u, 1u, 0xe3069283u, 0xffffffffu}) {
    EXPECT_EQ(unmask(mask(v)), v);
    EXPECT_NE(mask(v), v);
    EXPECT_NE(mask(mask(v)), mask(v));
  }
  EXPECT_EQ(mask(0), 0xa282ead8u);
}

// Lengths around the three-lane block sizes (3 x 8192, 3 x 256) and at odd
// alignments, checked against the table version and against extending in
// two pieces.
TEST(Crc32cTest, AcceleratedMatchesPortableAtEveryBoundary) {
  std::mt19937 rng(42);
  std::string data(200000, '\0');
  for (char &c : data)
    c = static_cast<char>(rng());
  std::vector<size_t> sizes = {0, 1, 7, 8, 9, 255, 767, 768, 769, 24575,
                               24576, 24577, 24576 + 768 + 13, 100000, 199990};
  for (size_t size : sizes) {
    for (size_t offset : {0, 1, 3, 7}) {
      const char *p = data.data() + offset;
      uint32_t expected = extendPortable(0, p, size);
      EXPECT_EQ(extend(0, p, size), expected) << size << "@" << offset;
      size_t cut = size / 3;
      EXPECT_EQ(extend(extend(0, p, cut), p + cut, size - cut), expected)
          << size << "@" << offset;
      EXPECT_EQ(extend(0x12345678u, p, size),
                extendPortable(0x12345678u, p, size));
    }
  }
}

TEST(Crc32cTest, DetectsSingleBitFlips) {
  std::string data(50000, 'x');
  uint32_t base = value(data.data(), data.size());
  for (size_t at : {size_t(0), size_t(8191), size_t(24576), size_t(49999)}) {
    data[at] ^= 1;
    EXPECT_NE(value(data.data(), data.size()), base) << at;
    data[at] ^= 1;
  }
}

} // namespace
} // namespace tfcc::checkpoint::crc32c
