// The kernels' two instruction sets: the choice between them (KernelIsa.h),
// and the AVX-512 GEMM and direct convolution against the AVX2 ones, which
// must give the same bits: each output sums the same terms in the same
// order with the same multiply-adds. The comparisons need a CPU with
// AVX-512F and skip, saying so, on one without.
#include "Reference.h"

#include "runtime/kernels/KernelIsa.h"

#include <cstring>
#include <limits>
#include <sstream>

namespace tfcc::test {
namespace {

using rt::KernelIsa;

bool CpuHasAvx512() { return __builtin_cpu_supports("avx512f"); }

// Restores the process's ISA at the end of a test that changes it.
struct IsaRestorer {
  KernelIsa saved = rt::ActiveKernelIsa();
  ~IsaRestorer() { rt::SetKernelIsa(saved); }
};

TEST(KernelIsaTest, ChoosesTheCpusBestUnlessTheSettingNamesOneItHas) {
  EXPECT_EQ(rt::ChooseKernelIsa(nullptr, true), KernelIsa::kAvx512);
  EXPECT_EQ(rt::ChooseKernelIsa(nullptr, false), KernelIsa::kAvx2);
  EXPECT_EQ(rt::ChooseKernelIsa("", true), KernelIsa::kAvx512);
  EXPECT_EQ(rt::ChooseKernelIsa("avx2", true), KernelIsa::kAvx2);
  EXPECT_EQ(rt::ChooseKernelIsa("avx2", false), KernelIsa::kAvx2);
  EXPECT_EQ(rt::ChooseKernelIsa("avx512", true), KernelIsa::kAvx512);
}

TEST(KernelIsaTest, ReportsASettingTheCpuCannotRun) {
  struct Case {
    const char *setting;
    bool avx512;
    KernelIsa want;
    const char *message;
  };
  for (const Case &c :
       {Case{"avx512", false, KernelIsa::kAvx2,
             "tfcc: TFCC_KERNEL_ISA=avx512 ignored: this CPU runs avx2 only\n"},
        Case{"sse", true, KernelIsa::kAvx512,
             "tfcc: TFCC_KERNEL_ISA=sse ignored: this CPU runs avx2 or avx512\n"}}) {
    ::testing::internal::CaptureStderr();
    const KernelIsa got = rt::ChooseKernelIsa(c.setting, c.avx512);
    EXPECT_EQ(::testing::internal::GetCapturedStderr(), c.message);
    EXPECT_EQ(got, c.want) << c.setting;
  }
}

TEST(KernelIsaTest, Avx512OnlyWhereTheCpuHasIt) {
  IsaRestorer restore;
  EXPECT_TRUE(rt::SetKernelIsa(KernelIsa::kAvx2));
  EXPECT_EQ(rt::ActiveKernelIsa(), KernelIsa::kAvx2);
  EXPECT_EQ(rt::SetKernelIsa(KernelIsa::kAvx512), CpuHasAvx512());
  EXPECT_EQ(rt::ActiveKernelIsa(), CpuHasAvx512() ? KernelIsa::kAvx512 : KernelIsa::kAvx2);
}

// The float's bits, so that NaN compares equal to itself.
std::vector<uint32_t> Bits(const std::vector<float> &v) {
  std::vector<uint32_t> bits(v.size());
  std::memcpy(bits.data(), v.data(), v.size() * sizeof(float));
  return bits;
}

struct Shape {
  int64_t m, n, k;
};

// Every shape, epilogue, runtime and transposition, fed and constant b:
// the same bits from both kernels, and the reference's value. Columns of
// one pair of panels and more, odd ones left over (48, 33, 100), rows
// short of a panel, two depth blocks.
TEST(Avx512GemmTest, GivesTheAvx2KernelsBits) {
  if (!CpuHasAvx512())
    GTEST_SKIP() << "this CPU has no AVX-512F: only the AVX2 kernel can run";
  IsaRestorer restore;
  const Epilogue epilogues[] = {{"plain", false, TFCC_ACT_NONE},
                                {"bias+relu", true, TFCC_ACT_RELU},
                                {"relu6", false, TFCC_ACT_RELU6}};
  for (const Shape s : {Shape{6, 32, 1}, Shape{12, 64, 256}, Shape{7, 33, 5},
                        Shape{5, 100, 40}, Shape{145, 48, 257}, Shape{64, 784, 512},
                        Shape{300, 257, 129}, Shape{40, 2100, 300}, Shape{2, 70, 33}})
    for (bool ta : {false, true})
      for (bool tb : {false, true}) {
        auto a = RandomVector(size_t(s.m * s.k), 51);
        // A NaN in row 1 (where there is one): it reaches that row's c
        // through both kernels' clamps.
        if (s.m > 1)
          a[size_t(ta ? s.m * (s.k / 2) + 1 : s.k + s.k / 2)] =
              std::numeric_limits<float>::quiet_NaN();
        const auto b = RandomVector(size_t(s.k * s.n), 52);
        auto bias = RandomVector(size_t(s.n), 53);
        for (float &x : bias)
          x *= 8;
        for (const Epilogue &e : epilogues) {
          ConstBSlot slot; // packed by the first call, read by the others
          for (const TestRuntime &rt : TestRuntimes())
            for (bool const_b : {false, true}) {
              std::vector<float> c[2];
              for (KernelIsa isa : {KernelIsa::kAvx2, KernelIsa::kAvx512}) {
                ASSERT_TRUE(rt::SetKernelIsa(isa));
                std::vector<float> &out = c[isa == KernelIsa::kAvx512];
                out.assign(size_t(s.m * s.n), -1.0f);
                const float *bias_ptr = e.bias ? bias.data() : nullptr;
                if (const_b)
                  tfcc_rt_matmul_const_b_f32(rt.runtime, slot.pointers, s.m, s.n, s.k,
                                             a.data(), ta, b.data(), tb, bias_ptr,
                                             e.activation, out.data());
                else
                  tfcc_rt_matmul_f32(rt.runtime, s.m, s.n, s.k, a.data(), ta, b.data(), tb,
                                     bias_ptr, e.activation, out.data());
              }
              std::ostringstream what;
              what << s.m << "x" << s.n << "x" << s.k << (ta ? " a^T" : "")
                   << (tb ? " b^T" : "") << ", " << e.name << ", " << rt.name
                   << (const_b ? ", packed b" : "");
              ASSERT_EQ(Bits(c[0]), Bits(c[1])) << what.str();
              if (s.m > 1) {
                EXPECT_TRUE(std::isnan(c[1][size_t(s.n)])) << what.str();
              }
            }
        }
      }
}

// The reference's value too, without NaN: both kernels could agree on a
// wrong answer.
TEST(Avx512GemmTest, MatchesTheReference) {
  if (!CpuHasAvx512())
    GTEST_SKIP() << "this CPU has no AVX-512F: only the AVX2 kernel can run";
  IsaRestorer restore;
  ASSERT_TRUE(rt::SetKernelIsa(KernelIsa::kAvx512));
  for (const Shape s : {Shape{7, 33, 5}, Shape{145, 48, 257}, Shape{300, 257, 129}}) {
    const auto a = RandomVector(size_t(s.m * s.k), 61);
    const auto b = RandomVector(size_t(s.k * s.n), 62);
    std::vector<RefValue> ref(size_t(s.m * s.n));
    for (int64_t i = 0; i < s.m; ++i)
      for (int64_t j = 0; j < s.n; ++j) {
        double sum = 0, mag = 0;
        for (int64_t p = 0; p < s.k; ++p) {
          const double t = double(a[size_t(i * s.k + p)]) * b[size_t(p * s.n + j)];
          sum += t;
          mag += std::fabs(t);
        }
        ref[size_t(i * s.n + j)] = {sum, mag};
      }
    for (const TestRuntime &rt : TestRuntimes()) {
      std::vector<float> c(size_t(s.m * s.n));
      tfcc_rt_matmul_f32(rt.runtime, s.m, s.n, s.k, a.data(), 0, b.data(), 0, nullptr,
                         TFCC_ACT_NONE, c.data());
      ExpectMatches(ref, c.data(), s.n, nullptr, TFCC_ACT_NONE, rt.name);
    }
  }
}

// A convolution's geometry, as the kernels take it.
struct ConvGeometry {
  const char *name;
  int64_t batch, h, w, c, fh, fw, oc, sh, sw, dh, dw, pad_top, pad_left, oh, ow;
};

// Every convolution path that runs the direct convolution's register
// blocks, fed and constant filter, plain and fused with a 2x2 max-pool:
// the same bits from both ISAs. The blocks cover 32 channels in AVX-512
// and 16 in AVX2, so channel counts around both (13, 16, 20, 24, 32, 40,
// 64) cut the last vector differently.
TEST(Avx512ConvTest, GivesTheAvx2KernelsBits) {
  if (!CpuHasAvx512())
    GTEST_SKIP() << "this CPU has no AVX-512F: only the AVX2 kernels can run";
  IsaRestorer restore;
  const ConvGeometry cases[] = {
      // One input channel, 3 wide: the unrolled runs of 3.
      {"gray_first_layer", 2, 28, 28, 1, 3, 3, 16, 1, 1, 1, 1, 1, 1, 28, 28},
      {"strided_partial", 1, 9, 11, 3, 3, 3, 13, 2, 2, 1, 1, 1, 1, 5, 6},
      {"5x5_valid", 2, 8, 8, 8, 5, 5, 24, 1, 1, 1, 1, 0, 0, 4, 4},
      {"dilated_40", 1, 10, 10, 4, 3, 3, 40, 1, 1, 2, 2, 0, 0, 6, 6},
      // Winograd's products with a constant filter; direct or GEMM fed.
      {"winograd_16_32", 2, 12, 12, 16, 3, 3, 32, 1, 1, 1, 1, 1, 1, 12, 12},
      {"winograd_32_64", 1, 10, 10, 32, 3, 3, 64, 1, 1, 1, 1, 1, 1, 10, 10},
      {"winograd_24_20", 1, 7, 7, 24, 3, 3, 20, 1, 1, 1, 1, 1, 1, 7, 7}};
  const Epilogue epilogues[] = {{"plain", false, TFCC_ACT_NONE},
                                {"bias+relu", true, TFCC_ACT_RELU},
                                {"bias+relu6", true, TFCC_ACT_RELU6}};
  for (const ConvGeometry &g : cases) {
    auto [input, filter, bias] =
        RandomConvOperands(g.batch, g.h, g.w, g.c, g.fh, g.fw, g.oc, 71);
    for (float &x : bias)
      x *= 4;
    const int64_t pooled_h = g.oh / 2, pooled_w = g.ow / 2;
    for (const Epilogue &e : epilogues) {
      const float *bias_ptr = e.bias ? bias.data() : nullptr;
      for (const TestRuntime &rt : TestRuntimes())
        for (int path = 0; path < 3; ++path) { // fed, constant, constant + pool
          if (path == 2 && (pooled_h < 1 || pooled_w < 1))
            continue;
          const size_t size = path == 2 ? size_t(g.batch * pooled_h * pooled_w * g.oc)
                                        : size_t(g.batch * g.oh * g.ow * g.oc);
          std::vector<float> out[2];
          void *slot = nullptr; // packed under AVX2, read under AVX-512 too
          for (KernelIsa isa : {KernelIsa::kAvx2, KernelIsa::kAvx512}) {
            ASSERT_TRUE(rt::SetKernelIsa(isa));
            std::vector<float> &o = out[isa == KernelIsa::kAvx512];
            o.assign(size, -1.0f);
            if (path == 0)
              tfcc_rt_conv2d_f32(rt.runtime, input.data(), g.batch, g.h, g.w, g.c,
                                 filter.data(), g.fh, g.fw, g.oc, g.oh, g.ow, g.sh, g.sw, g.dh,
                                 g.dw, g.pad_top, g.pad_left, bias_ptr, e.activation, o.data());
            else if (path == 1)
              tfcc_rt_conv2d_const_filter_f32(
                  rt.runtime, &slot, input.data(), g.batch, g.h, g.w, g.c, filter.data(), g.fh,
                  g.fw, g.oc, g.oh, g.ow, g.sh, g.sw, g.dh, g.dw, g.pad_top, g.pad_left,
                  bias_ptr, e.activation, o.data());
            else
              tfcc_rt_conv2d_max_pool_f32(
                  rt.runtime, &slot, input.data(), g.batch, g.h, g.w, g.c, filter.data(), g.fh,
                  g.fw, g.oc, g.oh, g.ow, g.sh, g.sw, g.dh, g.dw, g.pad_top, g.pad_left,
                  bias_ptr, e.activation, 2, 2, 2, 2, pooled_h, pooled_w, o.data());
          }
          std::free(slot);
          std::ostringstream what;
          what << g.name << ", " << e.name << ", " << rt.name
               << (path == 0 ? ", fed filter" : path == 1 ? ", constant filter" : ", pooled");
          ASSERT_EQ(Bits(out[0]), Bits(out[1])) << what.str();
        }
    }
  }
}

} // namespace
} // namespace tfcc::test
