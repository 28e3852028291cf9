// tfcc_rt_conv2d_max_pool_f32: a convolution whose output only a max-pool
// reads. Each task computes the convolution rows of a few pooled rows'
// windows into the thread's scratch (16 KB for the direct kernel, in L1)
// and pools them from there, so the convolution's output is never written
// to memory and read back: on the peer CNN that round trip was most of the
// pools' 11-14 %.
// Built for x86-64-v3 (runtime/CMakeLists.txt): AVX2.
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

// Several tasks per thread, as DirectConv2D has: the convolution's cost
// dominates and is even across rows.
constexpr int64_t kPoolTasksPerThread = 8;
// Convolution rows (floats) the direct kernel computes per call: 16 KB,
// half of L1.
constexpr int64_t kDirectRowFloats = 4096;

struct PoolShape {
  int64_t h, w, stride_h, stride_w, out_h, out_w;
};

struct PoolJob {
  const ConvRowPlan *plan;
  const PoolShape *pool;
  tfcc_runtime *rt;
  int64_t task_rows;  // pooled rows (over batch x pooled_h) per task
  int64_t group_rows; // pooled rows whose windows one ConvRows call computes
  // Winograd's 4x4 tiles hold whole windows (2x2, stride 2): pooled as
  // the output transform writes them.
  bool tile_windows;
};

// Window taps [0, KH) x [0, KW) of the vectors at `window` (row after row
// `row_floats` apart, pixels `c` apart), combined as TF combines a window:
// from the lowest finite value, a tap taken only where it is greater.
// max_ps(tap, best) returns best when either is NaN, and best never is.
// KH, KW: the window when known here (the loops unroll), else 0.
template <int KH, int KW>
__m256 WindowMax(const float *window, int64_t kh, int64_t kw, int64_t row_floats, int64_t c) {
  __m256 best = _mm256_set1_ps(-FLT_MAX);
  const int64_t rows = KH ? KH : kh, cols = KW ? KW : kw;
  for (int64_t ky = 0; ky < rows; ++ky)
    for (int64_t kx = 0; kx < cols; ++kx)
      best = _mm256_max_ps(_mm256_loadu_ps(window + ky * row_floats + kx * c), best);
  return best;
}

// One pooled row from the pool.h convolution rows in `rows`.
template <int KH, int KW>
void PoolRow(const ConvShape &x, const PoolShape &p, const float *rows, float *out) {
  const int64_t c = x.out_c, row_floats = x.out_w * c;
  const int64_t vec_end = c / kLanes * kLanes;
  for (int64_t px = 0; px < p.out_w; ++px, out += c) {
    const float *window = rows + px * p.stride_w * c;
    for (int64_t c0 = 0; c0 < vec_end; c0 += kLanes)
      _mm256_storeu_ps(out + c0, WindowMax<KH, KW>(window + c0, p.h, p.w, row_floats, c));
    for (int64_t ch = vec_end; ch < c; ++ch) {
      float best = -FLT_MAX;
      for (int64_t ky = 0; ky < p.h; ++ky)
        for (int64_t kx = 0; kx < p.w; ++kx) {
          const float tap = window[ky * row_floats + kx * c + ch];
          best = tap > best ? tap : best;
        }
      out[ch] = best;
    }
  }
}

using PoolRowFn = void (*)(const ConvShape &, const PoolShape &, const float *, float *);

// 2x2 and 3x3 windows with their loops unrolled; any other size.
PoolRowFn PoolRowFor(const PoolShape &p) {
  if (p.h == 2 && p.w == 2)
    return PoolRow<2, 2>;
  if (p.h == 3 && p.w == 3)
    return PoolRow<3, 3>;
  return PoolRow<0, 0>;
}

void PoolTask(void *ctx, int64_t task, int thread) {
  const PoolJob &job = *static_cast<const PoolJob *>(ctx);
  const ConvShape &x = *job.plan->x;
  const PoolShape &p = *job.pool;
  const Scratch &s = job.rt->scratch[thread];
  const PoolRowFn pool_row = PoolRowFor(p);
  const int64_t row_floats = x.out_w * x.out_c;
  const int64_t end = std::min(x.batch * p.out_h, (task + 1) * job.task_rows);
  for (int64_t r = task * job.task_rows; r < end;) {
    const int64_t b = r / p.out_h, py = r % p.out_h;
    const int64_t g = std::min({job.group_rows, end - r, p.out_h - py});
    float *out = x.output + r * p.out_w * x.out_c;
    if (job.tile_windows) {
      WinogradPooledRows(*job.plan, s, b, py * p.stride_h, g, p.out_w, out);
    } else {
      ConvRows(*job.plan, s, b, py * p.stride_h, (g - 1) * p.stride_h + p.h, s.pool_rows);
      for (int64_t i = 0; i < g; ++i)
        pool_row(x, p, s.pool_rows + i * p.stride_h * row_floats, out + i * p.out_w * x.out_c);
    }
    r += g;
  }
}

} // namespace
} // namespace tfcc::rt

extern "C" void tfcc_rt_conv2d_max_pool_f32(
    void *runtime, void **packed_filter, const float *input, int64_t batch, int64_t in_h,
    int64_t in_w, int64_t in_c, const float *filter, int64_t fh, int64_t fw, int64_t out_c,
    int64_t out_h, int64_t out_w, int64_t stride_h, int64_t stride_w, int64_t dilation_h,
    int64_t dilation_w, int64_t pad_top, int64_t pad_left, const float *bias,
    int32_t activation, int64_t pool_h, int64_t pool_w, int64_t pool_stride_h,
    int64_t pool_stride_w, int64_t pooled_h, int64_t pooled_w, float *output) {
  using namespace tfcc::rt;
  // What the compiler never passes (kernels.h): nothing to report it to.
  if (batch < 0 || in_h < 0 || in_w < 0 || in_c < 0 || fh < 1 || fw < 1 || out_c < 1 ||
      stride_h < 1 || stride_w < 1 || dilation_h < 1 || dilation_w < 1 || pool_h < 1 ||
      pool_w < 1 || pool_stride_h < 1 || pool_stride_w < 1 || pooled_h < 0 ||
      pooled_w < 0 || (pooled_h > 0 && (pooled_h - 1) * pool_stride_h + pool_h > out_h) ||
      (pooled_w > 0 && (pooled_w - 1) * pool_stride_w + pool_w > out_w) ||
      pool_h * out_w * out_c > TFCC_CONV_MAX_POOL_ROW_FLOATS)
    return;
  const int64_t rows = batch * pooled_h;
  if (rows == 0 || pooled_w == 0)
    return;
  tfcc_runtime &rt = ResolveRuntime(runtime);
  // The convolution's own output pointer is never written: rows go to
  // scratch. `output` is the pool's.
  const ConvShape x{input, batch, in_h, in_w, in_c, filter, fh, fw, out_c, out_h, out_w,
                    stride_h, stride_w, dilation_h, dilation_w, pad_top, pad_left, bias,
                    activation, output};
  const PoolShape pool{pool_h, pool_w, pool_stride_h, pool_stride_w, pooled_h, pooled_w};
  const ConvRowPlan plan = PlanConvRows(rt, x, packed_filter);
  const int64_t threads = rt.pool.num_threads();
  const int64_t work = rows * pool_h * out_w * out_c * fh * fw * in_c;
  // Tasks of at least a quarter of the GEMM's minimum work: the filter is
  // packed once and a task's rows stay in L1, so a task is cheap to start.
  // With the GEMM's minimum, the peer CNN's 1-channel first layer (113 K
  // multiply-adds at batch 1) ran on one thread; split, cnn_b1 at 2
  // threads took 17.2-20.9 us against 18.3-23.4 (fastest samples, 3
  // alternating rounds). One task on one thread, where more would only cut
  // each call's rows shorter; and one per thread for Winograd's, whose
  // calls want many rows (a call's tiles are the rows of its small GEMMs).
  const int64_t per_thread = plan.winograd ? 1 : kPoolTasksPerThread;
  const int64_t tasks =
      threads == 1 ? 1
                   : std::max<int64_t>(
                         1, std::min(threads * per_thread, work / (kMinTaskWork / 4)));
  // One ConvRows call computes the rows of several windows: the direct
  // kernel as many as stay in L1 (each call copies the padded input rows
  // it reads, those of the window below included: on the CNN's first layer
  // a window at a time made the pooled convolution 30 % slower than the
  // convolution alone), im2col + GEMM as many as the scratch holds, since
  // its GEMM wants tall blocks.
  const int64_t fit_floats =
      plan.direct || plan.winograd ? kDirectRowFloats : TFCC_CONV_MAX_POOL_ROW_FLOATS;
  const int64_t fit = fit_floats / (out_w * out_c);
  const int64_t group = std::max<int64_t>(1, (fit - pool_h) / pool_stride_h + 1);
  const bool tile_windows = plan.winograd && pool_h == 2 && pool_w == 2 &&
                            pool_stride_h == 2 && pool_stride_w == 2;
  // Pooled as they are transformed, rows need no scratch: a call takes the
  // task's rows, which Winograd's passes divide evenly.
  PoolJob job{&plan, &pool, &rt, CeilDiv(rows, tasks), tile_windows ? rows : group,
              tile_windows};
  rt.pool.ParallelFor(CeilDiv(rows, job.task_rows), PoolTask, &job);
}
