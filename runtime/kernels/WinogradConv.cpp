// Winograd's minimal filtering F(2x2, 3x3) for 3x3, stride-1 convolutions
// with a constant filter. Each 2x2 block of output pixels (a tile) comes
// from the 4x4 block of input under it: with B, G and A the transforms
// below, Y = A' [ sum over input channels of (G g G') . (B' d B) ] A.
// The elementwise products over a row of tiles are 16 small GEMMs
// (tiles x in_c times in_c x out_c), 16 multiply-adds per tile and channel
// pair where the direct sum has 36: 2.25x fewer. The filter is transformed
// once (its packing slot); the input and output transforms are additions
// only. The transforms' coefficients are 0, +-1 and +-1/2, so the result
// rounds differently from a direct sum but not worse in kind: the unit
// tests hold it to the same bound as the other paths.
// Built for x86-64-v3 (runtime/CMakeLists.txt): AVX2 and FMA.
#include "runtime/Context.h"
#include "runtime/kernels/Conv2D.h"
#include "runtime/kernels/MatMul.h"
#include "tfcc/kernels.h"

#include <immintrin.h>

#include <algorithm>
#include <cfloat>

namespace tfcc::rt {
namespace {

constexpr int64_t kLanes = 8; // floats per AVX2 vector
constexpr int64_t kPoints = 16; // a transformed tile: 4x4
// Floats of transformed input and products (V and M below) per pass over
// a block of tile rows: 64 KB (at the peer CNN's second layer, 128 KB was
// 5-15 % slower and 32 KB slower still).
constexpr int64_t kPassFloats = int64_t(1) << 14;
// The most input x output channels a filter may have: 128 x 128.
constexpr int64_t kMaxChannelPairs = int64_t(1) << 14;
// Several tasks per thread, as DirectConv2D has: the filter is transformed
// once, so a task costs nothing to start.
constexpr int64_t kWinogradTasksPerThread = 8;

// The tiling of one convolution and the size of its passes.
struct Geometry {
  int64_t depth;    // input channels padded to whole vectors
  int64_t ldu;      // output channels padded to whole vectors
  int64_t tiles_w;  // tiles per row of tiles
  int64_t strip_w;  // input pixels per copied row: 2 * tiles_w + 2
  int64_t pass_rows; // tile rows per pass
};

Geometry GeometryOf(const ConvShape &x) {
  Geometry g;
  g.depth = CeilDiv(x.in_c, kLanes) * kLanes;
  g.ldu = DirectFilterColumns(x.out_c);
  g.tiles_w = CeilDiv(x.out_w, 2);
  g.strip_w = 2 * g.tiles_w + 2;
  g.pass_rows = std::max<int64_t>(
      1, kPassFloats / (kPoints * std::max<int64_t>(g.tiles_w, 1) * (g.depth + g.ldu)));
  return g;
}

// Scratch floats of a pass over `rows` tile rows: the copied input strip,
// then V and M.
int64_t PassFloats(const Geometry &g, int64_t rows) {
  return (2 * rows + 2) * g.strip_w * g.depth +
         kPoints * rows * g.tiles_w * (g.depth + g.ldu);
}

// V[point][tile][channel] = (B' d B) of every tile of `rows` tile rows in
// the strip, B' = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1].
void InputTransform(const Geometry &g, const float *strip, int64_t rows, float *v) {
  const int64_t tiles = rows * g.tiles_w, point_step = tiles * g.depth;
  const int64_t row_floats = g.strip_w * g.depth;
  for (int64_t ty = 0; ty < rows; ++ty)
    for (int64_t tx = 0; tx < g.tiles_w; ++tx) {
      const float *d = strip + 2 * ty * row_floats + 2 * tx * g.depth;
      float *out = v + (ty * g.tiles_w + tx) * g.depth;
      for (int64_t c = 0; c < g.depth; c += kLanes) {
        __m256 t[4][4];
        // Columns: t = B' d.
        for (int j = 0; j < 4; ++j) {
          const float *col = d + j * g.depth + c;
          const __m256 d0 = _mm256_loadu_ps(col), d1 = _mm256_loadu_ps(col + row_floats),
                       d2 = _mm256_loadu_ps(col + 2 * row_floats),
                       d3 = _mm256_loadu_ps(col + 3 * row_floats);
          t[0][j] = _mm256_sub_ps(d0, d2);
          t[1][j] = _mm256_add_ps(d1, d2);
          t[2][j] = _mm256_sub_ps(d2, d1);
          t[3][j] = _mm256_sub_ps(d1, d3);
        }
        // Rows: (B' d) B.
        for (int i = 0; i < 4; ++i) {
          float *o = out + i * 4 * point_step + c;
          _mm256_storeu_ps(o, _mm256_sub_ps(t[i][0], t[i][2]));
          _mm256_storeu_ps(o + point_step, _mm256_add_ps(t[i][1], t[i][2]));
          _mm256_storeu_ps(o + 2 * point_step, _mm256_sub_ps(t[i][2], t[i][1]));
          _mm256_storeu_ps(o + 3 * point_step, _mm256_sub_ps(t[i][1], t[i][3]));
        }
      }
    }
}

// Lanes below `valid` set.
__m256i LaneMask(int64_t valid) {
  return _mm256_cmpgt_epi32(_mm256_set1_epi32(int(valid)),
                            _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

// ReLU and ReLU6 with NaN passed through, as ApplyActivation does.
__m256 Activate(__m256 y, int32_t activation) {
  if (activation == TFCC_ACT_RELU || activation == TFCC_ACT_RELU6)
    y = _mm256_max_ps(_mm256_setzero_ps(), y);
  if (activation == TFCC_ACT_RELU6)
    y = _mm256_min_ps(_mm256_set1_ps(6.0f), y);
  return y;
}

// One tile's outputs for channels [c, c + 8) from its 16 products `p`
// (`point_step` floats apart): Y = A' m A + bias, A' = [1 1 1 0; 0 1 -1 -1],
// activated. Stored at `dst` for the tile's `rows` x `cols` valid pixels
// (1 or 2 each), `row_floats` and `pixel_floats` apart, or with POOL their
// max as TF's MaxPool takes it (from the lowest finite value, a pixel
// taken only where greater, so NaN never wins) at `dst` alone. The lanes of
// `mask` only, unless FULL.
template <bool FULL, bool POOL>
void TileOutput(const float *p, int64_t point_step, __m256 bias, int32_t activation,
                __m256i mask, int64_t rows, int64_t cols, float *dst, int64_t row_floats,
                int64_t pixel_floats) {
  // Columns: s = A' m.
  __m256 s0[4], s1[4];
  for (int j = 0; j < 4; ++j) {
    const __m256 m0 = _mm256_loadu_ps(p + j * point_step),
                 m1 = _mm256_loadu_ps(p + (4 + j) * point_step),
                 m2 = _mm256_loadu_ps(p + (8 + j) * point_step),
                 m3 = _mm256_loadu_ps(p + (12 + j) * point_step);
    s0[j] = _mm256_add_ps(_mm256_add_ps(m0, m1), m2);
    s1[j] = _mm256_sub_ps(_mm256_sub_ps(m1, m2), m3);
  }
  // Rows: (A' m) A.
  const __m256 y[2][2] = {
      {_mm256_add_ps(_mm256_add_ps(_mm256_add_ps(s0[0], s0[1]), s0[2]), bias),
       _mm256_add_ps(_mm256_sub_ps(_mm256_sub_ps(s0[1], s0[2]), s0[3]), bias)},
      {_mm256_add_ps(_mm256_add_ps(_mm256_add_ps(s1[0], s1[1]), s1[2]), bias),
       _mm256_add_ps(_mm256_sub_ps(_mm256_sub_ps(s1[1], s1[2]), s1[3]), bias)}};
  if (POOL) {
    __m256 best = _mm256_set1_ps(-FLT_MAX);
    for (int i = 0; i < 2; ++i)
      for (int j = 0; j < 2; ++j)
        best = _mm256_max_ps(Activate(y[i][j], activation), best);
    if (FULL)
      _mm256_storeu_ps(dst, best);
    else
      _mm256_maskstore_ps(dst, mask, best);
    return;
  }
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 2; ++j) {
      if (i >= rows || j >= cols)
        continue;
      float *d = dst + i * row_floats + j * pixel_floats;
      const __m256 v = Activate(y[i][j], activation);
      if (FULL)
        _mm256_storeu_ps(d, v);
      else
        _mm256_maskstore_ps(d, mask, v);
    }
}

// Output rows [0, rows) of `out` (a pass's first output row on) from
// M[point][tile][channel], bias added and activated; pixels past out_w and
// rows past `rows` are not written. With POOL, a 2x2 stride-2 max-pool
// whose windows are the tiles: `rows` is even, and the tiles of the first
// `pooled_w` columns are written, one pooled pixel each.
template <bool POOL>
void OutputTransform(const ConvShape &x, const Geometry &g, const float *m, int64_t tile_rows,
                     int64_t rows, float *out, int64_t pooled_w) {
  const int64_t tiles = tile_rows * g.tiles_w, point_step = tiles * g.ldu;
  const int64_t out_c = x.out_c, out_w = x.out_w;
  // Floats between output rows of a tile and between tiles along a row.
  const int64_t row_floats = POOL ? 0 : out_w * out_c;
  const int64_t tile_row_floats = POOL ? pooled_w * out_c : 2 * out_w * out_c;
  const int64_t tile_floats = POOL ? out_c : 2 * out_c;
  const int64_t tiles_written = POOL ? pooled_w : g.tiles_w;
  const int64_t full_end = out_c / kLanes * kLanes, tail = out_c - full_end;
  const int32_t activation = x.activation;
  const float *bias = x.bias;
  const __m256i mask = LaneMask(tail);
  const __m256 tail_bias =
      bias && tail ? _mm256_maskload_ps(bias + full_end, mask) : _mm256_setzero_ps();
  for (int64_t ty = 0; ty < tile_rows; ++ty) {
    const int64_t tile_rows_valid = std::min<int64_t>(2, rows - 2 * ty);
    for (int64_t tx = 0; tx < tiles_written; ++tx) {
      const int64_t cols = std::min<int64_t>(2, out_w - 2 * tx);
      const float *p = m + (ty * g.tiles_w + tx) * g.ldu;
      float *dst = out + ty * tile_row_floats + tx * tile_floats;
      for (int64_t c = 0; c < full_end; c += kLanes)
        TileOutput<true, POOL>(p + c, point_step,
                               bias ? _mm256_loadu_ps(bias + c) : _mm256_setzero_ps(),
                               activation, mask, tile_rows_valid, cols, dst + c, row_floats,
                               out_c);
      if (tail)
        TileOutput<false, POOL>(p + full_end, point_step, tail_bias, activation, mask,
                                tile_rows_valid, cols, dst + full_end, row_floats, out_c);
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
  const int64_t tile_rows = CeilDiv(n, 2);
  // Passes of nearly equal size: a short last pass would have too few
  // tiles for whole register blocks.
  const int64_t passes = CeilDiv(tile_rows, g.pass_rows);
  const int64_t base = tile_rows / passes, longer = tile_rows % passes;
  for (int64_t i = 0, t0 = 0; i < passes; ++i) {
    const int64_t rows = base + (i < longer ? 1 : 0);
    const int64_t tiles = rows * g.tiles_w;
    float *strip = s.im2col;
    float *v = strip + (2 * rows + 2) * g.strip_w * g.depth;
    float *m = v + kPoints * tiles * g.depth;
    const int64_t y0 = oy + 2 * t0; // the pass's first output row
    CopyStrip(x, b, y0 - x.pad_top, 2 * rows + 2, g.strip_w, g.depth, strip);
    InputTransform(g, strip, rows, v);
    for (int64_t p = 0; p < kPoints; ++p)
      SmallGemm(tiles, g.ldu, g.depth, v + p * tiles * g.depth, g.depth,
                plan.filter + p * g.depth * g.ldu, g.ldu, m + p * tiles * g.ldu, g.ldu);
    // The pass's first row of the output: a pooled row per tile row.
    const int64_t first = POOL ? t0 * pooled_w * x.out_c : 2 * t0 * x.out_w * x.out_c;
    OutputTransform<POOL>(x, g, m, rows, std::min(2 * rows, n - 2 * t0), out + first,
                          pooled_w);
    t0 += rows;
  }
}

// The transformed filter: 16 matrices [depth][ldu] (the geometry's),
// U = G f G' of every input/output channel pair, zeros in the padding.
void PackFilter(const void *shape, float *packed) {
  const ConvShape &x = *static_cast<const ConvShape *>(shape);
  const Geometry g = GeometryOf(x);
  const int64_t depth = g.depth, ldu = g.ldu;
  std::fill(packed, packed + kPoints * depth * ldu, 0.0f);
  for (int64_t ic = 0; ic < x.in_c; ++ic)
    for (int64_t oc = 0; oc < x.out_c; ++oc) {
      double f[3][3];
      for (int ky = 0; ky < 3; ++ky)
        for (int kx = 0; kx < 3; ++kx)
          f[ky][kx] = x.filter[((ky * 3 + kx) * x.in_c + ic) * x.out_c + oc];
      // t = G f, G = [1 0 0; 1/2 1/2 1/2; 1/2 -1/2 1/2; 0 0 1]; then t G'.
      double t[4][3];
      for (int j = 0; j < 3; ++j) {
        t[0][j] = f[0][j];
        t[1][j] = 0.5 * (f[0][j] + f[1][j] + f[2][j]);
        t[2][j] = 0.5 * (f[0][j] - f[1][j] + f[2][j]);
        t[3][j] = f[2][j];
      }
      for (int i = 0; i < 4; ++i) {
        const double u[4] = {t[i][0], 0.5 * (t[i][0] + t[i][1] + t[i][2]),
                             0.5 * (t[i][0] - t[i][1] + t[i][2]), t[i][2]};
        for (int j = 0; j < 4; ++j)
          packed[((i * 4 + j) * depth + ic) * ldu + oc] = float(u[j]);
      }
    }
}

struct WinogradJob {
  const ConvRowPlan *plan;
  tfcc_runtime *rt;
  int64_t tile_rows;  // per image: CeilDiv(out_h, 2)
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
    const int64_t oy = 2 * ty;
    WinogradConvRows(*job.plan, s, b, oy, std::min(2 * n, x.out_h - oy),
                     x.output + (b * x.out_h + oy) * x.out_w * x.out_c);
    u += n;
  }
}

} // namespace

bool WinogradFilter(const ConvShape &x, bool constant_filter) {
  // Below 8 channels on either side the transforms, which cost per channel,
  // outweigh the products, which cost per channel pair. Above 128 x 128 the
  // 16 transformed matrices (1 MB) no longer stay in L2, and a small image
  // has too few tiles to pay for streaming them: 7x7 at 512 -> 512 took
  // 21 ms against 4.7 ms by im2col + GEMM (docs/PERFORMANCE.md).
  return constant_filter && x.fh == 3 && x.fw == 3 && x.in_c >= 8 && x.out_c >= 8 &&
         x.in_c * x.out_c <= kMaxChannelPairs;
}

bool WinogradFits(const ConvShape &x) {
  if (x.stride_h != 1 || x.stride_w != 1 || x.dilation_h != 1 || x.dilation_w != 1)
    return false;
  return PassFloats(GeometryOf(x), 1) <= kIm2colScratchFloats;
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
  const int64_t tile_rows = CeilDiv(x.out_h, 2), units = x.batch * tile_rows;
  const int64_t threads = rt.pool.num_threads();
  // Multiply-adds of the 16 products per tile.
  const int64_t work = units * CeilDiv(x.out_w, 2) * kPoints * x.in_c * x.out_c;
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
