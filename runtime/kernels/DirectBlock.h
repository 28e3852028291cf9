// The direct convolution's register block as its kernels see it
// (DirectConv.cpp, and DirectConvAvx512.cpp for CPUs with AVX-512F). Plain
// structs only, for the reason GemmTile.h gives.
#ifndef TFCC_RUNTIME_KERNELS_DIRECTBLOCK_H
#define TFCC_RUNTIME_KERNELS_DIRECTBLOCK_H

#include <cstdint>

namespace tfcc::rt {

// The taps of one output pixel, in the order of the filter's rows.
struct Taps {
  int64_t rows;     // fh
  int64_t runs;     // runs of input per filter row: fw, or 1 when undilated
  int64_t depth;    // floats per run: in_c, or fw*in_c (one contiguous run)
  int64_t row_step; // input floats between filter rows
  int64_t run_step; // input floats between runs of a filter row
};

// One register block of pixels x channel vectors.
struct Block {
  const float *in;     // the first pixel's first tap
  int64_t pixel_step;  // input floats between the block's pixels
  const float *filter; // filter row 0, the block's first channel
  int64_t ldf;
  const float *bias;   // the block's first channel, or null
  int valid;           // channels of the last vector to write: 1 to its width
  int32_t activation;
  float *out;          // the first pixel's first channel
  int64_t out_step;    // output floats between pixels (out_c)
};

using BlockFn = void (*)(const Block &, const Taps &);

// The AVX-512 blocks of `vectors` (1..2) vectors of 16 channels, by
// pixels - 1 (1..6 pixels): the AVX2 blocks' work on twice the channels,
// with the same bits; for runs of exactly 3 floats, or of any length.
// Filter rows are read only up to a block's last valid channel. Only for a
// CPU with AVX-512F (KernelIsa.h).
const BlockFn *DirectBlocksAvx512(int vectors, bool runs_of_three);

} // namespace tfcc::rt

#endif // TFCC_RUNTIME_KERNELS_DIRECTBLOCK_H
