// The GEMM's two micro-kernels: the choice between them (GemmKernel.h,
// ChooseGemmIsa and SetGemmIsa), and the AVX-512 kernel against the AVX2
// one, which must give the same bits: both take each column's depth in
// the same order with the same multiply-adds. The comparisons need a CPU
// with AVX-512F and skip, saying so, on one without.
#include "Reference.h"

#include "runtime/kernels/GemmKernel.h"

#include <cstring>
#include <limits>
#include <sstream>

namespace tfcc::test {
namespace {

using rt::GemmIsa;

bool CpuHasAvx512() { return __builtin_cpu_supports("avx512f"); }

// Restores the process's ISA at the end of a test that changes it.
struct IsaRestorer {
  GemmIsa saved = rt::ActiveGemmIsa();
  ~IsaRestorer() { rt::SetGemmIsa(saved); }
};

TEST(GemmIsaTest, ChoosesTheCpusBestUnlessTheSettingNamesOneItHas) {
  EXPECT_EQ(rt::ChooseGemmIsa(nullptr, true), GemmIsa::kAvx512);
  EXPECT_EQ(rt::ChooseGemmIsa(nullptr, false), GemmIsa::kAvx2);
  EXPECT_EQ(rt::ChooseGemmIsa("", true), GemmIsa::kAvx512);
  EXPECT_EQ(rt::ChooseGemmIsa("avx2", true), GemmIsa::kAvx2);
  EXPECT_EQ(rt::ChooseGemmIsa("avx2", false), GemmIsa::kAvx2);
  EXPECT_EQ(rt::ChooseGemmIsa("avx512", true), GemmIsa::kAvx512);
}

TEST(GemmIsaTest, ReportsASettingTheCpuCannotRun) {
  struct Case {
    const char *setting;
    bool avx512;
    GemmIsa want;
    const char *message;
  };
  for (const Case &c :
       {Case{"avx512", false, GemmIsa::kAvx2,
             "tfcc: TFCC_GEMM_ISA=avx512 ignored: this CPU runs avx2 only\n"},
        Case{"sse", true, GemmIsa::kAvx512,
             "tfcc: TFCC_GEMM_ISA=sse ignored: this CPU runs avx2 or avx512\n"}}) {
    ::testing::internal::CaptureStderr();
    const GemmIsa got = rt::ChooseGemmIsa(c.setting, c.avx512);
    EXPECT_EQ(::testing::internal::GetCapturedStderr(), c.message);
    EXPECT_EQ(got, c.want) << c.setting;
  }
}

TEST(GemmIsaTest, Avx512OnlyWhereTheCpuHasIt) {
  IsaRestorer restore;
  EXPECT_TRUE(rt::SetGemmIsa(GemmIsa::kAvx2));
  EXPECT_EQ(rt::ActiveGemmIsa(), GemmIsa::kAvx2);
  EXPECT_EQ(rt::SetGemmIsa(GemmIsa::kAvx512), CpuHasAvx512());
  EXPECT_EQ(rt::ActiveGemmIsa(), CpuHasAvx512() ? GemmIsa::kAvx512 : GemmIsa::kAvx2);
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
TEST(GemmIsaTest, Avx512KernelGivesTheAvx2KernelsBits) {
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
              for (GemmIsa isa : {GemmIsa::kAvx2, GemmIsa::kAvx512}) {
                ASSERT_TRUE(rt::SetGemmIsa(isa));
                std::vector<float> &out = c[isa == GemmIsa::kAvx512];
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
TEST(GemmIsaTest, Avx512KernelMatchesTheReference) {
  if (!CpuHasAvx512())
    GTEST_SKIP() << "this CPU has no AVX-512F: only the AVX2 kernel can run";
  IsaRestorer restore;
  ASSERT_TRUE(rt::SetGemmIsa(GemmIsa::kAvx512));
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

} // namespace
} // namespace tfcc::test
