// tfcc_rt_conv2d_max_pool_f32 against tfcc_rt_conv2d_f32 (checked against a
// naive convolution in Conv2DTest), or tfcc_rt_conv2d_const_filter_f32 for
// a constant filter, followed by TensorFlow's max-pool rule, on every path
// the convolution can take: direct (plain and constant filter, padded input
// rows copied), Winograd's, im2col + GEMM, and the 1x1 matmul.
#include "Reference.h"

#include <cfloat>
#include <cstdlib>
#include <limits>
#include <string>

namespace tfcc::test {
namespace {

struct PoolCase {
  const char *name;
  int64_t batch, h, w, c, fh, fw, oc, stride, pad; // pad: top and left, SAME-style
  int64_t ph, pw, psh, psw;
};

struct Shapes {
  int64_t oh, ow, pooled_h, pooled_w;
};

Shapes Resolve(const PoolCase &c) {
  Shapes s;
  // Output rows with `pad` zeros before and as many as needed after.
  s.oh = (c.h + 2 * c.pad - c.fh) / c.stride + 1;
  s.ow = (c.w + 2 * c.pad - c.fw) / c.stride + 1;
  s.pooled_h = (s.oh - c.ph) / c.psh + 1;
  s.pooled_w = (s.ow - c.pw) / c.psw + 1;
  return s;
}

// TF's MaxPool over an unfused convolution output: from the lowest finite
// value, a tap taken only where it is greater.
std::vector<float> PoolReference(const PoolCase &c, const Shapes &s,
                                 const std::vector<float> &conv) {
  std::vector<float> out;
  for (int64_t b = 0; b < c.batch; ++b)
    for (int64_t py = 0; py < s.pooled_h; ++py)
      for (int64_t px = 0; px < s.pooled_w; ++px)
        for (int64_t o = 0; o < c.oc; ++o) {
          float best = -FLT_MAX;
          for (int64_t ky = 0; ky < c.ph; ++ky)
            for (int64_t kx = 0; kx < c.pw; ++kx) {
              const float v = conv[size_t(
                  ((b * s.oh + py * c.psh + ky) * s.ow + px * c.psw + kx) * c.oc + o)];
              if (v > best)
                best = v;
            }
          out.push_back(best);
        }
  return out;
}

// Within 1e-5 of the sum of the magnitudes of the winning pixel's terms,
// the bound Conv2DTest holds every path to: the fused call may split its
// rows differently from the unfused one, and Winograd's tiles then start
// on other rows and round differently. `magnitude` bounds each window's
// terms (the max over the window of sum |x * f| + |b|).
void ExpectClose(const std::vector<float> &want, const std::vector<float> &got,
                 const std::vector<float> &magnitude, const std::string &what) {
  int failures = 0;
  for (size_t i = 0; i < want.size() && failures < 5; ++i) {
    const float tolerance = 1e-5f * magnitude[i] + 1e-6f;
    if (!(std::fabs(got[i] - want[i]) <= tolerance)) {
      ADD_FAILURE() << what << ": element " << i << " is " << got[i] << ", want " << want[i]
                    << " +- " << tolerance;
      ++failures;
    }
  }
}

std::vector<float> Abs(std::vector<float> v) {
  for (float &x : v)
    x = std::fabs(x);
  return v;
}

class ConvMaxPoolTest : public ::testing::TestWithParam<PoolCase> {};

TEST_P(ConvMaxPoolTest, MatchesConvolutionThenPool) {
  const PoolCase &c = GetParam();
  const Shapes s = Resolve(c);
  ASSERT_GT(s.pooled_h, 0);
  ASSERT_GT(s.pooled_w, 0);
  const auto [input, filter, bias] =
      RandomConvOperands(c.batch, c.h, c.w, c.c, c.fh, c.fw, c.oc, 7);
  constexpr Epilogue kPoolEpilogues[] = {{"plain", false, TFCC_ACT_NONE},
                                         {"bias+relu", true, TFCC_ACT_RELU}};
  const size_t pooled = size_t(c.batch * s.pooled_h * s.pooled_w * c.oc);
  const std::vector<float> abs_input = Abs(input), abs_filter = Abs(filter),
                           abs_bias = Abs(bias);
  for (const Epilogue &e : kPoolEpilogues) {
    const float *bias_ptr = e.bias ? bias.data() : nullptr;
    for (const TestRuntime &rt : TestRuntimes()) {
      // The unfused convolution by the same entry: a constant filter may
      // take another path (Winograd's) that rounds differently.
      std::vector<float> conv(size_t(c.batch * s.oh * s.ow * c.oc));
      tfcc_rt_conv2d_f32(rt.runtime, input.data(), c.batch, c.h, c.w, c.c, filter.data(), c.fh,
                         c.fw, c.oc, s.oh, s.ow, c.stride, c.stride, 1, 1, c.pad, c.pad,
                         bias_ptr, e.activation, conv.data());
      std::vector<float> const_conv(conv.size());
      void *conv_slot = nullptr;
      tfcc_rt_conv2d_const_filter_f32(rt.runtime, &conv_slot, input.data(), c.batch, c.h, c.w,
                                      c.c, filter.data(), c.fh, c.fw, c.oc, s.oh, s.ow,
                                      c.stride, c.stride, 1, 1, c.pad, c.pad, bias_ptr,
                                      e.activation, const_conv.data());
      std::free(conv_slot);
      const std::vector<float> wants[] = {PoolReference(c, s, conv),
                                          PoolReference(c, s, const_conv)};
      // The sums of |x * f| (+ |b|), as the same entry computes them.
      std::vector<float> magnitude(conv.size());
      tfcc_rt_conv2d_f32(rt.runtime, abs_input.data(), c.batch, c.h, c.w, c.c,
                         abs_filter.data(), c.fh, c.fw, c.oc, s.oh, s.ow, c.stride, c.stride,
                         1, 1, c.pad, c.pad, e.bias ? abs_bias.data() : nullptr,
                         TFCC_ACT_NONE, magnitude.data());
      const std::vector<float> window_magnitude = PoolReference(c, s, magnitude);
      const std::string what = std::string(e.name) + ", " + rt.name;
      // A plain filter, then a constant one packed by the first call.
      void *slot = nullptr;
      void **slots[] = {nullptr, &slot, &slot};
      for (int call = 0; call < 3; ++call) {
        const std::vector<float> &want = wants[call == 0 ? 0 : 1];
        std::vector<float> got(pooled, std::numeric_limits<float>::quiet_NaN());
        tfcc_rt_conv2d_max_pool_f32(rt.runtime, slots[call], input.data(), c.batch, c.h, c.w,
                                    c.c, filter.data(), c.fh, c.fw, c.oc, s.oh, s.ow,
                                    c.stride, c.stride, 1, 1, c.pad, c.pad, bias_ptr,
                                    e.activation, c.ph, c.pw, c.psh, c.psw, s.pooled_h,
                                    s.pooled_w, got.data());
        ExpectClose(want, got, window_magnitude, what + ", call " + std::to_string(call));
      }
      std::free(slot); // the test owns the slot (kernels.h)
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ConvMaxPoolTest,
    ::testing::Values(
        // The peer CNN's two layers, 2x2 windows: the direct convolution,
        // and for the second layer's constant filter Winograd's.
        PoolCase{"grayscale_28x28_to_16", 2, 30, 30, 1, 3, 3, 16, 1, 0, 2, 2, 2, 2},
        PoolCase{"cnn_layer2", 3, 16, 16, 16, 3, 3, 32, 1, 0, 2, 2, 2, 2},
        // Padding in the kernel: input rows copied, zero-padded, to scratch.
        PoolCase{"direct_padded_in_kernel", 1, 11, 9, 4, 3, 3, 24, 1, 1, 2, 2, 2, 2},
        // 12 channels: direct with a partial vector when constant, im2col
        // when not; a pool that leaves the last rows and columns out and
        // has a scalar channel tail.
        PoolCase{"odd_windows_channel_tail", 2, 11, 12, 3, 3, 3, 12, 1, 0, 2, 3, 2, 3},
        // Overlapping windows: rows computed again for each window.
        PoolCase{"overlapping_3x3_stride2", 1, 15, 15, 8, 3, 3, 16, 1, 1, 3, 3, 2, 2},
        // Winograd's under windows of 3 every 3: a ConvRows call starts on
        // an odd row and ends half way through a tile.
        PoolCase{"winograd_odd_rows", 2, 13, 13, 8, 3, 3, 16, 1, 1, 3, 3, 3, 3},
        // A strided convolution under the pool.
        PoolCase{"strided_conv", 2, 17, 17, 3, 3, 3, 8, 2, 1, 2, 2, 2, 2},
        // im2col + GEMM (64 channels from 16; Winograd's for the constant
        // filter), and patches deeper than one GEMM pass.
        PoolCase{"im2col", 2, 10, 10, 16, 3, 3, 64, 1, 1, 2, 2, 2, 2},
        PoolCase{"im2col_deep", 1, 6, 6, 512, 3, 3, 72, 1, 1, 2, 2, 2, 2},
        // A 1x1 filter, which tfcc_rt_conv2d_f32 runs as a matmul.
        PoolCase{"pointwise", 2, 8, 8, 16, 1, 1, 40, 1, 0, 2, 2, 2, 2}),
    [](const ::testing::TestParamInfo<PoolCase> &info) {
      return std::string(info.param.name);
    });

// NaN never wins a window and a window of -inf gives the lowest finite
// value, as in TensorFlow: here through the bias, so whole channels are
// NaN or -inf after the convolution. 2 input channels take the direct
// kernel and pool from scratch; 8 take Winograd's, pooled as its output
// transform writes each tile.
class ConvMaxPoolSpecialValues : public ::testing::TestWithParam<int64_t> {};

TEST_P(ConvMaxPoolSpecialValues, NanNeverWinsAndMinusInfinityGivesLowest) {
  const int64_t h = 6, w = 6, c = GetParam(), oc = 16;
  const auto input = RandomVector(size_t(h * w * c), 3);
  const auto filter = RandomVector(size_t(9 * c * oc), 4);
  std::vector<float> bias(size_t(oc), 0.5f);
  bias[1] = std::numeric_limits<float>::quiet_NaN();
  bias[2] = -std::numeric_limits<float>::infinity();
  std::vector<float> got(size_t(2 * 2 * oc));
  void *slot = nullptr;
  tfcc_rt_conv2d_max_pool_f32(nullptr, &slot, input.data(), 1, h, w, c, filter.data(), 3, 3,
                              oc, 4, 4, 1, 1, 1, 1, 0, 0, bias.data(), TFCC_ACT_NONE, 2, 2, 2,
                              2, 2, 2, got.data());
  std::free(slot);
  for (int64_t px = 0; px < 4; ++px) {
    EXPECT_EQ(got[size_t(px * oc + 1)], -FLT_MAX) << "NaN channel, pixel " << px;
    EXPECT_EQ(got[size_t(px * oc + 2)], -FLT_MAX) << "-inf channel, pixel " << px;
    EXPECT_TRUE(std::isfinite(got[size_t(px * oc)])) << "pixel " << px;
  }
}

INSTANTIATE_TEST_SUITE_P(InputChannels, ConvMaxPoolSpecialValues, ::testing::Values(2, 8));

// Windows outside the convolution's output, or rows beyond the scratch
// (kernels.h), are not computed: the output is left as it was.
TEST(ConvMaxPoolContract, RejectedCallsWriteNothing) {
  const auto input = RandomVector(size_t(8 * 8 * 2), 3);
  const auto filter = RandomVector(size_t(2 * 8), 4);
  std::vector<float> out(size_t(5 * 5 * 8), 42.0f);
  // 5 windows of 2 every 2 would need 10 rows of the 8.
  tfcc_rt_conv2d_max_pool_f32(nullptr, nullptr, input.data(), 1, 8, 8, 2, filter.data(), 1, 1,
                              8, 8, 8, 1, 1, 1, 1, 0, 0, nullptr, TFCC_ACT_NONE, 2, 2, 2, 2, 5,
                              5, out.data());
  for (float v : out)
    ASSERT_EQ(v, 42.0f);
  // Window rows of pool_h * out_w * out_c floats past the limit.
  const int64_t wide = TFCC_CONV_MAX_POOL_ROW_FLOATS / 8 + 1;
  const auto row = RandomVector(size_t(2 * wide * 2), 5);
  std::vector<float> pooled(size_t(wide / 2 * 8), 42.0f);
  tfcc_rt_conv2d_max_pool_f32(nullptr, nullptr, row.data(), 1, 2, wide, 2, filter.data(), 1, 1,
                              8, 2, wide, 1, 1, 1, 1, 0, 0, nullptr, TFCC_ACT_NONE, 2, 2, 2, 2,
                              1, wide / 2, pooled.data());
  for (float v : pooled)
    ASSERT_EQ(v, 42.0f);
}

} // namespace
} // namespace tfcc::test
