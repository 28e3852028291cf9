// tfcc_rt_conv2d_f32 against a direct NHWC x HWIO convolution, with the
// paddings TensorFlow's SAME and VALID resolve to and explicit ones.
#include "Reference.h"

#include <algorithm>
#include <cstdlib>
#include <string>
#include <limits>
#include <sstream>

namespace tfcc::test {
namespace {

enum class Padding { kValid, kSame, kExplicit };

struct ConvCase {
  const char *name;
  int64_t batch, h, w, c, fh, fw, oc;
  int64_t sh, sw, dh, dw;
  Padding padding;
  // kExplicit only: top, bottom, left, right.
  int64_t pt = 0, pb = 0, pl = 0, pr = 0;
};

struct Geometry {
  int64_t oh, ow, pad_top, pad_left;
};

// TensorFlow's output size and leading padding for one spatial dimension.
void Resolve(Padding p, int64_t in, int64_t f, int64_t s, int64_t d,
             int64_t before, int64_t after, int64_t *out, int64_t *pad) {
  const int64_t span = (f - 1) * d + 1;
  if (p == Padding::kValid) {
    *out = (in - span) / s + 1;
    *pad = 0;
  } else if (p == Padding::kSame) {
    *out = (in + s - 1) / s;
    *pad = std::max<int64_t>((*out - 1) * s + span - in, 0) / 2;
  } else {
    *out = (in + before + after - span) / s + 1;
    *pad = before;
  }
}

Geometry Resolve(const ConvCase &c) {
  Geometry g;
  Resolve(c.padding, c.h, c.fh, c.sh, c.dh, c.pt, c.pb, &g.oh, &g.pad_top);
  Resolve(c.padding, c.w, c.fw, c.sw, c.dw, c.pl, c.pr, &g.ow, &g.pad_left);
  return g;
}

std::vector<RefValue> ReferenceConv(const ConvCase &c, const Geometry &g,
                                    const std::vector<float> &in,
                                    const std::vector<float> &filter) {
  std::vector<RefValue> out;
  for (int64_t b = 0; b < c.batch; ++b)
    for (int64_t oy = 0; oy < g.oh; ++oy)
      for (int64_t ox = 0; ox < g.ow; ++ox)
        for (int64_t o = 0; o < c.oc; ++o) {
          double sum = 0, mag = 0;
          for (int64_t ky = 0; ky < c.fh; ++ky)
            for (int64_t kx = 0; kx < c.fw; ++kx) {
              const int64_t iy = oy * c.sh - g.pad_top + ky * c.dh;
              const int64_t ix = ox * c.sw - g.pad_left + kx * c.dw;
              if (iy < 0 || iy >= c.h || ix < 0 || ix >= c.w)
                continue;
              for (int64_t i = 0; i < c.c; ++i) {
                double x = in[size_t(((b * c.h + iy) * c.w + ix) * c.c + i)];
                double f = filter[size_t(((ky * c.fw + kx) * c.c + i) * c.oc + o)];
                sum += x * f;
                mag += std::fabs(x * f);
              }
            }
          out.push_back({sum, mag});
        }
  return out;
}

class Conv2DTest : public ::testing::TestWithParam<ConvCase> {};

TEST_P(Conv2DTest, MatchesReference) {
  const ConvCase &c = GetParam();
  const Geometry g = Resolve(c);
  ASSERT_GT(g.oh, 0);
  ASSERT_GT(g.ow, 0);
  auto [input, filter, bias] = RandomConvOperands(c.batch, c.h, c.w, c.c, c.fh, c.fw, c.oc, 4);
  for (float &x : bias)
    x *= 4;
  const auto ref = ReferenceConv(c, g, input, filter);
  constexpr Epilogue kConvEpilogues[] = {{"plain", false, TFCC_ACT_NONE},
                                         {"bias+relu", true, TFCC_ACT_RELU},
                                         {"bias+relu6", true, TFCC_ACT_RELU6}};
  for (const Epilogue &e : kConvEpilogues) {
    const float *bias_ptr = e.bias ? bias.data() : nullptr;
    for (const TestRuntime &rt : TestRuntimes()) {
      std::vector<float> out(ref.size(), std::numeric_limits<float>::quiet_NaN());
      tfcc_rt_conv2d_f32(rt.runtime, input.data(), c.batch, c.h, c.w, c.c,
                         filter.data(), c.fh, c.fw, c.oc, g.oh, g.ow, c.sh,
                         c.sw, c.dh, c.dw, g.pad_top, g.pad_left, bias_ptr,
                         e.activation, out.data());
      std::ostringstream what;
      what << e.name << ", " << rt.name;
      ExpectMatches(ref, out.data(), c.oc, bias_ptr, e.activation, what.str());
      // The constant-filter entry: packed on the first call, reused on the
      // second, same results either way.
      void *slot = nullptr;
      for (int call = 0; call < 2; ++call) {
        std::vector<float> packed(ref.size(), std::numeric_limits<float>::quiet_NaN());
        tfcc_rt_conv2d_const_filter_f32(rt.runtime, &slot, input.data(), c.batch, c.h, c.w,
                                        c.c, filter.data(), c.fh, c.fw, c.oc, g.oh, g.ow,
                                        c.sh, c.sw, c.dh, c.dw, g.pad_top, g.pad_left,
                                        bias_ptr, e.activation, packed.data());
        ExpectMatches(ref, packed.data(), c.oc, bias_ptr, e.activation,
                      what.str() + ", constant filter, call " + std::to_string(call));
      }
      std::free(slot); // the test owns the slot (kernels.h)
    }
  }
}

// A weight has one packing slot for every convolution that reads it, so
// the layout in the slot must follow from the filter alone: here the same
// slot serves calls that take different paths for other reasons.
TEST(Conv2DSlotTest, OneSlotServesEveryShapeOfItsFilter) {
  const std::vector<std::vector<ConvCase>> uses = {
      // A 1x1 filter: the plain matmul (stride 1), then the direct path.
      {ConvCase{"pointwise", 2, 6, 5, 4, 1, 1, 12, 1, 1, 1, 1, Padding::kValid},
       ConvCase{"pointwise_strided", 1, 7, 7, 4, 1, 1, 12, 2, 2, 1, 1, Padding::kSame}},
      // A direct filter (600 x 32 channels: too many pairs for Winograd's)
      // whose padded input row is too wide for the scratch (3 rows of 402 x
      // 600 floats): im2col without the packed copy.
      {ConvCase{"fits", 1, 5, 5, 600, 3, 3, 32, 1, 1, 1, 1, Padding::kSame},
       ConvCase{"too_wide", 1, 1, 400, 600, 3, 3, 32, 1, 1, 1, 1, Padding::kSame}},
      // A Winograd filter, then strided and dilated calls, which run from
      // the filter itself; and the strided call first, which must not
      // claim the slot.
      {ConvCase{"winograd", 1, 8, 8, 16, 3, 3, 24, 1, 1, 1, 1, Padding::kSame},
       ConvCase{"winograd_filter_strided", 2, 9, 9, 16, 3, 3, 24, 2, 2, 1, 1, Padding::kSame},
       ConvCase{"winograd_filter_dilated", 1, 9, 9, 16, 3, 3, 24, 1, 1, 2, 2, Padding::kSame}},
      {ConvCase{"strided_first", 1, 9, 9, 16, 3, 3, 24, 2, 2, 1, 1, Padding::kValid},
       ConvCase{"then_winograd", 1, 7, 7, 16, 3, 3, 24, 1, 1, 1, 1, Padding::kSame}},
      // An im2col filter, then the same with the plain matmul.
      {ConvCase{"im2col", 1, 6, 6, 8, 1, 1, 64, 2, 2, 1, 1, Padding::kSame},
       ConvCase{"matmul", 1, 6, 6, 8, 1, 1, 64, 1, 1, 1, 1, Padding::kValid}}};
  for (const std::vector<ConvCase> &cases : uses) {
    const ConvCase &f = cases[0];
    const auto filter = RandomVector(size_t(f.fh * f.fw * f.c * f.oc), 5);
    void *slot = nullptr;
    for (int round = 0; round < 2; ++round)
      for (const ConvCase &c : cases) {
        const Geometry g = Resolve(c);
        const auto input = RandomVector(size_t(c.batch * c.h * c.w * c.c), 4);
        const auto ref = ReferenceConv(c, g, input, filter);
        std::vector<float> out(ref.size(), std::numeric_limits<float>::quiet_NaN());
        tfcc_rt_conv2d_const_filter_f32(TestRuntimes()[0].runtime, &slot, input.data(),
                                        c.batch, c.h, c.w, c.c, filter.data(), c.fh, c.fw,
                                        c.oc, g.oh, g.ow, c.sh, c.sw, c.dh, c.dw, g.pad_top,
                                        g.pad_left, nullptr, TFCC_ACT_NONE, out.data());
        ExpectMatches(ref, out.data(), c.oc, nullptr, TFCC_ACT_NONE,
                      std::string(c.name) + ", round " + std::to_string(round));
      }
    std::free(slot);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, Conv2DTest,
    ::testing::Values(
        ConvCase{"same3x3", 1, 8, 8, 3, 3, 3, 4, 1, 1, 1, 1, Padding::kSame},
        ConvCase{"valid3x3_stride2_batch2", 2, 9, 9, 5, 3, 3, 6, 2, 2, 1, 1,
                 Padding::kValid},
        ConvCase{"same5x5_stride2_odd", 1, 11, 7, 3, 5, 5, 5, 2, 2, 1, 1,
                 Padding::kSame},
        ConvCase{"same_dilated2", 1, 10, 10, 4, 3, 3, 3, 1, 1, 2, 2,
                 Padding::kSame},
        ConvCase{"valid_dilated_strided_batch2", 2, 13, 12, 2, 3, 3, 3, 2, 1,
                 2, 3, Padding::kValid},
        ConvCase{"pointwise_batch2", 2, 6, 5, 16, 1, 1, 8, 1, 1, 1, 1,
                 Padding::kValid},
        ConvCase{"pointwise_stride2", 1, 7, 7, 4, 1, 1, 5, 2, 2, 1, 1,
                 Padding::kSame},
        ConvCase{"pointwise_padded", 1, 4, 4, 3, 1, 1, 2, 1, 1, 1, 1,
                 Padding::kExplicit, 1, 1, 1, 1},
        ConvCase{"rect_kernel_explicit_pads", 2, 6, 7, 3, 2, 3, 4, 1, 2, 1, 1,
                 Padding::kExplicit, 0, 1, 2, 0},
        ConvCase{"kernel_larger_than_input", 1, 2, 2, 3, 3, 3, 2, 1, 1, 1, 1,
                 Padding::kSame},
        ConvCase{"single_output_channel", 1, 9, 9, 6, 3, 3, 1, 1, 1, 1, 1,
                 Padding::kSame},
        ConvCase{"deep_patches_split_in_columns", 1, 5, 5, 512, 3, 3, 8, 1, 1,
                 1, 1, Padding::kSame},
        ConvCase{"rows_beyond_one_scratch_block", 1, 30, 30, 128, 3, 3, 16, 1,
                 1, 1, 1, Padding::kSame},
        ConvCase{"mnist_like_batch2", 2, 28, 28, 16, 3, 3, 32, 1, 1, 1, 1,
                 Padding::kSame},
        ConvCase{"wide_image", 1, 64, 64, 3, 3, 3, 16, 1, 1, 1, 1,
                 Padding::kSame},
        // The direct convolution (DirectConv.cpp): up to 32 output channels,
        // or up to 128 from at most 4 input channels. Those whose out_c is
        // not a multiple of 8 take it with a constant filter only (the
        // packed copy is padded to whole vectors), im2col otherwise.
        ConvCase{"direct_three_vectors_tail", 2, 9, 14, 5, 3, 3, 20, 1, 1, 1,
                 1, Padding::kSame},
        ConvCase{"direct_two_vectors_tail", 1, 7, 13, 2, 3, 3, 12, 1, 1, 1, 1,
                 Padding::kSame},
        ConvCase{"direct_valid_unpadded", 3, 12, 17, 6, 3, 3, 16, 1, 1, 1, 1,
                 Padding::kValid},
        ConvCase{"direct_valid_strided_dilated", 2, 15, 19, 3, 3, 2, 24, 2, 3,
                 2, 2, Padding::kValid},
        ConvCase{"direct_same_strided_dilated", 2, 11, 13, 3, 3, 3, 16, 2, 1,
                 1, 2, Padding::kSame},
        ConvCase{"direct_explicit_asymmetric_pads", 2, 8, 9, 4, 3, 2, 32, 1, 2,
                 1, 1, Padding::kExplicit, 2, 0, 0, 3},
        ConvCase{"direct_stem_7x7_stride2", 1, 32, 30, 3, 7, 7, 64, 2, 2, 1, 1,
                 Padding::kSame},
        ConvCase{"direct_few_inputs_tail", 1, 10, 10, 1, 3, 3, 100, 1, 1, 1, 1,
                 Padding::kSame},
        // Runs of 3 floats, unrolled: the peer CNN's first layer.
        ConvCase{"direct_grayscale_batch3", 3, 28, 28, 1, 3, 3, 16, 1, 1, 1, 1,
                 Padding::kSame},
        // Input rows copied into the scratch in several strips per task.
        ConvCase{"direct_strips_beyond_scratch", 1, 40, 40, 512, 3, 3, 8, 1,
                 1, 1, 1, Padding::kSame},
        // im2col + GEMM: 64 output channels and more from deeper inputs.
        ConvCase{"im2col_rows_beyond_one_scratch_block", 1, 30, 30, 128, 3, 3,
                 136, 1, 1, 1, 1, Padding::kSame},
        ConvCase{"im2col_deep_patches_split_in_columns", 1, 5, 5, 512, 3, 3,
                 72, 1, 1, 1, 1, Padding::kSame},
        ConvCase{"im2col_strided_batch2", 2, 13, 11, 8, 3, 3, 40, 2, 2, 1, 1,
                 Padding::kSame},
        // Winograd's F(4x4, 3x3) (WinogradConv.cpp) for a constant 3x3
        // filter with 8..128 x 8..128 channels; the plain entry takes the
        // direct kernel or im2col. The peer CNN's second layer (a last tile
        // row and column half outside); odd output sizes (1 and 3 of the
        // last tile's rows and columns inside) with channel
        // tails on both sides; VALID; asymmetric pads; rows in many passes
        // and tasks; the largest filter it takes (128 x 128), and with it a
        // row too wide for one pass (two chunks of 23 tiles, the last tile
        // one pixel wide).
        ConvCase{"winograd_cnn_layer2", 1, 14, 14, 16, 3, 3, 32, 1, 1, 1, 1,
                 Padding::kSame},
        ConvCase{"winograd_odd_sizes_channel_tails", 2, 9, 11, 12, 3, 3, 20, 1,
                 1, 1, 1, Padding::kSame},
        ConvCase{"winograd_valid", 3, 10, 7, 8, 3, 3, 8, 1, 1, 1, 1,
                 Padding::kValid},
        ConvCase{"winograd_explicit_asymmetric_pads", 2, 8, 9, 9, 3, 3, 16, 1,
                 1, 1, 1, Padding::kExplicit, 2, 0, 0, 3},
        ConvCase{"winograd_many_passes", 2, 40, 38, 64, 3, 3, 40, 1, 1, 1, 1,
                 Padding::kSame},
        ConvCase{"winograd_largest_filter", 1, 6, 5, 128, 3, 3, 128, 1, 1, 1,
                 1, Padding::kSame},
        ConvCase{"winograd_row_in_chunks", 1, 3, 181, 128, 3, 3, 128, 1, 1, 1,
                 1, Padding::kSame}),
    [](const ::testing::TestParamInfo<ConvCase> &info) {
      return std::string(info.param.name);
    });

} // namespace
} // namespace tfcc::test
