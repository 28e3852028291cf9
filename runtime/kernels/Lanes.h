// What the AVX2 kernels (DirectConv.cpp, WinogradConv.cpp, ConvMaxPool.cpp,
// MatMul.cpp) share about a vector: its width and the mask of its first
// lanes, for the loads and stores of a partial vector.
#ifndef TFCC_RUNTIME_KERNELS_LANES_H
#define TFCC_RUNTIME_KERNELS_LANES_H

#include <immintrin.h>

#include <cstdint>

namespace tfcc::rt {

constexpr int64_t kLanes = 8; // floats per AVX2 vector

// Lanes below `valid` (0..8) set.
inline __m256i LaneMask(int64_t valid) {
  return _mm256_cmpgt_epi32(_mm256_set1_epi32(int(valid)),
                            _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

} // namespace tfcc::rt

#endif // TFCC_RUNTIME_KERNELS_LANES_H
