// What Conv2D.cpp (im2col + GEMM), DirectConv.cpp (the direct convolution)
// and WinogradConv.cpp (Winograd's F(4x4, 3x3)) share: the shape of one
// call and how to pick between them.
#ifndef TFCC_RUNTIME_KERNELS_CONV2D_H
#define TFCC_RUNTIME_KERNELS_CONV2D_H

#include <cstdint>

struct tfcc_runtime;

namespace tfcc::rt {

struct Scratch;

// One tfcc_rt_conv2d_f32 call: NHWC input, HWIO filter, NHWC output.
struct ConvShape {
  const float *input;
  int64_t batch, in_h, in_w, in_c;
  const float *filter;
  int64_t fh, fw, out_c, out_h, out_w;
  int64_t stride_h, stride_w, dilation_h, dilation_w, pad_top, pad_left;
  const float *bias;
  int32_t activation;
  float *output;
};

// Whether DirectConv2D is the faster kernel for convolutions with this
// filter. A function of the filter's shape alone: a constant filter has one
// packing slot for every convolution that reads it, so the layout in the
// slot (DirectConv2D's or PackB's) must not depend on the input's shape.
// `constant_filter`: the filter can be packed once (the const-filter entry).
bool DirectConvFilter(const ConvShape &x, bool constant_filter);

// Whether DirectConv2D can run this call: the zero-padded input rows of
// one output row fit a thread's scratch.
bool DirectConvFits(const ConvShape &x);

// Input rows [iy0, iy0 + rows) of image b into `dst`: strip_w pixels from
// column ix0 (-pad_left for whole rows), each `depth` floats (in_c of them,
// then zeros), zeros outside the image. The padded rows the direct and
// Winograd kernels read.
void CopyStrip(const ConvShape &x, int64_t b, int64_t iy0, int64_t ix0, int64_t rows,
               int64_t strip_w, int64_t depth, float *dst);

// The filter as DirectConv2D reads it: HWIO with out_c padded with zeros to
// DirectFilterColumns(out_c), for the const-filter slot (PackOnce).
int64_t DirectFilterColumns(int64_t out_c);
void PackDirectFilter(const ConvShape &x, float *packed);

// The convolution without im2col, for shapes DirectConvFilter and
// DirectConvFits take. `filter`
// is read as the [fh*fw*in_c, ldf] row-major matrix whose first out_c
// columns are HWIO's; ldf is a multiple of 8 (an AVX2 vector), so either
// the packed copy or, when out_c is such a multiple, the HWIO filter itself.
void DirectConv2D(tfcc_runtime &rt, const ConvShape &x, const float *filter,
                  int64_t ldf);

// DirectConv2D's output rows [oy, oy + n) of image b, on the calling thread
// with its scratch `s`, written to out[n][out_w][out_c].
void DirectConvRows(const ConvShape &x, const Scratch &s, const float *filter, int64_t ldf,
                    int64_t b, int64_t oy, int64_t n, float *out);

// c[m][n] = a[m][k] * b[k][n] (row-major, leading dimensions lda, ldb, ldc)
// on DirectConv2D's register blocks, for the small products of the
// Winograd convolution. ldb is a multiple of 8 and b's rows are readable
// up to the next multiple of 8 past n.
void SmallGemm(int64_t m, int64_t n, int64_t k, const float *a, int64_t lda, const float *b,
               int64_t ldb, float *c, int64_t ldc);

// Whether a constant filter of this shape is packed for WinogradConvRows
// (a function of the filter alone, as DirectConvFilter is): 3x3, with
// enough channels for the transforms to cost less than the multiplications
// they save.
bool WinogradFilter(const ConvShape &x, bool constant_filter);

// Whether WinogradConvRows can run this call: stride 1, undilated, and one
// row of tiles fits a thread's scratch.
bool WinogradFits(const ConvShape &x);

// The transformed filter WinogradConvRows reads, packed into the constant
// filter's slot by the first call; null when it could not be allocated.
const float *WinogradPackedFilter(const ConvShape &x, void **filter_slot);

// How whole output rows of one convolution are computed: the direct
// kernel, Winograd's or im2col + GEMM, chosen as tfcc_rt_conv2d_f32
// chooses. Conv2D splits the rows over the pool; the fused max-pool
// (ConvMaxPool.cpp) computes the rows of a few windows at a time.
struct ConvRowPlan {
  const ConvShape *x = nullptr;
  bool direct = false;
  bool winograd = false;
  // direct: the filter as DirectConv2D reads it, ldf floats per row;
  // winograd: the transformed filter (WinogradPackedFilter).
  const float *filter = nullptr;
  int64_t ldf = 0;
  int64_t depth = 0;      // im2col: patch columns, fh*fw*in_c
  int64_t block_cols = 0; // im2col: patch columns per GEMM pass
  int64_t block_rows = 0; // im2col: patch rows the scratch holds at once
  // im2col: the filter as PackB packs it over the whole depth, or null.
  const float *packed_filter = nullptr;
};

// Output rows [oy, oy + n) of image b by Winograd's F(4x4, 3x3), bias and
// activation applied, on the calling thread with its scratch `s`, written
// to out[n][out_w][out_c]. plan.winograd.
void WinogradConvRows(const ConvRowPlan &plan, const Scratch &s, int64_t b, int64_t oy,
                      int64_t n, float *out);

// WinogradConvRows' rows [oy, oy + 2 * pooled_rows) max-pooled by 2x2
// windows every 2 pixels, which its tiles hold, as tfcc_rt_conv2d_max_pool_f32
// pools: pooled_rows x pooled_w pixels (pooled_w <= out_w / 2) written to
// out[pooled_rows][pooled_w][out_c]; the convolution's pixels are never
// stored.
void WinogradPooledRows(const ConvRowPlan &plan, const Scratch &s, int64_t b, int64_t oy,
                        int64_t pooled_rows, int64_t pooled_w, float *out);

// The whole convolution by WinogradConvRows, rows split over the pool.
void WinogradConv2D(tfcc_runtime &rt, const ConvRowPlan &plan);

// The plan for `x`, packing a constant filter into its slot `filter_slot`
// (null for other filters) on the first call.
ConvRowPlan PlanConvRows(tfcc_runtime &rt, const ConvShape &x, void **filter_slot);

// Output rows [oy, oy + n) of image b, bias and activation applied, on the
// calling thread with its scratch `s`, written to out[n][out_w][out_c].
void ConvRows(const ConvRowPlan &plan, const Scratch &s, int64_t b, int64_t oy, int64_t n,
              float *out);

} // namespace tfcc::rt

#endif // TFCC_RUNTIME_KERNELS_CONV2D_H
