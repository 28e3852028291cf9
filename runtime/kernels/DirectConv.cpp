// The direct convolution: no im2col. Each register block of output pixels
// along a row times output-channel vectors accumulates broadcast(input) *
// filter-row FMAs over every tap, starting from the bias, and applies the
// activation before its one store. Padding is handled by copying the input
// rows a task reads, zero-padded, into its scratch (a copy of the input,
// where im2col copies it fh*fw times), so the micro-kernel never tests a
// bound. Built for x86-64-v3 (runtime/CMakeLists.txt): AVX2 and FMA; on a
// CPU with AVX-512F the blocks are DirectConvAvx512.cpp's.
#include "runtime/Context.h"
#include "runtime/kernels/Conv2D.h"
#include "runtime/kernels/DirectBlock.h"
#include "runtime/kernels/DirectBlockBody.h"
#include "runtime/kernels/KernelIsa.h"
#include "runtime/kernels/Lanes.h"
#include "runtime/kernels/MatMul.h"
#include "tfcc/kernels.h"

#include <immintrin.h>

#include <algorithm>
#include <cstring>

namespace tfcc::rt {
namespace {

// A register block is up to kMaxPixels pixels x kMaxVectors channel
// vectors: 12 accumulators, two filter vectors and one broadcast fill 15 of
// the 16 ymm registers.
constexpr int kMaxPixels = 6;
constexpr int kMaxVectors = 2;
static_assert(kMaxPixels == 6 && kMaxVectors == 2, "kDirectBlocks' table is 2 x 6");
// The filter is packed once, so a task costs nothing to start: several per
// thread let a thread that starts late, or shares its core, take fewer. On
// the peer CNN at batch 32 and 2 threads, 8 rather than 1 took 0.74-1.2 ms
// to 0.68-0.70 ms.
constexpr int64_t kDirectTasksPerThread = 8;

// AVX2 vectors for DirectBlockBody.h. The filter's rows are padded to
// whole vectors (PackDirectFilter), so they are read whole.
struct Avx2Lanes {
  using V = __m256;
  static constexpr int64_t kWidth = kLanes;
  explicit Avx2Lanes(int valid) : valid(valid), tail(LaneMask(valid)) {}
  V Zero() const { return _mm256_setzero_ps(); }
  V Splat(float x) const { return _mm256_set1_ps(x); }
  V Broadcast(const float *p) const { return _mm256_broadcast_ss(p); }
  V Load(const float *p) const { return _mm256_loadu_ps(p); }
  V LoadTail(const float *p) const {
    return valid < kLanes ? _mm256_maskload_ps(p, tail) : _mm256_loadu_ps(p);
  }
  V LoadFilter(const float *p, bool) const { return _mm256_loadu_ps(p); }
  void Store(float *p, V v) const { _mm256_storeu_ps(p, v); }
  void StoreTail(float *p, V v) const {
    if (valid < kLanes)
      _mm256_maskstore_ps(p, tail, v);
    else
      _mm256_storeu_ps(p, v);
  }
  static V Fmadd(V a, V b, V c) { return _mm256_fmadd_ps(a, b, c); }
  static V Max(V a, V b) { return _mm256_max_ps(a, b); }
  static V Min(V a, V b) { return _mm256_min_ps(a, b); }
  int valid;
  __m256i tail;
};

struct DirectJob {
  const ConvShape *x;
  tfcc_runtime *rt;
  const float *filter;
  int64_t ldf;
  bool padded;        // input rows are copied, zero-padded, into scratch
  int64_t strip_w;    // pixels per copied row: every column the taps read
  int64_t chunk_rows; // output rows whose input rows fit the scratch at once
  int64_t task_rows;  // output rows (over batch x out_h) per task
};

// Input rows one output row's taps span, and those of n consecutive rows.
int64_t InputRows(const ConvShape &x, int64_t n) {
  return (n - 1) * x.stride_h + (x.fh - 1) * x.dilation_h + 1;
}

int64_t StripWidth(const ConvShape &x) {
  return (x.out_w - 1) * x.stride_w + (x.fw - 1) * x.dilation_w + 1;
}

// Whether some tap reads outside the input: then rows are copied padded.
bool NeedsPadding(const ConvShape &x) {
  return x.pad_top != 0 || x.pad_left != 0 || InputRows(x, x.out_h) > x.in_h ||
         StripWidth(x) > x.in_w;
}

// `pixels` output pixels `pixel_step` input floats apart, from `in` (the
// first pixel's first tap), over every tap of `taps`: every channel block,
// every pixel block, written `out_step` floats apart from `out`.
struct PixelRun {
  const float *in;
  int64_t pixel_step, pixels;
  const float *filter;
  int64_t ldf, out_c;
  const float *bias;
  int32_t activation;
  float *out;
  int64_t out_step;
};

// RunBlocks on vectors of LANES channels: 8 (AVX2) or 16 (AVX-512), a
// constant so that the channel arithmetic below divides by shifting.
template <int64_t LANES> void RunBlocksOf(const PixelRun &r, const Taps &taps) {
  Block b{};
  b.pixel_step = r.pixel_step;
  b.ldf = r.ldf;
  b.activation = r.activation;
  b.out_step = r.out_step;
  // Blocks of even size: a short last block would have too few
  // accumulators to hide the FMA latency (14 pixels: 5+5+4, not 6+6+2).
  // Locals, since the kernels' stores could alias `r` for the compiler:
  // read through it, the divisions below ran again for every block (2 % of
  // the peer CNN at batch 32).
  const int64_t pixels = r.pixels, out_c = r.out_c, out_step = r.out_step;
  const float *const in = r.in;
  float *const out = r.out;
  const int64_t blocks = CeilDiv(pixels, kMaxPixels);
  const int64_t pixels_per_block = pixels / blocks;
  const int64_t longer = pixels % blocks; // blocks with one pixel more
  // Runs of 3 (a 3-wide filter over one input channel: a grayscale
  // image's first layer) are unrolled: their loop would cost about as
  // much as their 6 FMAs per pixel (19 % of the whole at 28x28x1 -> 16).
  const bool threes = taps.depth == 3;
  for (int64_t c0 = 0; c0 < out_c; c0 += kMaxVectors * LANES) {
    const int64_t vectors = std::min<int64_t>(kMaxVectors, CeilDiv(out_c - c0, LANES));
    b.valid = int(std::min(LANES, out_c - c0 - (vectors - 1) * LANES));
    b.filter = r.filter + c0;
    b.bias = r.bias ? r.bias + c0 : nullptr;
    const BlockFn *kernels =
        LANES == kLanes ? (threes ? kDirectBlocks<Avx2Lanes, 3>[vectors - 1]
                                  : kDirectBlocks<Avx2Lanes, 0>[vectors - 1])
                        : DirectBlocksAvx512(int(vectors), threes);
    for (int64_t i = 0, p = 0; i < blocks; ++i) {
      const int64_t n = pixels_per_block + (i < longer ? 1 : 0);
      b.in = in + p * b.pixel_step;
      b.out = out + p * out_step + c0;
      kernels[n - 1](b, taps);
      p += n;
    }
  }
}

void RunBlocks(const PixelRun &r, const Taps &taps) {
  // AVX-512's vectors hold 16 channels: a block then covers 32.
  if (ActiveKernelIsa() == KernelIsa::kAvx512)
    RunBlocksOf<2 * kLanes>(r, taps);
  else
    RunBlocksOf<kLanes>(r, taps);
}

// One output row. `in` is the input under the row's first tap of its first
// pixel.
void DirectRow(const DirectJob &job, const Taps &taps, const float *in, float *out) {
  const ConvShape &x = *job.x;
  RunBlocks(PixelRun{in, x.stride_w * x.in_c, x.out_w, job.filter, job.ldf, x.out_c, x.bias,
                     x.activation, out, x.out_c},
            taps);
}

// Output rows [oy, oy + n) of image b, written from `out` on.
void DirectRows(const DirectJob &job, const Scratch &s, int64_t b, int64_t oy, int64_t n,
                float *out) {
  const ConvShape &x = *job.x;
  const float *in;
  int64_t row_floats;
  if (job.padded) {
    CopyStrip(x, b, oy * x.stride_h - x.pad_top, -x.pad_left, InputRows(x, n), job.strip_w,
              x.in_c, s.im2col);
    in = s.im2col;
    row_floats = job.strip_w * x.in_c;
  } else {
    row_floats = x.in_w * x.in_c;
    in = x.input + (b * x.in_h + oy * x.stride_h) * row_floats;
  }
  // Undilated, a filter row's taps read one contiguous run of fw*in_c.
  const bool one_run = x.dilation_w == 1;
  const Taps taps{x.fh, one_run ? 1 : x.fw, one_run ? x.fw * x.in_c : x.in_c,
                  x.dilation_h * row_floats, x.dilation_w * x.in_c};
  for (int64_t i = 0; i < n; ++i)
    DirectRow(job, taps, in + i * x.stride_h * row_floats, out + i * x.out_w * x.out_c);
}

void DirectTask(void *ctx, int64_t task, int thread) {
  const DirectJob &job = *static_cast<const DirectJob *>(ctx);
  const ConvShape &x = *job.x;
  const Scratch &s = job.rt->scratch[thread];
  const int64_t end = std::min(x.batch * x.out_h, (task + 1) * job.task_rows);
  for (int64_t r = task * job.task_rows; r < end;) {
    const int64_t b = r / x.out_h, oy = r % x.out_h;
    const int64_t n = std::min({end - r, x.out_h - oy, job.chunk_rows});
    DirectRows(job, s, b, oy, n, x.output + r * x.out_w * x.out_c);
    r += n;
  }
}

// Output rows whose padded input rows fit `cap` floats (0: not even one).
int64_t RowsThatFit(const ConvShape &x, int64_t cap) {
  const int64_t rows = cap / (StripWidth(x) * x.in_c);
  const int64_t first = InputRows(x, 1);
  return rows < first ? 0 : (rows - first) / x.stride_h + 1;
}

DirectJob MakeJob(const ConvShape &x, tfcc_runtime *rt, const float *filter, int64_t ldf) {
  DirectJob job{&x, rt, filter, ldf, NeedsPadding(x), StripWidth(x), x.out_h, 0};
  if (job.padded)
    job.chunk_rows = RowsThatFit(x, kIm2colScratchFloats);
  return job;
}

} // namespace

void CopyStrip(const ConvShape &x, int64_t b, int64_t iy0, int64_t ix0, int64_t rows,
               int64_t strip_w, int64_t depth, float *dst) {
  const float *image = x.input + b * x.in_h * x.in_w * x.in_c;
  const int64_t row_floats = strip_w * depth;
  // The strip's columns that lie inside the image.
  const int64_t lo = std::clamp<int64_t>(-ix0, 0, strip_w);
  const int64_t hi = std::clamp<int64_t>(x.in_w - ix0, lo, strip_w);
  for (int64_t r = 0; r < rows; ++r, dst += row_floats) {
    const int64_t iy = iy0 + r;
    if (iy < 0 || iy >= x.in_h || hi == lo) {
      std::memset(dst, 0, size_t(row_floats) * sizeof(float));
      continue;
    }
    std::memset(dst, 0, size_t(lo * depth) * sizeof(float));
    const float *src = image + (iy * x.in_w + ix0 + lo) * x.in_c;
    if (depth == x.in_c) {
      std::memcpy(dst + lo * depth, src, size_t((hi - lo) * x.in_c) * sizeof(float));
    } else {
      for (int64_t px = lo; px < hi; ++px, src += x.in_c) {
        std::memcpy(dst + px * depth, src, size_t(x.in_c) * sizeof(float));
        std::memset(dst + px * depth + x.in_c, 0, size_t(depth - x.in_c) * sizeof(float));
      }
    }
    std::memset(dst + hi * depth, 0, size_t((strip_w - hi) * depth) * sizeof(float));
  }
}

void DirectConvRows(const ConvShape &x, const Scratch &s, const float *filter, int64_t ldf,
                    int64_t b, int64_t oy, int64_t n, float *out) {
  const DirectJob job = MakeJob(x, nullptr, filter, ldf);
  for (int64_t i = 0; i < n;) {
    const int64_t m = std::min(n - i, job.chunk_rows);
    DirectRows(job, s, b, oy + i, m, out + i * x.out_w * x.out_c);
    i += m;
  }
}

void SmallGemm(int64_t m, int64_t n, int64_t k, const float *a, int64_t lda, const float *b,
               int64_t ldb, float *c, int64_t ldc) {
  if (m <= 0 || n <= 0)
    return;
  // A row of a is one pixel's single run of k taps.
  const Taps taps{1, 1, k, 0, 0};
  RunBlocks(PixelRun{a, lda, m, b, ldb, n, nullptr, TFCC_ACT_NONE, c, ldc}, taps);
}

int64_t DirectFilterColumns(int64_t out_c) { return CeilDiv(out_c, kLanes) * kLanes; }

void PackDirectFilter(const ConvShape &x, float *packed) {
  const int64_t ldf = DirectFilterColumns(x.out_c);
  const int64_t depth = x.fh * x.fw * x.in_c;
  for (int64_t k = 0; k < depth; ++k, packed += ldf) {
    std::copy(x.filter + k * x.out_c, x.filter + (k + 1) * x.out_c, packed);
    std::fill(packed + x.out_c, packed + ldf, 0.0f);
  }
}

bool DirectConvFilter(const ConvShape &x, bool constant_filter) {
  if (x.in_c < 1 || x.out_c < 1)
    return false;
  // A filter not packed must already be whole vectors wide.
  if (!constant_filter && x.out_c % kLanes != 0)
    return false;
  // Where it beats im2col + GEMM on a 2-vCPU AMD EPYC (Zen 3), 3x3 and 7x7
  // filters, 1..256 input channels (docs/PERFORMANCE.md): up to 32 output
  // channels at any depth (1.2-6x), and up to 128 when the input has at
  // most 4 channels (the first layer of an image model, where the GEMM's
  // depth is only fh*fw*in_c). From 64 output channels on, the GEMM's
  // larger register block reuses each input load more and is as fast or
  // faster.
  const int64_t columns = DirectFilterColumns(x.out_c);
  return columns <= 32 || (columns <= 128 && x.in_c <= 4);
}

bool DirectConvFits(const ConvShape &x) {
  // Padded rows are copied into the im2col scratch, whose size every
  // runtime context shares.
  return !NeedsPadding(x) || RowsThatFit(x, kIm2colScratchFloats) >= 1;
}

void DirectConv2D(tfcc_runtime &rt, const ConvShape &x, const float *filter, int64_t ldf) {
  const int64_t rows = x.batch * x.out_h;
  if (rows <= 0 || x.out_w <= 0)
    return;
  DirectJob job = MakeJob(x, &rt, filter, ldf);
  const int64_t threads = rt.pool.num_threads();
  const int64_t work = rows * x.out_w * x.out_c * x.fh * x.fw * x.in_c;
  const int64_t tasks = std::max<int64_t>(
      1, std::min(threads * kDirectTasksPerThread, work / kMinTaskWork));
  job.task_rows = CeilDiv(rows, tasks);
  rt.pool.ParallelFor(CeilDiv(rows, job.task_rows), DirectTask, &job);
}

} // namespace tfcc::rt
