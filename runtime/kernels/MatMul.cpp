#include "runtime/kernels/MatMul.h"

#include "runtime/Context.h"
#include "runtime/kernels/Lanes.h"
#include "tfcc/kernels.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <numeric>

namespace tfcc::rt {
namespace {

// Blocks are multiples of this many rows or columns, so that no thread gets
// a sliver narrower than a vector of the kernels.
constexpr int64_t kGrain = 8;
// Fewer rows than this stream op(b) once, packing nothing: from column
// panels (a constant b), by SmallRowsAccumulate (b as it is) or as dot
// products with b's rows (b transposed, a not).
constexpr int64_t kSmallRows = 4;

struct Job {
  const MatMulArgs *args;
  tfcc_runtime *rt;
  bool split_rows;
  int64_t block; // rows or columns per task
};

/// c[rows, cols] += op(a) * b for a few rows and b not transposed: rows of b
/// are streamed once and added, scaled, to every row of c, an axpy the
/// compiler vectorizes. A GEMV this way reads b once, where the GEMM would
/// first pack it: batch-1 products are bound by reading the weights.
/// Four rows of b go into c per pass, so c is loaded and stored once per
/// four rows of b, not once per row. With a store per row of b, a core that
/// matches loads against pending stores by their low 12 address bits stalled
/// whenever c and the weights met that way: mlp_b1 ran at 70 or 130 µs
/// depending on where its arena put c. The sums keep the one-row order.
void SmallRowsAccumulate(int64_t rows, int64_t cols, int64_t k, GemmOperand a,
                         const float *b, int64_t ldb, float *c, int64_t ldc) {
  auto scaleOf = [&](int64_t r, int64_t kk) {
    return a.transposed ? a.data[kk * a.ld + r] : a.data[r * a.ld + kk];
  };
  int64_t kk = 0;
  for (; kk + 4 <= k; kk += 4) {
    const float *__restrict b0 = b + kk * ldb;
    const float *__restrict b1 = b0 + ldb;
    const float *__restrict b2 = b1 + ldb;
    const float *__restrict b3 = b2 + ldb;
    for (int64_t r = 0; r < rows; ++r) {
      const float s0 = scaleOf(r, kk), s1 = scaleOf(r, kk + 1);
      const float s2 = scaleOf(r, kk + 2), s3 = scaleOf(r, kk + 3);
      float *__restrict crow = c + r * ldc;
      for (int64_t j = 0; j < cols; ++j) {
        float t = crow[j];
        t += s0 * b0[j];
        t += s1 * b1[j];
        t += s2 * b2[j];
        t += s3 * b3[j];
        crow[j] = t;
      }
    }
  }
  for (; kk < k; ++kk) {
    const float *__restrict brow = b + kk * ldb;
    for (int64_t r = 0; r < rows; ++r) {
      const float scale = scaleOf(r, kk);
      float *__restrict crow = c + r * ldc;
      for (int64_t j = 0; j < cols; ++j)
        crow[j] += scale * brow[j];
    }
  }
}

/// c[ROWS, COLS] += a[ROWS, k] * op(b)[k, COLS] for b transposed, whose
/// columns are then contiguous rows of b.data: each streams once, dotted
/// with every row of a (contiguous, lda apart) in 8 lanes of partial sums,
/// which are added across at the end. The GEMM would pack op(b) on every
/// call only to use it for a few rows.
template <int ROWS, int COLS>
void DotBlock(int64_t k, const float *a, int64_t lda, const float *b, int64_t ldb, float *c,
              int64_t ldc) {
  __m256 acc[ROWS][COLS];
#pragma GCC unroll 3
  for (int r = 0; r < ROWS; ++r)
#pragma GCC unroll 8
    for (int j = 0; j < COLS; ++j)
      acc[r][j] = _mm256_setzero_ps();
  auto step = [&](int64_t kk, auto load) {
    __m256 x[ROWS];
#pragma GCC unroll 3
    for (int r = 0; r < ROWS; ++r)
      x[r] = load(a + r * lda + kk);
#pragma GCC unroll 8
    for (int j = 0; j < COLS; ++j) {
      const __m256 w = load(b + j * ldb + kk);
#pragma GCC unroll 3
      for (int r = 0; r < ROWS; ++r)
        acc[r][j] = _mm256_fmadd_ps(x[r], w, acc[r][j]);
    }
  };
  int64_t kk = 0;
  for (; kk + 8 <= k; kk += 8)
    step(kk, [](const float *p) { return _mm256_loadu_ps(p); });
  if (kk < k) {
    // The lanes past k load as zeros.
    const __m256i tail = LaneMask(k - kk);
    step(kk, [tail](const float *p) { return _mm256_maskload_ps(p, tail); });
  }
#pragma GCC unroll 3
  for (int r = 0; r < ROWS; ++r)
#pragma GCC unroll 8
    for (int j = 0; j < COLS; ++j) {
      const __m128 h = _mm_add_ps(_mm256_castps256_ps128(acc[r][j]),
                                  _mm256_extractf128_ps(acc[r][j], 1));
      const __m128 q = _mm_add_ps(h, _mm_movehl_ps(h, h));
      c[r * ldc + j] += _mm_cvtss_f32(_mm_add_ss(q, _mm_movehdup_ps(q)));
    }
}

/// DotBlock over `cols` columns, 8, 6 or 4 at a time for 1, 2 or 3 rows (8
/// or 12 sums in registers), then 4, then one. Two rows by 784 x 512 took
/// 36-42 us in blocks of 6 columns, 44-46 in blocks of 4.
template <int ROWS>
void DotRows(int64_t cols, int64_t k, const float *a, int64_t lda, const float *b,
             int64_t ldb, float *c, int64_t ldc) {
  constexpr int kCols = ROWS == 1 ? 8 : ROWS == 2 ? 6 : 4;
  int64_t j = 0;
  for (; j + kCols <= cols; j += kCols)
    DotBlock<ROWS, kCols>(k, a, lda, b + j * ldb, ldb, c + j, ldc);
  for (; j + 4 <= cols; j += 4)
    DotBlock<ROWS, 4>(k, a, lda, b + j * ldb, ldb, c + j, ldc);
  for (; j < cols; ++j)
    DotBlock<ROWS, 1>(k, a, lda, b + j * ldb, ldb, c + j, ldc);
}

/// c[ROWS, NV vectors] += op(a) * panel for the columns of a column panel,
/// the last vector `last` (1..8) lanes wide, c held in registers over the
/// whole depth: the panel streams once, and c is loaded and stored once, so
/// no store waits in front of the panel's loads. A panel is stored as two
/// halves of up to 32 columns (PackedPanels); vectors 0-3 read the first
/// (rows `ld0` floats apart), 4-7 the second (`ld1`). One row reads both
/// halves at once: a core here reads 70-75 GB/s from L3 as two streams,
/// 59-70 as one (tfcc_gemm_bench's BM_SumStreams). The last vector of a
/// narrower panel (MASKED) is read and written under a mask: its rows are
/// only its width apart, so an unmasked load would read the next row, and
/// past the panel at the end. Full panels skip the mask (masked, 784 x 512
/// at 1 thread took 25.5-26.3 us against 24.7-26.1). Each sum adds the
/// depth in order from c's value with fused multiply-adds, as
/// SmallRowsAccumulate's do, so both give the same bits. Loading and
/// storing c every 4 rows of the panel instead (SmallRowsAccumulate) took
/// 1.5-2.5 us for [1, 512] x [512, 10], against 0.7.
template <int ROWS, int NV, bool MASKED>
void PanelVectors(int64_t k, GemmOperand a, const float *half0, int64_t ld0,
                  const float *half1, int64_t ld1, int last, float *c, int64_t ldc) {
  static_assert(NV <= 4 || ROWS == 1, "two halves only for one row");
  // Strides of op(a) along the depth and the rows: no branch in the loop.
  const int64_t step_k = a.transposed ? a.ld : 1, step_r = a.transposed ? 1 : a.ld;
  const __m256i mask = LaneMask(last);
  auto load = [&](const float *p, int v) {
    return MASKED && v == NV - 1 ? _mm256_maskload_ps(p, mask) : _mm256_loadu_ps(p);
  };
  __m256 acc[ROWS][NV];
#pragma GCC unroll 3
  for (int r = 0; r < ROWS; ++r)
#pragma GCC unroll 8
    for (int v = 0; v < NV; ++v)
      acc[r][v] = load(c + r * ldc + kLanes * v, v);
  for (int64_t kk = 0; kk < k; ++kk) {
    const float *row0 = half0 + kk * ld0, *row1 = half1 + kk * ld1;
    __m256 w[NV];
#pragma GCC unroll 8
    for (int v = 0; v < NV; ++v)
      w[v] = load(v < 4 ? row0 + kLanes * v : row1 + kLanes * (v - 4), v);
#pragma GCC unroll 3
    for (int r = 0; r < ROWS; ++r) {
      const __m256 s = _mm256_set1_ps(a.data[kk * step_k + r * step_r]);
#pragma GCC unroll 8
      for (int v = 0; v < NV; ++v)
        acc[r][v] = _mm256_fmadd_ps(s, w[v], acc[r][v]);
    }
  }
#pragma GCC unroll 3
  for (int r = 0; r < ROWS; ++r)
#pragma GCC unroll 8
    for (int v = 0; v < NV; ++v) {
      float *dst = c + r * ldc + kLanes * v;
      if (MASKED && v == NV - 1)
        _mm256_maskstore_ps(dst, mask, acc[r][v]);
      else
        _mm256_storeu_ps(dst, acc[r][v]);
    }
}

/// PanelVectors for `cols` (1..64 for one row, 1..32 for two or three)
/// columns of a panel's halves: a full panel (or half) unmasked, a
/// narrower one masked. Only one row instantiates 5 to 8 masked vectors
/// (each is 1-1.6 KB of code, and an executable's code is held under 200 KB).
template <int ROWS>
void PanelColumns(int64_t cols, int64_t k, GemmOperand a, const float *half0, int64_t ld0,
                  const float *half1, int64_t ld1, float *c, int64_t ldc) {
  constexpr int kFull = ROWS == 1 ? 8 : 4;
  if (cols == kFull * kLanes)
    return PanelVectors<ROWS, kFull, false>(k, a, half0, ld0, half1, ld1, int(kLanes), c,
                                            ldc);
  const int64_t vectors = CeilDiv(cols, kLanes);
  const int last = int(cols - kLanes * (vectors - 1));
  switch (vectors) {
  case 1:
    return PanelVectors<ROWS, 1, true>(k, a, half0, ld0, half1, ld1, last, c, ldc);
  case 2:
    return PanelVectors<ROWS, 2, true>(k, a, half0, ld0, half1, ld1, last, c, ldc);
  case 3:
    return PanelVectors<ROWS, 3, true>(k, a, half0, ld0, half1, ld1, last, c, ldc);
  case 4:
    return PanelVectors<ROWS, 4, true>(k, a, half0, ld0, half1, ld1, last, c, ldc);
  }
  if constexpr (ROWS == 1) {
    switch (vectors) {
    case 5:
      return PanelVectors<1, 5, true>(k, a, half0, ld0, half1, ld1, last, c, ldc);
    case 6:
      return PanelVectors<1, 6, true>(k, a, half0, ld0, half1, ld1, last, c, ldc);
    case 7:
      return PanelVectors<1, 7, true>(k, a, half0, ld0, half1, ld1, last, c, ldc);
    default:
      return PanelVectors<1, 8, true>(k, a, half0, ld0, half1, ld1, last, c, ldc);
    }
  }
}

/// One column panel of `width` (up to kPanelCols) columns for `rows` (<
/// kSmallRows) rows. A row's 64 sums fill 8 of the 16 AVX registers and
/// read both halves at once; two or three rows take the halves in turn,
/// their 32 sums in 8 or 12 registers.
void PanelRows(int64_t rows, int64_t width, int64_t k, GemmOperand a, const float *panel,
               float *c, int64_t ldc) {
  static_assert(kPanelCols == 2 * kPanelHalfCols, "PanelRows' register blocks assume two halves");
  const int64_t w0 = std::min(kPanelHalfCols, width), w1 = width - w0;
  const float *half1 = panel + kPanelHalfCols * k;
  if (rows == 1) {
    PanelColumns<1>(width, k, a, panel, w0, half1, w1, c, ldc);
    return;
  }
  auto half = [&](const float *data, int64_t cols, float *ch) {
    if (rows == 2)
      PanelColumns<2>(cols, k, a, data, cols, nullptr, 0, ch, ldc);
    else
      PanelColumns<3>(cols, k, a, data, cols, nullptr, 0, ch, ldc);
  };
  half(panel, w0, c);
  if (w1 > 0)
    half(half1, w1, c + kPanelHalfCols);
}

/// c[0, cols) += sum over r of scales[r] * rows[r][0, cols), the rows in
/// order, with fused multiply-adds from c's value (PanelVectors' order).
template <int R>
void AddScaledRows(int64_t cols, const float *const *rows, const float *scales, float *c) {
  __m256 s[R];
#pragma GCC unroll 8
  for (int r = 0; r < R; ++r)
    s[r] = _mm256_set1_ps(scales[r]);
  int64_t j = 0;
  for (; j + kLanes <= cols; j += kLanes) {
    __m256 acc = _mm256_loadu_ps(c + j);
#pragma GCC unroll 8
    for (int r = 0; r < R; ++r)
      acc = _mm256_fmadd_ps(s[r], _mm256_loadu_ps(rows[r] + j), acc);
    _mm256_storeu_ps(c + j, acc);
  }
  if (j < cols) {
    const __m256i mask = LaneMask(cols - j);
    __m256 acc = _mm256_maskload_ps(c + j, mask);
#pragma GCC unroll 8
    for (int r = 0; r < R; ++r)
      acc = _mm256_fmadd_ps(s[r], _mm256_maskload_ps(rows[r] + j, mask), acc);
    _mm256_maskstore_ps(c + j, mask, acc);
  }
}

/// c[0, cols) += a * b for one contiguous row a of k floats and b as it is
/// (row-major, rows ldb apart), reading only the rows of b that meet a
/// nonzero in a. After a ReLU a third to a half of a batch-1 layer's inputs
/// are zero, and the product is bound by reading the weights: the peer
/// benchmark's mlp_b1 input leaves 45 % of layer 2's zero, and skipping
/// them took mlp_b1 at 1 thread from 37.8 to 30.4 us. Eight such rows go into c per
/// pass, so c is loaded and stored once per 8 rows of b read (2 KB each at
/// 512 columns, long enough runs for the hardware prefetcher). Every column
/// still adds its terms in the depth's order from c's value, so c has the
/// bits PanelVectors gives it: a skipped term is 0 * b, an exact zero, where
/// b is finite (the caller's condition).
void NonzeroRowsAccumulate(int64_t cols, int64_t k, const float *a, const float *b,
                           int64_t ldb, float *c) {
  constexpr int kGroup = 8;
  const float *rows[kGroup];
  float scales[kGroup];
  int filled = 0;
  for (int64_t kk = 0; kk < k; ++kk) {
    if (a[kk] == 0.0f)
      continue;
    rows[filled] = b + kk * ldb;
    scales[filled] = a[kk];
    if (++filled == kGroup) {
      AddScaledRows<kGroup>(cols, rows, scales, c);
      filled = 0;
    }
  }
  for (int r = 0; r < filled; ++r)
    AddScaledRows<1>(cols, rows + r, scales + r, c);
}

/// Columns of c, at least, for which NonzeroRowsAccumulate beats the
/// panels: it reads b in runs of a row's columns between skipped rows. At
/// 1 KB (two threads' halves of mlp_b1's 512 columns) or less (its last
/// layer's 10) runs were slower than the panels' one contiguous stream:
/// mlp_b1 at 2 threads with a third zeros 20.6-23.7 -> 26.9-32.1 us.
constexpr int64_t kMinSparseCols = 512;

/// Whether a third or more of a's k (contiguous) floats are zero: below
/// that, reading only the rows of b that meet a nonzero is no faster than
/// the panels (mlp_b1 at 1 thread with a quarter of layer 2's inputs zero:
/// even; with none: 3-5 % slower; with a third: 0-5 % faster).
bool MostlyZeros(const float *a, int64_t k) {
  int64_t zeros = 0;
  for (int64_t kk = 0; kk < k; ++kk)
    zeros += a[kk] == 0.0f;
  return 3 * zeros >= k;
}

/// Whether rows of a product stream op(b) once and pack nothing: a few
/// rows, with b in column panels (a constant), as it is, or transposed and
/// dotted with rows of a that are contiguous.
bool StreamsB(const MatMulArgs &x, int64_t rows) {
  return rows < kSmallRows && (x.panel_b || !x.b.transposed || !x.a.transposed);
}

void RunBlock(const MatMulArgs &x, const Scratch &s, int64_t r0, int64_t rows,
              int64_t c0, int64_t cols) {
  GemmOperand a = x.a, b = x.b;
  a.data += a.transposed ? r0 : r0 * a.ld;
  b.data += b.transposed ? c0 * b.ld : c0;
  float *c = x.c + r0 * x.ldc + c0;
  const float *bias = x.bias ? x.bias + c0 : nullptr;
  // The GEMM's kernels start c at the bias and apply the activation as
  // they store it.
  const GemmEpilogue whole{true, bias, true, x.activation};
  if (x.k > 0 && !StreamsB(x, rows)) {
    if (x.packed_b)
      GemmPacked(s, rows, cols, x.k, a, PackedBColumns(x.packed_b, c0, x.k), c, x.ldc, whole);
    else
      Gemm(s, rows, cols, x.k, a, b, c, x.ldc, whole);
    return;
  }
  InitWithBias(c, x.ldc, rows, cols, bias);
  if (x.k > 0) {
    if (x.sparse_a && cols >= kMinSparseCols) {
      NonzeroRowsAccumulate(cols, x.k, a.data, b.data, b.ld, c);
    } else if (x.panel_b) {
      // c0 and the block's end are panel edges (ParallelMatMul's grain).
      for (int64_t p = c0; p < c0 + cols; p += kPanelCols) {
        const int64_t width = std::min(kPanelCols, x.n - p);
        PanelRows(rows, width, x.k, a, x.panel_b + p * x.k, c + (p - c0), x.ldc);
      }
    } else if (!b.transposed) {
      SmallRowsAccumulate(rows, cols, x.k, a, b.data, b.ld, c, x.ldc);
    } else {
      auto dot = rows == 1 ? DotRows<1> : rows == 2 ? DotRows<2> : DotRows<3>;
      dot(cols, x.k, a.data, a.ld, b.data, b.ld, c, x.ldc);
    }
  }
  ApplyActivation(c, x.ldc, rows, cols, x.activation);
}

void MatMulTask(void *ctx, int64_t task, int thread) {
  const Job &job = *static_cast<const Job *>(ctx);
  const MatMulArgs &x = *job.args;
  const Scratch &s = job.rt->scratch[thread];
  int64_t begin = task * job.block;
  if (job.split_rows)
    RunBlock(x, s, begin, std::min(job.block, x.m - begin), 0, x.n);
  else
    RunBlock(x, s, 0, x.m, begin, std::min(job.block, x.n - begin));
}

} // namespace

// Stands in a packing slot for "packing failed, use b as it is", so that a
// failed allocation is not retried on every call.
static void *const kUnpacked = reinterpret_cast<void *>(uintptr_t(1));

/// The copy behind `slot`, packed by the first call that gets here.
/// Concurrent first callers may each pack; one publishes its copy, the
/// others free theirs. Later calls only load the pointer: no lock, no
/// allocation. Null when the copy could not be allocated.
const float *PackOnce(void **slot, size_t floats, PackFn pack, const void *ctx) {
  void *have = __atomic_load_n(slot, __ATOMIC_ACQUIRE);
  if (!have) {
    // 64-byte aligned (the micro-kernels want 32), size rounded up to it.
    const size_t bytes = (floats * sizeof(float) + 63) / 64 * 64;
    void *mine = std::aligned_alloc(64, bytes);
    if (mine)
      pack(ctx, static_cast<float *>(mine));
    else
      mine = kUnpacked;
    void *expected = nullptr;
    if (__atomic_compare_exchange_n(slot, &expected, mine, false,
                                    __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
      have = mine;
    } else {
      if (mine != kUnpacked)
        std::free(mine);
      have = expected;
    }
  }
  return have == kUnpacked ? nullptr : static_cast<const float *>(have);
}

namespace {
struct PackBArgs {
  int64_t n, k;
  GemmOperand b;
};
void PackBInto(const void *ctx, float *dst) {
  const PackBArgs &a = *static_cast<const PackBArgs *>(ctx);
  PackB(a.n, a.k, a.b, dst);
}
} // namespace

const float *PackedB(void **slot, int64_t n, int64_t k, GemmOperand b) {
  const PackBArgs args{n, k, b};
  return PackOnce(slot, size_t(PackedBSize(n, k)), PackBInto, &args);
}

namespace {
void PackPanelsInto(const void *ctx, float *dst) {
  const PackBArgs &x = *static_cast<const PackBArgs *>(ctx);
  bool finite = true;
  for (int64_t c0 = 0; c0 < x.n; c0 += kPanelHalfCols) {
    const int64_t width = std::min(kPanelHalfCols, x.n - c0);
    float *half = dst + c0 * x.k;
    for (int64_t r = 0; r < x.k; ++r)
      for (int64_t j = 0; j < width; ++j) {
        const float v = x.b.transposed ? x.b.data[(c0 + j) * x.b.ld + r]
                                       : x.b.data[r * x.b.ld + c0 + j];
        half[r * width + j] = v;
        finite = finite && std::isfinite(v);
      }
  }
  dst[x.n * x.k] = finite ? 1.0f : 0.0f;
}
} // namespace

const float *PackedPanels(void **slot, int64_t n, int64_t k, GemmOperand b) {
  const PackBArgs args{n, k, b};
  return PackOnce(slot, size_t(n * k + 1), PackPanelsInto, &args);
}

bool PanelsOfFiniteB(const float *panels, int64_t n, int64_t k) {
  return panels[n * k] != 0.0f;
}

void ParallelMatMul(tfcc_runtime &rt, const MatMulArgs &x) {
  if (x.m <= 0 || x.n <= 0)
    return;
  const int64_t threads = rt.pool.num_threads();
  const int64_t work = x.m * x.n * std::max<int64_t>(x.k, 1);
  if (threads > 1 && rt.shared_pack && x.k > 0 && x.n > 1 && x.m >= x.n &&
      work >= threads * kMinTaskWork) {
    SharedPanelMatMul(rt, x);
    return;
  }
  // Split the larger side of c (a GEMV, m or n == 1, the other one); each
  // task packs the operand it does not split, the smaller one.
  Job job{&x, &rt, x.m >= x.n, 0};
  const int64_t extent = job.split_rows ? x.m : x.n;
  int64_t tasks = std::min({threads * kTasksPerThread, CeilDiv(extent, kGrain),
                            work / (StreamsB(x, x.m) ? kMinStreamTaskWork : kMinTaskWork)});
  if (threads == 1 || tasks <= 1) {
    RunBlock(x, rt.scratch[0], 0, x.m, 0, x.n);
    return;
  }
  // Column blocks of a packed op(b) start on whole packed panels.
  const int64_t grain = job.split_rows ? kGrain
                        : x.panel_b    ? kPanelCols
                        : x.packed_b   ? std::lcm(kGrain, PackedBGrain())
                                       : kGrain;
  job.block = CeilDiv(CeilDiv(extent, tasks), grain) * grain;
  rt.pool.ParallelFor(CeilDiv(extent, job.block), MatMulTask, &job);
}

} // namespace tfcc::rt

namespace {

// Both entry points; packed_b is null for tfcc_rt_matmul_f32. A GEMM would
// pack op(b) on every call, so a constant one is packed once (slot 0),
// except for a single column. A product of a few rows streams op(b) and
// packs nothing; a constant one streams it from column panels (slot 1), in
// which each thread's columns are one contiguous stream. One row of a that
// is mostly zeros reads only the rows of b it needs, from b as it is.
void MatMulEntry(void *runtime, void **packed_b, int64_t m, int64_t n,
                 int64_t k, const float *a, int32_t transpose_a,
                 const float *b, int32_t transpose_b, const float *bias,
                 int32_t activation, float *c) {
  using namespace tfcc::rt;
  if (m <= 0 || n <= 0 || k < 0)
    return;
  MatMulArgs args{m,
                  n,
                  k,
                  GemmOperand{a, transpose_a ? m : k, transpose_a != 0},
                  GemmOperand{b, transpose_b ? k : n, transpose_b != 0},
                  bias,
                  activation,
                  c,
                  n};
  if (packed_b && k > 0 && n > 1 && m >= kSmallRows)
    args.packed_b = PackedB(&packed_b[0], n, k, args.b);
  else if (packed_b && k > 0 && m < kSmallRows) {
    args.panel_b = PackedPanels(&packed_b[1], n, k, args.b);
    // One row of a is contiguous either way (transposed, its ld is m = 1).
    // Narrower products never skip rows, so they skip the count too.
    args.sparse_a = m == 1 && n >= kMinSparseCols && !transpose_b && args.panel_b &&
                    PanelsOfFiniteB(args.panel_b, n, k) && MostlyZeros(a, k);
  }
  ParallelMatMul(ResolveRuntime(runtime), args);
}

} // namespace

extern "C" void tfcc_rt_matmul_f32(void *runtime, int64_t m, int64_t n,
                                   int64_t k, const float *a,
                                   int32_t transpose_a, const float *b,
                                   int32_t transpose_b, const float *bias,
                                   int32_t activation, float *c) {
  MatMulEntry(runtime, nullptr, m, n, k, a, transpose_a, b, transpose_b, bias,
              activation, c);
}

extern "C" void tfcc_rt_matmul_const_b_f32(
    void *runtime, void **packed_b, int64_t m, int64_t n, int64_t k,
    const float *a, int32_t transpose_a, const float *b, int32_t transpose_b,
    const float *bias, int32_t activation, float *c) {
  MatMulEntry(runtime, packed_b, m, n, k, a, transpose_a, b, transpose_b,
              bias, activation, c);
}
