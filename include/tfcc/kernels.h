/* tfcc/kernels.h: runtime kernels that generated code calls for the large
 * matrix products and convolutions (small ones are generated inline).
 *
 * Part of the versioned ABI (see abi.h): generated objects reference these
 * symbols, libtfcc_runtime defines them. `runtime` is the call frame's
 * runtime context (tfcc/runtime.h) or NULL for the calling thread alone.
 * Kernels allocate nothing: packing buffers belong to the runtime context.
 */
#ifndef TFCC_KERNELS_H
#define TFCC_KERNELS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Epilogues fused into a kernel, applied after the bias. */
typedef enum tfcc_activation {
  TFCC_ACT_NONE = 0,
  TFCC_ACT_RELU = 1,
  TFCC_ACT_RELU6 = 2
} tfcc_activation;

/* c[m,n] = act(op(a) * op(b) + bias[n]), row-major. op(a) is a[m,k], or the
 * transpose of a[k,m] when transpose_a; likewise b[k,n] or b[n,k]. bias may
 * be NULL. */
void tfcc_rt_matmul_f32(void *runtime, int64_t m, int64_t n, int64_t k,
                        const float *a, int32_t transpose_a, const float *b,
                        int32_t transpose_b, const float *bias,
                        int32_t activation, float *c);

/* The pointers in the packing slot of tfcc_rt_matmul_const_b_f32. */
#define TFCC_MATMUL_SLOT_POINTERS 2

/* tfcc_rt_matmul_f32 for a b that never changes (a weight): op(b) is packed
 * once, by the first call, into memory whose address goes into the slot,
 * and later calls with the same slot use that copy: they allocate nothing
 * and take no lock. packed_b points to TFCC_MATMUL_SLOT_POINTERS pointers,
 * all NULL at first, that belong to this b and transpose_b (the compiler
 * gives each constant one such slot): the first holds the GEMM's packing
 * (products of 4 or more rows), the second column panels that products of
 * fewer rows stream. The copies live as long as the process, as the
 * constant does; a caller that owns the slot may free() each of them once
 * no call uses it. */
void tfcc_rt_matmul_const_b_f32(void *runtime, void **packed_b, int64_t m,
                                int64_t n, int64_t k, const float *a,
                                int32_t transpose_a, const float *b,
                                int32_t transpose_b, const float *bias,
                                int32_t activation, float *c);

/* NHWC input [batch, in_h, in_w, in_c], HWIO filter [fh, fw, in_c, out_c],
 * NHWC output [batch, out_h, out_w, out_c]; explicit top/left padding (the
 * compiler resolves SAME/VALID); bias[out_c] may be NULL. */
void tfcc_rt_conv2d_f32(void *runtime, const float *input, int64_t batch,
                        int64_t in_h, int64_t in_w, int64_t in_c,
                        const float *filter, int64_t fh, int64_t fw,
                        int64_t out_c, int64_t out_h, int64_t out_w,
                        int64_t stride_h, int64_t stride_w, int64_t dilation_h,
                        int64_t dilation_w, int64_t pad_top, int64_t pad_left,
                        const float *bias, int32_t activation, float *output);

/* tfcc_rt_conv2d_f32 for a filter that never changes (a weight): the filter
 * is packed once into *packed_filter, as tfcc_rt_matmul_const_b_f32 packs
 * its b: transformed for Winograd's F(4x4, 3x3) (3x3 filters with 8 to 128
 * channels on each side; stride-1 undilated calls use it, and their
 * results round differently from tfcc_rt_conv2d_f32's, by under 3e-6 of
 * the sum of |input * filter| in the unit tests),
 * for the direct convolution (few output channels), or for the GEMM when
 * one pass covers the whole patch depth. */
void tfcc_rt_conv2d_const_filter_f32(
    void *runtime, void **packed_filter, const float *input, int64_t batch, int64_t in_h,
    int64_t in_w, int64_t in_c, const float *filter, int64_t fh, int64_t fw, int64_t out_c,
    int64_t out_h, int64_t out_w, int64_t stride_h, int64_t stride_w, int64_t dilation_h,
    int64_t dilation_w, int64_t pad_top, int64_t pad_left, const float *bias,
    int32_t activation, float *output);

/* The convolution of tfcc_rt_conv2d_f32 (packed_filter NULL) or of
 * tfcc_rt_conv2d_const_filter_f32, bias and activation included, followed
 * by a max-pool of its [batch, out_h, out_w, out_c] result that never
 * writes that result out: windows of pool_h x pool_w pixels every
 * pool_stride_h x pool_stride_w, unpadded, give output [batch, pooled_h,
 * pooled_w, out_c]. A window computes what TensorFlow's MaxPool does: it
 * starts from the lowest finite float and takes a value only where it is
 * greater, so NaN never wins. The windows must lie inside the convolution's
 * output, and pool_h * out_w * out_c must not exceed
 * TFCC_CONV_MAX_POOL_ROW_FLOATS (the rows of one window, which each thread
 * keeps in scratch). */
#define TFCC_CONV_MAX_POOL_ROW_FLOATS 32768
void tfcc_rt_conv2d_max_pool_f32(
    void *runtime, void **packed_filter, const float *input, int64_t batch, int64_t in_h,
    int64_t in_w, int64_t in_c, const float *filter, int64_t fh, int64_t fw, int64_t out_c,
    int64_t out_h, int64_t out_w, int64_t stride_h, int64_t stride_w, int64_t dilation_h,
    int64_t dilation_w, int64_t pad_top, int64_t pad_left, const float *bias,
    int32_t activation, int64_t pool_h, int64_t pool_w, int64_t pool_stride_h,
    int64_t pool_stride_w, int64_t pooled_h, int64_t pooled_w, float *output);

/* Runs body(ctx, begin, end) over disjoint ranges that together cover
 * [0, extent), on the runtime's pool threads (the caller included), and
 * returns when every range is done. Generated code calls it for a large
 * loop nest whose outer loop is parallel; body must be safe to run on
 * disjoint ranges at once. With one thread (or a NULL runtime) it is
 * body(ctx, 0, extent). */
typedef void (*tfcc_range_fn)(void *ctx, int64_t begin, int64_t end);
void tfcc_rt_parallel_range(void *runtime, int64_t extent, tfcc_range_fn body,
                            void *ctx);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* TFCC_KERNELS_H */
