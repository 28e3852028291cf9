// Winograd's minimal filtering F(4x4, 3x3) for 3x3, stride-1 convolutions
// with a constant filter. Each 4x4 block of output pixels (a tile) comes
// from the 6x6 block of input under it: with B, G and A the transforms
// below, Y = A' [ sum over input channels of (G g G') . (B' d B) ] A.
// The elementwise products over a row of tiles are 36 small GEMMs (tiles x
// in_c times in_c x out_c): 2.25 multiply-adds per output pixel and channel
// pair where the direct sum does 9, and F(2x2, 3x3) did 4. The filter is
// transformed once (its packing slot); the input and output transforms
// cost per tile and channel, not per channel pair. The points are 0, +-1,
// +-2: the coefficients reach 8 and 1/24, so the result rounds less
// tightly than a direct sum, within the bound the unit tests hold every
// path to (1e-5 of the sum of |x * f|).
// Built for x86-64-v3 (runtime/CMakeLists.txt): AVX2 and FMA.
#include "runtime/Context.h"
#include "runtime/kernels/Conv2D.h"
#include "runtime/kernels/Lanes.h"
#include "runtime/kernels/MatMul.h"
#include "tfcc/kernels.h"

#include <immintrin.h>

#include <algorithm>
#include <cfloat>

namespace tfcc::rt {
namespace {

// Floats of transformed input and products (V and M below) per pass over
// a block of tile rows: 128 KB. At the peer CNN's second layer a pass then
// takes all 4 tile rows, 16 tiles in register blocks of 6, 5 and 5, where
// 64 KB gave 8 tiles in blocks of 4 (tfcc_conv_bench: at batch 32, 2
// threads, fastest 278 -> 205 us; others equal or up to 12 % faster).
constexpr int64_t kPassFloats = int64_t(1) << 15;
// The most input x output channels a filter may have: 128 x 128.
constexpr int64_t kMaxChannelPairs = int64_t(1) << 14;
// Several tasks per thread, as DirectConv2D has: the filter is transformed
// once, so a task costs nothing to start.
constexpr int64_t kWinogradTasksPerThread = 8;

// Output tiles of kSide x kSide pixels from input tiles of kIn x kIn,
// whose transforms have kPoints points.
constexpr int kSide = 4;
constexpr int kIn = kSide + 2;
constexpr int64_t kPoints = int64_t(kIn) * kIn;

// The 1-D transforms, applied to the columns of a tile and then to its
// rows. B' d with
//   B' = [4  0 -5  0 1 0;  0 -4 -4  1 1 0;  0  4 -4 -1 1 0;
//         0 -2 -1  2 1 0;  0  2 -1 -2 1 0;  0  4  0 -5 0 1].
void InputTransform1D(const __m256 (&d)[kIn], __m256 (&r)[kIn]) {
  const __m256 four = _mm256_set1_ps(4.0f), five = _mm256_set1_ps(5.0f),
               two = _mm256_set1_ps(2.0f);
  r[0] = _mm256_fmadd_ps(four, d[0], _mm256_fnmadd_ps(five, d[2], d[4]));
  const __m256 a = _mm256_fnmadd_ps(four, d[2], d[4]); // d4 - 4 d2
  const __m256 b = _mm256_fnmadd_ps(four, d[1], d[3]); // d3 - 4 d1
  r[1] = _mm256_add_ps(a, b);
  r[2] = _mm256_sub_ps(a, b);
  const __m256 c = _mm256_sub_ps(d[4], d[2]);
  const __m256 e = _mm256_mul_ps(two, _mm256_sub_ps(d[3], d[1]));
  r[3] = _mm256_add_ps(c, e);
  r[4] = _mm256_sub_ps(c, e);
  r[5] = _mm256_fmadd_ps(four, d[1], _mm256_fnmadd_ps(five, d[3], d[5]));
}

// A' m with A' = [1 1 1 1 1 0; 0 1 -1 2 -2 0; 0 1 1 4 4 0; 0 1 -1 8 -8 1].
void OutputTransform1D(const __m256 (&m)[kIn], __m256 (&y)[kSide]) {
  const __m256 a = _mm256_add_ps(m[1], m[2]), b = _mm256_sub_ps(m[1], m[2]);
  const __m256 c = _mm256_add_ps(m[3], m[4]), d = _mm256_sub_ps(m[3], m[4]);
  y[0] = _mm256_add_ps(_mm256_add_ps(m[0], a), c);
  y[1] = _mm256_fmadd_ps(_mm256_set1_ps(2.0f), d, b);
  y[2] = _mm256_fmadd_ps(_mm256_set1_ps(4.0f), c, a);
  y[3] = _mm256_add_ps(_mm256_fmadd_ps(_mm256_set1_ps(8.0f), d, b), m[5]);
}

// G g in double, with
//   G = [1/4 0 0; -1/6 -1/6 -1/6; -1/6 1/6 -1/6;
//        1/24 1/12 1/6; 1/24 -1/12 1/6; 0 0 1].
void FilterTransform1D(const double (&g)[3], double (&u)[kIn]) {
  u[0] = g[0] / 4;
  u[1] = -(g[0] + g[1] + g[2]) / 6;
  u[2] = -(g[0] - g[1] + g[2]) / 6;
  u[3] = g[0] / 24 + g[1] / 12 + g[2] / 6;
  u[4] = g[0] / 24 - g[1] / 12 + g[2] / 6;
  u[5] = g[2];
}

// Floats from one point's matrix of V or M to the next: `floats` rounded
// up to an odd number of cache lines. A transform reads or writes all 36
// points of a tile; a power-of-two step (16 tiles x 32 channels is 2 KB)
// put them in 2 of L1's 64 sets, and the output transform of the peer
// CNN's second layer took 22 % of its time.
int64_t PointStep(int64_t floats) {
  constexpr int64_t kLineFloats = 16;
  int64_t lines = CeilDiv(floats, kLineFloats);
  if (lines % 2 == 0)
    ++lines;
  return lines * kLineFloats;
}

// The tiling of one convolution and the size of its passes. A pass covers
// pass_rows rows of tiles and, of each, a chunk of up to tiles_w tiles: the
// whole row unless one row of tiles would not fit a thread's scratch.
struct Geometry {
  int64_t depth;       // input channels padded to whole vectors
  int64_t ldu;         // output channels padded to whole vectors
  int64_t row_tiles;   // tiles per row of the output
  int64_t tiles_w;     // tiles per chunk of a row (the last may have fewer)
  int64_t pass_rows;   // tile rows per pass
};

// Scratch floats of a pass over `rows` tile rows of `tiles_w` tiles: the
// copied input strip, then V and M.
int64_t PassFloats(int64_t depth, int64_t ldu, int64_t tiles_w, int64_t rows) {
  const int64_t tiles = rows * tiles_w;
  return (kSide * rows + 2) * (kSide * tiles_w + 2) * depth +
         kPoints * (PointStep(tiles * depth) + PointStep(tiles * ldu));
}

Geometry GeometryOf(const ConvShape &x) {
  Geometry g;
  g.depth = CeilDiv(x.in_c, kLanes) * kLanes;
  g.ldu = DirectFilterColumns(x.out_c);
  g.row_tiles = std::max<int64_t>(1, CeilDiv(x.out_w, int64_t(kSide)));
  // Chunks of nearly equal width, as wide as the scratch allows: at 128 x
  // 128 channels one row of tiles fits up to 168 output pixels.
  int64_t widest = g.row_tiles;
  while (widest > 1 && PassFloats(g.depth, g.ldu, widest, 1) > kIm2colScratchFloats)
    widest = widest * 3 / 4;
  g.tiles_w = CeilDiv(g.row_tiles, CeilDiv(g.row_tiles, widest));
  g.pass_rows = std::max<int64_t>(
      1, kPassFloats / (kPoints * g.tiles_w * (g.depth + g.ldu)));
  return g;
}

// V[point][tile][channel] = (B' d B) of every tile of `rows` tile rows of
// `tiles_w` tiles in the strip (kSide * tiles_w + 2 pixels wide).
void InputTransform(const Geometry &g, const float *strip, int64_t rows, int64_t tiles_w,
                    float *v) {
  const int64_t point_step = PointStep(rows * tiles_w * g.depth);
  const int64_t row_floats = (kSide * tiles_w + 2) * g.depth;
  for (int64_t ty = 0; ty < rows; ++ty)
    for (int64_t tx = 0; tx < tiles_w; ++tx) {
      const float *d = strip + kSide * ty * row_floats + kSide * tx * g.depth;
      float *out = v + (ty * tiles_w + tx) * g.depth;
      for (int64_t c = 0; c < g.depth; c += kLanes) {
        __m256 t[kIn][kIn];
        // Columns: t = B' d.
        for (int j = 0; j < kIn; ++j) {
          __m256 col[kIn], r[kIn];
          for (int i = 0; i < kIn; ++i)
            col[i] = _mm256_loadu_ps(d + i * row_floats + j * g.depth + c);
          InputTransform1D(col, r);
          for (int i = 0; i < kIn; ++i)
            t[i][j] = r[i];
        }
        // Rows: (B' d) B.
        for (int i = 0; i < kIn; ++i) {
          __m256 r[kIn];
          InputTransform1D(t[i], r);
          for (int j = 0; j < kIn; ++j)
            _mm256_storeu_ps(out + (i * kIn + j) * point_step + c, r[j]);
        }
      }
    }
}

// ReLU and ReLU6 with NaN passed through, as ApplyActivation does.
__m256 Activate(__m256 y, int32_t activation) {
  if (activation == TFCC_ACT_RELU || activation == TFCC_ACT_RELU6)
    y = _mm256_max_ps(_mm256_setzero_ps(), y);
  if (activation == TFCC_ACT_RELU6)
    y = _mm256_min_ps(_mm256_set1_ps(6.0f), y);
  return y;
}

// One tile's outputs for channels [c, c + 8) from its products `p`
// (`point_step` floats apart): Y = A' m A + bias, activated. Stored at
// `dst` for the tile's `rows` x `cols` valid pixels, `row_floats` and
// `pixel_floats` apart; with POOL, the max of each 2x2 window of the tile
// as TF's MaxPool takes it (from the lowest finite value, a pixel taken
// only where greater, so NaN never wins), `rows` x `cols` valid windows.
// The lanes of `mask` only, unless FULL.
template <bool FULL, bool POOL>
void TileOutput(const float *p, int64_t point_step, __m256 bias, int32_t activation,
                __m256i mask, int64_t rows, int64_t cols, float *dst, int64_t row_floats,
                int64_t pixel_floats) {
  // Columns: s = A' m.
  __m256 s[kSide][kIn];
  for (int j = 0; j < kIn; ++j) {
    __m256 m[kIn], y[kSide];
    for (int i = 0; i < kIn; ++i)
      m[i] = _mm256_loadu_ps(p + (i * kIn + j) * point_step);
    OutputTransform1D(m, y);
    for (int i = 0; i < kSide; ++i)
      s[i][j] = y[i];
  }
  // Rows: (A' m) A.
  __m256 y[kSide][kSide];
  for (int i = 0; i < kSide; ++i) {
    OutputTransform1D(s[i], y[i]);
    for (int j = 0; j < kSide; ++j)
      y[i][j] = Activate(_mm256_add_ps(y[i][j], bias), activation);
  }
  auto store = [&](float *d, __m256 v) {
    if (FULL)
      _mm256_storeu_ps(d, v);
    else
      _mm256_maskstore_ps(d, mask, v);
  };
  for (int i = 0; i < (POOL ? kSide / 2 : kSide); ++i)
    for (int j = 0; j < (POOL ? kSide / 2 : kSide); ++j) {
      if (i >= rows || j >= cols)
        continue;
      __m256 v = y[i][j];
      if (POOL) {
        v = _mm256_set1_ps(-FLT_MAX);
        for (int a = 0; a < 2; ++a)
          for (int b = 0; b < 2; ++b)
            v = _mm256_max_ps(y[2 * i + a][2 * j + b], v);
      }
      store(dst + i * row_floats + j * pixel_floats, v);
    }
}

// Output rows [0, rows) of `out` (a pass's first output row on) from
// M[point][tile][channel] of `tile_rows` x `tiles_w` tiles, the first of
// them tile column tx0 of the output; bias added and activated; pixels
// past out_w and rows past `rows` are not written. With POOL, a 2x2
// stride-2 max-pool whose windows tile the tiles: `rows` is even, and the
// first `pooled_w` windows of each pair of rows are written, one pooled
// pixel each.
template <bool POOL>
void OutputTransform(const ConvShape &x, const Geometry &g, const float *m, int64_t tile_rows,
                     int64_t tiles_w, int64_t tx0, int64_t rows, float *out,
                     int64_t pooled_w) {
  // Pixels of the written image per tile along each side.
  constexpr int64_t kWritten = POOL ? kSide / 2 : kSide;
  const int64_t point_step = PointStep(tile_rows * tiles_w * g.ldu);
  const int64_t out_c = x.out_c;
  const int64_t image_w = POOL ? pooled_w : x.out_w;
  const int64_t image_h = POOL ? rows / 2 : rows;
  const int64_t row_floats = image_w * out_c;
  // Tiles past the written image (a pooled image may end before the
  // convolution's last tile) write nothing.
  const int64_t tiles_written =
      std::min(tiles_w, CeilDiv(image_w, kWritten) - tx0);
  const int64_t full_end = out_c / kLanes * kLanes, tail = out_c - full_end;
  const int32_t activation = x.activation;
  const float *bias = x.bias;
  const __m256i mask = LaneMask(tail);
  const __m256 tail_bias =
      bias && tail ? _mm256_maskload_ps(bias + full_end, mask) : _mm256_setzero_ps();
  for (int64_t ty = 0; ty < tile_rows; ++ty) {
    const int64_t valid_rows = std::min(kWritten, image_h - kWritten * ty);
    for (int64_t tx = 0; tx < tiles_written; ++tx) {
      const int64_t valid_cols = std::min(kWritten, image_w - kWritten * (tx0 + tx));
      const float *p = m + (ty * tiles_w + tx) * g.ldu;
      float *dst = out + (kWritten * ty * image_w + kWritten * (tx0 + tx)) * out_c;
      for (int64_t c = 0; c < full_end; c += kLanes)
        TileOutput<true, POOL>(p + c, point_step,
                               bias ? _mm256_loadu_ps(bias + c) : _mm256_setzero_ps(),
                               activation, mask, valid_rows, valid_cols, dst + c, row_floats,
                               out_c);
      if (tail)
        TileOutput<false, POOL>(p + full_end, point_step, tail_bias, activation, mask,
                                valid_rows, valid_cols, dst + full_end, row_floats, out_c);
    }
  }
}

// Convolution rows [oy, oy + n) of image b, written to `out` as
// OutputTransform<POOL> writes them.
template <bool POOL>
void Rows(const ConvRowPlan &plan, const Scratch &s, int64_t b, int64_t oy, int64_t n,
          float *out, int64_t pooled_w) {
  const ConvShape &x = *plan.x;
  const Geometry g = GeometryOf(x);
  const int64_t tile_rows = CeilDiv(n, int64_t(kSide));
  // Passes of nearly equal size: a short last pass would have too few
  // tiles for whole register blocks.
  const int64_t passes = CeilDiv(tile_rows, g.pass_rows);
  const int64_t base = tile_rows / passes, longer = tile_rows % passes;
  for (int64_t i = 0, t0 = 0; i < passes; ++i) {
    const int64_t rows = base + (i < longer ? 1 : 0);
    const int64_t y0 = oy + kSide * t0; // the pass's first output row
    // The pass's first row of the output: with POOL, half the rows.
    const int64_t first = (POOL ? kSide / 2 * t0 * pooled_w : kSide * t0 * x.out_w) * x.out_c;
    for (int64_t tx0 = 0; tx0 < g.row_tiles; tx0 += g.tiles_w) {
      const int64_t tiles_w = std::min(g.tiles_w, g.row_tiles - tx0);
      const int64_t tiles = rows * tiles_w, strip_w = kSide * tiles_w + 2;
      float *strip = s.im2col;
      float *v = strip + (kSide * rows + 2) * strip_w * g.depth;
      const int64_t v_step = PointStep(tiles * g.depth), m_step = PointStep(tiles * g.ldu);
      float *m = v + kPoints * v_step;
      CopyStrip(x, b, y0 - x.pad_top, kSide * tx0 - x.pad_left, kSide * rows + 2, strip_w,
                g.depth, strip);
      InputTransform(g, strip, rows, tiles_w, v);
      for (int64_t p = 0; p < kPoints; ++p)
        SmallGemm(tiles, g.ldu, g.depth, v + p * v_step, g.depth,
                  plan.filter + p * g.depth * g.ldu, g.ldu, m + p * m_step, g.ldu);
      OutputTransform<POOL>(x, g, m, rows, tiles_w, tx0, std::min(kSide * rows, n - kSide * t0),
                            out + first, pooled_w);
    }
    t0 += rows;
  }
}

// The transformed filter: kPoints matrices [depth][ldu] (the geometry's),
// U = G f G' of every input/output channel pair, zeros in the padding.
void PackFilter(const void *shape, float *packed) {
  const ConvShape &x = *static_cast<const ConvShape *>(shape);
  const Geometry g = GeometryOf(x);
  const int64_t depth = g.depth, ldu = g.ldu;
  std::fill(packed, packed + kPoints * depth * ldu, 0.0f);
  for (int64_t ic = 0; ic < x.in_c; ++ic)
    for (int64_t oc = 0; oc < x.out_c; ++oc) {
      // t = G f (columns), then u = t G' (rows).
      double t[kIn][3];
      for (int j = 0; j < 3; ++j) {
        const double col[3] = {x.filter[((0 * 3 + j) * x.in_c + ic) * x.out_c + oc],
                               x.filter[((1 * 3 + j) * x.in_c + ic) * x.out_c + oc],
                               x.filter[((2 * 3 + j) * x.in_c + ic) * x.out_c + oc]};
        double u[kIn];
        FilterTransform1D(col, u);
        for (int i = 0; i < kIn; ++i)
          t[i][j] = u[i];
      }
      for (int i = 0; i < kIn; ++i) {
        double u[kIn];
        FilterTransform1D(t[i], u);
        for (int j = 0; j < kIn; ++j)
          packed[((i * kIn + j) * depth + ic) * ldu + oc] = float(u[j]);
      }
    }
}

struct WinogradJob {
  const ConvRowPlan *plan;
  tfcc_runtime *rt;
  int64_t tile_rows;  // per image: CeilDiv(out_h, kSide)
  int64_t task_units; // (image, tile row) pairs per task
};

void WinogradTask(void *ctx, int64_t task, int thread) {
  const WinogradJob &job = *static_cast<const WinogradJob *>(ctx);
  const ConvShape &x = *job.plan->x;
  const Scratch &s = job.rt->scratch[thread];
  const int64_t end = std::min(x.batch * job.tile_rows, (task + 1) * job.task_units);
  for (int64_t u = task * job.task_units; u < end;) {
    const int64_t b = u / job.tile_rows, ty = u % job.tile_rows;
    const int64_t n = std::min(end - u, job.tile_rows - ty);
    const int64_t oy = kSide * ty;
    WinogradConvRows(*job.plan, s, b, oy, std::min(kSide * n, x.out_h - oy),
                     x.output + (b * x.out_h + oy) * x.out_w * x.out_c);
    u += n;
  }
}

} // namespace

bool WinogradFilter(const ConvShape &x, bool constant_filter) {
  // Below 8 channels on either side the transforms, which cost per channel,
  // outweigh the products, which cost per channel pair. Above 128 x 128
  // the transformed filter (36 matrices, 2.3 MB at 128 x 128) is streamed
  // again for every pass, and a small image has too few tiles to pay for
  // it: with F(2x2, 3x3), 7x7 at 512 -> 512 took 21 ms against 4.7 ms by
  // im2col + GEMM (docs/PERFORMANCE.md). At 128 x 128 on 28x28, F(4x4)
  // is still faster than F(2x2) was.
  return constant_filter && x.fh == 3 && x.fw == 3 && x.in_c >= 8 && x.out_c >= 8 &&
         x.in_c * x.out_c <= kMaxChannelPairs;
}

bool WinogradFits(const ConvShape &x) {
  if (x.stride_h != 1 || x.stride_w != 1 || x.dilation_h != 1 || x.dilation_w != 1)
    return false;
  // A chunk of one tile fits any filter Winograd takes (128 x 128: 15 K
  // floats); the check keeps that so.
  const Geometry g = GeometryOf(x);
  return PassFloats(g.depth, g.ldu, g.tiles_w, 1) <= kIm2colScratchFloats;
}

const float *WinogradPackedFilter(const ConvShape &x, void **filter_slot) {
  const Geometry g = GeometryOf(x);
  return PackOnce(filter_slot, size_t(kPoints * g.depth * g.ldu), PackFilter, &x);
}

void WinogradConvRows(const ConvRowPlan &plan, const Scratch &s, int64_t b, int64_t oy,
                      int64_t n, float *out) {
  Rows<false>(plan, s, b, oy, n, out, 0);
}

void WinogradPooledRows(const ConvRowPlan &plan, const Scratch &s, int64_t b, int64_t oy,
                        int64_t pooled_rows, int64_t pooled_w, float *out) {
  Rows<true>(plan, s, b, oy, 2 * pooled_rows, out, pooled_w);
}

void WinogradConv2D(tfcc_runtime &rt, const ConvRowPlan &plan) {
  const ConvShape &x = *plan.x;
  if (x.batch <= 0 || x.out_h <= 0 || x.out_w <= 0)
    return;
  const int64_t tile_rows = CeilDiv(x.out_h, int64_t(kSide)), units = x.batch * tile_rows;
  const int64_t threads = rt.pool.num_threads();
  // Multiply-adds of the products per tile.
  const int64_t work = units * CeilDiv(x.out_w, int64_t(kSide)) * kPoints * x.in_c * x.out_c;
  // One task on one thread: a task's tile rows are the rows of its small
  // GEMMs, so longer is faster.
  const int64_t tasks =
      threads == 1 ? 1
                   : std::max<int64_t>(1, std::min(threads * kWinogradTasksPerThread,
                                                   work / kMinTaskWork));
  WinogradJob job{&plan, &rt, tile_rows, CeilDiv(units, tasks)};
  rt.pool.ParallelFor(CeilDiv(units, job.task_units), WinogradTask, &job);
}

} // namespace tfcc::rt
