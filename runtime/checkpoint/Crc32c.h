// CRC-32C (Castagnoli), the checksum of LevelDB tables and tensor bundles.
#ifndef TFCC_RUNTIME_CHECKPOINT_CRC32C_H
#define TFCC_RUNTIME_CHECKPOINT_CRC32C_H

#include <cstddef>
#include <cstdint>

namespace tfcc::checkpoint::crc32c {

// The CRC of (the bytes whose CRC is `crc`) followed by data[0, n).
// Uses SSE4.2 when the CPU has it (checked once, at run time).
uint32_t extend(uint32_t crc, const void *data, size_t n);
inline uint32_t value(const void *data, size_t n) { return extend(0, data, n); }

// The table-driven version, whatever the CPU; exposed so tests can compare.
uint32_t extendPortable(uint32_t crc, const void *data, size_t n);
bool hardwareAccelerated();

// TensorFlow and LevelDB store masked CRCs, so that the CRC of data that
// itself contains CRCs stays well distributed.
inline uint32_t mask(uint32_t crc) {
  return ((crc >> 15) | (crc << 17)) + 0xa282ead8u;
}
inline uint32_t unmask(uint32_t masked) {
  uint32_t rot = masked - 0xa282ead8u;
  return (rot >> 17) | (rot << 15);
}

} // namespace tfcc::checkpoint::crc32c

#endif // TFCC_RUNTIME_CHECKPOINT_CRC32C_H
