// tfcc_rt_conv2d_f32: the direct convolution (DirectConv.cpp) where it is
// faster; otherwise im2col into each thread's scratch, one block of output
// rows at a time, then the GEMM of that block against the HWIO filter (which
// already is the [fh*fw*in_c, out_c] row-major matrix the GEMM wants).
#include "runtime/Context.h"
#include "runtime/kernels/Conv2D.h"
#include "runtime/kernels/MatMul.h"
#include "tfcc/kernels.h"

#include <algorithm>
#include <cstring>

namespace tfcc::rt {
namespace {

// A patch block gets at least this many rows before its columns are split:
// fewer rows would leave the GEMM too little to reuse each packed panel.
constexpr int64_t kMinBlockRows = 128;
constexpr int64_t kRowGrain = 8;

struct ConvJob {
  const ConvRowPlan *plan;
  tfcc_runtime *rt;
  int64_t rows; // patch rows (output pixels), M
};

// Runs of a patch row, often empty (no padding on that side).
void CopyRun(float *dst, const float *src, int64_t n) {
  if (n > 0)
    std::memcpy(dst, src, size_t(n) * sizeof(float));
}
void ZeroRun(float *dst, int64_t n) {
  if (n > 0)
    std::memset(dst, 0, size_t(n) * sizeof(float));
}

// Writes patch-matrix row `row`, columns [k0, k1), to dst. A filter row's
// columns (fw taps of in_c channels) at a time, so that only the start
// takes a division: mnist-sized training steps spent a third of their time
// here when each tap's position came from dividing its column.
void Im2colRow(const ConvShape &x, int64_t row, int64_t k0, int64_t k1,
               float *dst) {
  const int64_t ox = row % x.out_w;
  const int64_t oy = (row / x.out_w) % x.out_h;
  const int64_t b = row / (x.out_w * x.out_h);
  const int64_t y0 = oy * x.stride_h - x.pad_top;
  const int64_t x0 = ox * x.stride_w - x.pad_left;
  const float *image = x.input + b * x.in_h * x.in_w * x.in_c;
  const int64_t row_cols = x.fw * x.in_c;
  // Undilated, a filter row's taps inside the image read one contiguous run
  // of the input row: its columns [inside0, inside1) of the filter row.
  const int64_t inside0 = std::clamp<int64_t>(-x0, 0, x.fw) * x.in_c;
  const int64_t inside1 = std::clamp<int64_t>(x.in_w - x0, 0, x.fw) * x.in_c;
  for (int64_t ky = k0 / row_cols, k = ky * row_cols; k < k1; ++ky, k += row_cols) {
    // This filter row's columns within [k0, k1), relative to its start.
    const int64_t lo = std::max(k0, k) - k, hi = std::min(k1, k + row_cols) - k;
    const int64_t iy = y0 + ky * x.dilation_h;
    if (iy < 0 || iy >= x.in_h) {
      ZeroRun(dst, hi - lo);
    } else if (x.dilation_w == 1) {
      const int64_t c0 = std::clamp(inside0, lo, hi), c1 = std::clamp(inside1, c0, hi);
      ZeroRun(dst, c0 - lo);
      // Column c of the filter row reads input element (iy, x0) * in_c + c.
      CopyRun(dst + (c0 - lo), image + ((iy * x.in_w + x0) * x.in_c + c0), c1 - c0);
      ZeroRun(dst + (c1 - lo), hi - c1);
    } else {
      for (int64_t c = lo; c < hi;) {
        const int64_t kx = c / x.in_c, ic = c - kx * x.in_c;
        const int64_t ix = x0 + kx * x.dilation_w;
        const int64_t len = std::min(x.in_c - ic, hi - c);
        if (ix < 0 || ix >= x.in_w)
          ZeroRun(dst + (c - lo), len);
        else
          CopyRun(dst + (c - lo), image + (iy * x.in_w + ix) * x.in_c + ic, len);
        c += len;
      }
    }
    dst += hi - lo;
  }
}

// Patch rows [r0, r0 + rows) (rows <= plan.block_rows) into out[rows][out_c].
void PatchRows(const ConvRowPlan &plan, const Scratch &s, int64_t r0, int64_t rows,
               float *out) {
  const ConvShape &x = *plan.x;
  if (plan.depth == 0) { // no input channels: the bias alone
    InitWithBias(out, x.out_c, rows, x.out_c, x.bias);
    ApplyActivation(out, x.out_c, rows, x.out_c, x.activation);
    return;
  }
  for (int64_t k0 = 0; k0 < plan.depth; k0 += plan.block_cols) {
    const int64_t cols = std::min(plan.block_cols, plan.depth - k0);
    for (int64_t r = 0; r < rows; ++r)
      Im2colRow(x, r0 + r, k0, k0 + cols, s.im2col + r * cols);
    const GemmEpilogue e{k0 == 0, x.bias, k0 + cols == plan.depth, x.activation};
    if (plan.packed_filter) // whole depth in one pass (see PlanConvRows)
      GemmPacked(s, rows, x.out_c, cols, GemmOperand{s.im2col, cols, false},
                 plan.packed_filter, out, x.out_c, e);
    else
      Gemm(s, rows, x.out_c, cols, GemmOperand{s.im2col, cols, false},
           GemmOperand{x.filter + k0 * x.out_c, x.out_c, false}, out, x.out_c, e);
  }
}

void ConvTask(void *ctx, int64_t task, int thread) {
  const ConvJob &job = *static_cast<const ConvJob *>(ctx);
  const ConvRowPlan &plan = *job.plan;
  const int64_t r0 = task * plan.block_rows;
  PatchRows(plan, job.rt->scratch[thread], r0, std::min(plan.block_rows, job.rows - r0),
            plan.x->output + r0 * plan.x->out_c);
}

void PackDirectInto(const void *shape, float *dst) {
  PackDirectFilter(*static_cast<const ConvShape *>(shape), dst);
}

// The filter DirectConv2D reads: the constant filter's packed copy, or the
// filter itself when out_c is whole vectors; null when neither is possible
// (the copy could not be allocated), for im2col to take over.
const float *DirectFilter(const ConvShape &x, void **filter_slot) {
  const int64_t ldf = DirectFilterColumns(x.out_c);
  const float *filter = nullptr;
  if (filter_slot)
    filter = PackOnce(filter_slot, size_t(x.fh * x.fw * x.in_c * ldf), PackDirectInto, &x);
  if (!filter && ldf == x.out_c)
    filter = x.filter;
  return filter;
}

// `filter_slot`: the packing slot of a constant filter (null otherwise).
void Conv2D(tfcc_runtime &rt, const ConvShape &x, void **filter_slot) {
  const int64_t rows = x.batch * x.out_h * x.out_w;
  if (rows <= 0 || x.out_c <= 0)
    return;
  // A 1x1 stride-1 unpadded convolution is a plain matmul of the input.
  if (x.fh == 1 && x.fw == 1 && x.stride_h == 1 && x.stride_w == 1 &&
      x.pad_top == 0 && x.pad_left == 0 && x.out_h == x.in_h &&
      x.out_w == x.in_w) {
    const GemmOperand filter{x.filter, x.out_c, false};
    MatMulArgs args{rows,     x.out_c,      x.in_c,
                    GemmOperand{x.input, x.in_c, false}, filter,
                    x.bias,   x.activation, x.output, x.out_c};
    // The slot, if any, holds DirectConv2D's layout: PackB's is never used.
    if (filter_slot && !DirectConvFilter(x, true) && x.out_c > 1)
      args.packed_b = PackedB(filter_slot, x.out_c, x.in_c, filter);
    ParallelMatMul(rt, args);
    return;
  }

  const ConvRowPlan plan = PlanConvRows(rt, x, filter_slot);
  if (plan.winograd) {
    WinogradConv2D(rt, plan);
    return;
  }
  if (plan.direct) {
    DirectConv2D(rt, x, plan.filter, plan.ldf);
    return;
  }
  const int64_t threads = rt.pool.num_threads();
  const int64_t work = rows * x.out_c * std::max<int64_t>(plan.depth, 1);
  const int64_t tasks = std::max<int64_t>(
      1, std::min(threads * kTasksPerThread, work / kMinTaskWork));
  int64_t block = threads == 1 ? rows : CeilDiv(rows, tasks);
  if (block > kRowGrain)
    block = CeilDiv(block, kRowGrain) * kRowGrain;
  ConvRowPlan tasked = plan;
  tasked.block_rows = std::max<int64_t>(1, std::min(block, plan.block_rows));
  ConvJob job{&tasked, &rt, rows};
  rt.pool.ParallelFor(CeilDiv(rows, tasked.block_rows), ConvTask, &job);
}

} // namespace

ConvRowPlan PlanConvRows(tfcc_runtime &rt, const ConvShape &x, void **filter_slot) {
  ConvRowPlan plan;
  plan.x = &x;
  // The slot's layout follows from the filter alone: Winograd's where the
  // filter takes it, and then a call that cannot use it (strided, say)
  // runs from the filter itself.
  if (WinogradFilter(x, filter_slot != nullptr)) {
    if (WinogradFits(x)) {
      plan.filter = WinogradPackedFilter(x, filter_slot);
      if (plan.filter) {
        plan.winograd = true;
        return plan;
      }
    }
    filter_slot = nullptr;
  }
  const bool direct = DirectConvFilter(x, filter_slot != nullptr);
  if (direct && DirectConvFits(x)) {
    plan.filter = DirectFilter(x, filter_slot);
    if (plan.filter) {
      plan.direct = true;
      plan.ldf = DirectFilterColumns(x.out_c);
      return plan;
    }
  }
  // The filter is the GEMM's b, [depth, out_c]: packed once when it is a
  // weight, as constant matmul operands are, unless the slot holds
  // DirectConv2D's layout.
  void **gemm_slot = direct ? nullptr : filter_slot;
  const int64_t cap = rt.scratch[0].im2col_size;
  plan.depth = x.fh * x.fw * x.in_c;
  plan.block_cols = std::max<int64_t>(
      1, plan.depth * kMinBlockRows <= cap ? plan.depth : cap / kMinBlockRows);
  plan.block_rows = cap / plan.block_cols;
  // A packed filter covers the whole depth: usable when one pass does.
  if (gemm_slot && plan.block_cols == plan.depth && x.out_c > 1)
    plan.packed_filter =
        PackedB(gemm_slot, x.out_c, plan.depth, GemmOperand{x.filter, x.out_c, false});
  return plan;
}

void ConvRows(const ConvRowPlan &plan, const Scratch &s, int64_t b, int64_t oy, int64_t n,
              float *out) {
  const ConvShape &x = *plan.x;
  if (plan.winograd) {
    WinogradConvRows(plan, s, b, oy, n, out);
    return;
  }
  if (plan.direct) {
    DirectConvRows(x, s, plan.filter, plan.ldf, b, oy, n, out);
    return;
  }
  const int64_t r0 = (b * x.out_h + oy) * x.out_w, rows = n * x.out_w;
  for (int64_t r = 0; r < rows; r += plan.block_rows)
    PatchRows(plan, s, r0 + r, std::min(plan.block_rows, rows - r), out + r * x.out_c);
}

} // namespace tfcc::rt

namespace {

void Conv2DEntry(void *runtime, void **filter_slot, const float *input, int64_t batch,
                 int64_t in_h, int64_t in_w, int64_t in_c, const float *filter, int64_t fh,
                 int64_t fw, int64_t out_c, int64_t out_h, int64_t out_w, int64_t stride_h,
                 int64_t stride_w, int64_t dilation_h, int64_t dilation_w, int64_t pad_top,
                 int64_t pad_left, const float *bias, int32_t activation, float *output) {
  using namespace tfcc::rt;
  if (batch < 0 || in_h < 0 || in_w < 0 || in_c < 0 || fh < 1 || fw < 1 ||
      stride_h < 1 || stride_w < 1 || dilation_h < 1 || dilation_w < 1)
    return;
  ConvShape shape{input,    batch,    in_h,       in_w,       in_c,
                  filter,   fh,       fw,         out_c,      out_h,
                  out_w,    stride_h, stride_w,   dilation_h, dilation_w,
                  pad_top,  pad_left, bias,       activation, output};
  Conv2D(ResolveRuntime(runtime), shape, filter_slot);
}

} // namespace

extern "C" void tfcc_rt_conv2d_const_filter_f32(
    void *runtime, void **packed_filter, const float *input, int64_t batch, int64_t in_h,
    int64_t in_w, int64_t in_c, const float *filter, int64_t fh, int64_t fw, int64_t out_c,
    int64_t out_h, int64_t out_w, int64_t stride_h, int64_t stride_w, int64_t dilation_h,
    int64_t dilation_w, int64_t pad_top, int64_t pad_left, const float *bias,
    int32_t activation, float *output) {
  Conv2DEntry(runtime, packed_filter, input, batch, in_h, in_w, in_c, filter, fh, fw, out_c,
              out_h, out_w, stride_h, stride_w, dilation_h, dilation_w, pad_top, pad_left,
              bias, activation, output);
}

extern "C" void
tfcc_rt_conv2d_f32(void *runtime, const float *input, int64_t batch,
                   int64_t in_h, int64_t in_w, int64_t in_c,
                   const float *filter, int64_t fh, int64_t fw, int64_t out_c,
                   int64_t out_h, int64_t out_w, int64_t stride_h,
                   int64_t stride_w, int64_t dilation_h, int64_t dilation_w,
                   int64_t pad_top, int64_t pad_left, const float *bias,
                   int32_t activation, float *output) {
  Conv2DEntry(runtime, nullptr, input, batch, in_h, in_w, in_c, filter, fh, fw, out_c, out_h,
              out_w, stride_h, stride_w, dilation_h, dilation_w, pad_top, pad_left, bias,
              activation, output);
}
