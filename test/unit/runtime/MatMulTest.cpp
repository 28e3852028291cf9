// tfcc_rt_matmul_f32 against a naive double-accumulating product, over
// shapes that hit every path: tiny, odd, GEMV (m or n == 1), empty depth,
// depth beyond one cache block, and more rows than one packed panel holds.
// tfcc_rt_matmul_const_b_f32 (op(b) packed once) against the same product.
#include "Reference.h"

#include "runtime/Context.h"

#include <algorithm>
#include <cstdlib>
#include <limits>
#include <sstream>
#include <tuple>

namespace tfcc::test {
namespace {

struct Shape {
  int64_t m, n, k;
};
void PrintTo(const Shape &s, std::ostream *os) {
  *os << s.m << "x" << s.n << "x" << s.k;
}

std::vector<RefValue> ReferenceMatMul(const Shape &s, const std::vector<float> &a,
                                      bool ta, const std::vector<float> &b,
                                      bool tb) {
  std::vector<RefValue> c(size_t(s.m * s.n));
  for (int64_t i = 0; i < s.m; ++i)
    for (int64_t j = 0; j < s.n; ++j) {
      double sum = 0, mag = 0;
      for (int64_t p = 0; p < s.k; ++p) {
        double x = ta ? a[size_t(p * s.m + i)] : a[size_t(i * s.k + p)];
        double y = tb ? b[size_t(j * s.k + p)] : b[size_t(p * s.n + j)];
        sum += x * y;
        mag += std::fabs(x * y);
      }
      c[size_t(i * s.n + j)] = {sum, mag};
    }
  return c;
}

constexpr Epilogue kEpilogues[] = {
    {"plain", false, TFCC_ACT_NONE},
    {"bias", true, TFCC_ACT_NONE},
    {"bias+relu", true, TFCC_ACT_RELU},
    {"relu", false, TFCC_ACT_RELU},
    {"bias+relu6", true, TFCC_ACT_RELU6},
};

class MatMulTest
    : public ::testing::TestWithParam<std::tuple<Shape, bool, bool>> {};

TEST_P(MatMulTest, MatchesReference) {
  const auto [shape, ta, tb] = GetParam();
  const auto a = RandomVector(size_t(shape.m * shape.k), 1);
  const auto b = RandomVector(size_t(shape.k * shape.n), 2);
  // Bias up to +-8 so that relu6 clips at both ends even for shallow sums.
  auto bias = RandomVector(size_t(shape.n), 3);
  for (float &x : bias)
    x *= 8;
  const auto ref = ReferenceMatMul(shape, a, ta, b, tb);
  // One packing slot for b, as generated code has: the first packed call
  // packs op(b), every later one (other runtimes included) reads that copy.
  ConstBSlot slot;
  for (const Epilogue &e : kEpilogues) {
    for (const TestRuntime &rt : TestRuntimes()) {
      for (bool const_b : {false, true}) {
        // NaN everywhere first: every element must be written.
        std::vector<float> c(size_t(shape.m * shape.n),
                             std::numeric_limits<float>::quiet_NaN());
        const float *bias_ptr = e.bias ? bias.data() : nullptr;
        if (const_b)
          tfcc_rt_matmul_const_b_f32(rt.runtime, slot.pointers, shape.m, shape.n,
                                     shape.k, a.data(), ta, b.data(), tb,
                                     bias_ptr, e.activation, c.data());
        else
          tfcc_rt_matmul_f32(rt.runtime, shape.m, shape.n, shape.k, a.data(),
                             ta, b.data(), tb, bias_ptr, e.activation,
                             c.data());
        std::ostringstream what;
        what << e.name << ", " << rt.name << (const_b ? ", packed b" : "");
        ExpectMatches(ref, c.data(), shape.n, bias_ptr, e.activation,
                      what.str());
      }
    }
  }
}

std::string ShapeName(const ::testing::TestParamInfo<MatMulTest::ParamType> &info) {
  const auto &[s, ta, tb] = info.param;
  std::ostringstream name;
  name << s.m << "x" << s.n << "x" << s.k << (ta ? "_At" : "_A")
       << (tb ? "_Bt" : "_B");
  return name.str();
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, MatMulTest,
    ::testing::Combine(::testing::Values(Shape{1, 1, 1}, Shape{1, 1, 7},
                                         Shape{3, 4, 0}, Shape{3, 5, 7},
                                         Shape{17, 13, 11}, Shape{1, 300, 129},
                                         Shape{1, 1000, 64}, Shape{257, 1, 65},
                                         Shape{1, 1, 300}, Shape{64, 784, 512},
                                         Shape{1, 784, 512}, Shape{2, 70, 33},
                                         Shape{3, 257, 65},
                                         Shape{64, 512, 784},
                                         Shape{300, 257, 129},
                                         Shape{129, 131, 290},
                                         Shape{2049, 9, 33},
                                         Shape{40, 2100, 300},
                                         Shape{784, 512, 300},
                                         Shape{1000, 300, 600},
                                         // Tails of the GEMM's register
                                         // block (6 rows x 16 columns):
                                         // 4, 1, 4 and 2 rows; 6, 14, 3, 9
                                         // and 8 columns.
                                         Shape{4, 54, 19}, Shape{37, 78, 45},
                                         Shape{70, 3, 9}, Shape{8, 9, 20},
                                         Shape{14, 24, 37},
                                         // The few-row path takes 4 rows of
                                         // b at once; k % 4 == 2 here.
                                         Shape{1, 33, 10}, Shape{3, 17, 14}),
                       ::testing::Bool(), ::testing::Bool()),
    ShapeName);

// More columns than one shared panel holds: kSharedPanelRows columns at the
// deepest block, which a depth of exactly that block gets. Checked on every
// column of sampled rows.
TEST(MatMulWideTest, PanelsSplitOverColumns) {
  const int64_t k = rt::PreferredGemmPackSizes().max_depth;
  const int64_t n = rt::kSharedPanelRows + 4, m = n + 4;
  const auto a = RandomVector(size_t(m * k), 11);
  const auto b = RandomVector(size_t(k * n), 12);
  const auto bias = RandomVector(size_t(n), 13);
  std::vector<int64_t> rows = {0, 1, m / 2, m - 1};
  for (int64_t i = 7; i < m; i += 131)
    rows.push_back(i);
  std::vector<RefValue> ref;
  for (int64_t i : rows)
    for (int64_t j = 0; j < n; ++j) {
      double sum = 0, mag = 0;
      for (int64_t p = 0; p < k; ++p) {
        double t = double(a[size_t(i * k + p)]) * b[size_t(p * n + j)];
        sum += t;
        mag += std::fabs(t);
      }
      ref.push_back({sum, mag});
    }
  std::vector<float> c(size_t(m * n)), sampled;
  for (const TestRuntime &rt : TestRuntimes()) {
    std::fill(c.begin(), c.end(), std::numeric_limits<float>::quiet_NaN());
    tfcc_rt_matmul_f32(rt.runtime, m, n, k, a.data(), 0, b.data(), 0,
                       bias.data(), TFCC_ACT_RELU, c.data());
    sampled.clear();
    for (int64_t i : rows)
      sampled.insert(sampled.end(), c.begin() + i * n, c.begin() + (i + 1) * n);
    ExpectMatches(ref, sampled.data(), n, bias.data(), TFCC_ACT_RELU, rt.name);
  }
}

// The rows past a product's last whole 6-row tile (1-5 of them) go to edge
// kernels, which take two panels of b at once where there are two. Each
// element still sums its depth in order from zero and adds it to the bias,
// as the 6-row kernel does, so a row has the same bits whether it falls in
// the edge or in a whole tile: the last rows of a 12 + h-row product
// against the same rows computed as a 6-row product. Widths: two pairs of
// panels, a pair and a narrower panel, a pair and a whole one, one panel
// and a narrower one (rows of a read in place), and 80 and 130 (rows of a
// packed, above 64 columns); k over two depth blocks; fed and constant b.
TEST(MatMulEdgeRowsTest, SameBitsAsAWholeTile) {
  const int64_t k = rt::PreferredGemmPackSizes().max_depth + 44;
  for (int64_t n : {64, 40, 48, 23, 80, 130}) {
    const auto b = RandomVector(size_t(k * n), 62);
    const auto bias = RandomVector(size_t(n), 63);
    for (int64_t h = 1; h <= 5; ++h) {
      const int64_t m = 12 + h;
      const auto a = RandomVector(size_t(m * k), 61 + h);
      ConstBSlot slot, tile_slot;
      for (const TestRuntime &rt : TestRuntimes())
        for (bool const_b : {false, true}) {
          std::vector<float> c(size_t(m * n)), tile(size_t(6 * n));
          // The last 6 rows: the edge's h rows and 6 - h before them.
          const float *tile_a = a.data() + (m - 6) * k;
          if (const_b) {
            tfcc_rt_matmul_const_b_f32(rt.runtime, slot.pointers, m, n, k, a.data(), 0,
                                       b.data(), 0, bias.data(), TFCC_ACT_RELU, c.data());
            tfcc_rt_matmul_const_b_f32(rt.runtime, tile_slot.pointers, 6, n, k, tile_a, 0,
                                       b.data(), 0, bias.data(), TFCC_ACT_RELU, tile.data());
          } else {
            tfcc_rt_matmul_f32(rt.runtime, m, n, k, a.data(), 0, b.data(), 0, bias.data(),
                               TFCC_ACT_RELU, c.data());
            tfcc_rt_matmul_f32(rt.runtime, 6, n, k, tile_a, 0, b.data(), 0, bias.data(),
                               TFCC_ACT_RELU, tile.data());
          }
          const std::vector<float> edge(c.begin() + (m - 6) * n, c.end());
          EXPECT_EQ(edge, tile) << h << " edge rows, " << n << " columns, " << rt.name
                                << (const_b ? ", packed b" : "");
          // And against the reference, so that both cannot be wrong alike.
          const auto ref = ReferenceMatMul({m, n, k}, a, false, b, false);
          ExpectMatches(ref, c.data(), n, bias.data(), TFCC_ACT_RELU, rt.name);
        }
    }
  }
}

// A product of a few rows by a constant b streams it from column panels
// (slot 1), in the same order of the depth as the unpacked product: the
// same bits on every runtime, a narrower last panel included. The GEMM's
// packing (slot 0) stays untouched until a product of more rows asks.
TEST(MatMulConstBTest, FewRowsStreamPanels) {
  // The last panel's widths: 44 (two halves for 2 and 3 rows), 63, 10 (the
  // MLP's last layer), 7, exactly one vector, and a single column.
  for (int64_t n : {300, 127, 10, 71, 8, 1}) {
    const int64_t k = 129;
    const auto a = RandomVector(size_t(3 * k), 31);
    const auto b = RandomVector(size_t(k * n), 32);
    const auto bias = RandomVector(size_t(n), 33);
    ConstBSlot slot;
    for (int64_t m = 1; m <= 3; ++m)
      for (const TestRuntime &rt : TestRuntimes()) {
        std::vector<float> c(size_t(m * n)), packed(size_t(m * n));
        tfcc_rt_matmul_f32(rt.runtime, m, n, k, a.data(), 0, b.data(), 0, bias.data(),
                           TFCC_ACT_RELU, c.data());
        tfcc_rt_matmul_const_b_f32(rt.runtime, slot.pointers, m, n, k, a.data(), 0,
                                   b.data(), 0, bias.data(), TFCC_ACT_RELU, packed.data());
        EXPECT_EQ(c, packed) << m << " rows, " << n << " columns, " << rt.name;
      }
    EXPECT_EQ(slot.pointers[0], nullptr);
    EXPECT_NE(slot.pointers[1], nullptr);
  }
}

// Rows of a with 0, under a third, exactly a third and half zeros (as
// after a ReLU). k = 132: at a third 88 nonzeros (11 groups of 8), at half
// 66 (8 groups, then 2 single rows).
struct ZeroShares {
  static constexpr int64_t k = 132;
  std::vector<float> dense = RandomVector(size_t(k), 53);
  std::vector<float> under_third = ZeroFirst(43); // 3 * 43 < 132
  std::vector<float> at_third = ZeroFirst(44);    // 3 * 44 == 132
  std::vector<float> half = RandomVector(size_t(k), 52);
  ZeroShares() {
    for (int64_t i = 0; i < k; i += 2)
      half[size_t(i)] = 0.0f;
  }
  static std::vector<float> ZeroFirst(int64_t zeros) {
    auto a = RandomVector(size_t(k), 51);
    std::fill(a.begin(), a.begin() + zeros, 0.0f);
    return a;
  }
};

// One row of a that is a third or more zeros, times a constant b of at
// least 512 columns per task, reads only the rows of b that meet a nonzero,
// from b as it is. Whichever way a runtime splits the columns, c has the
// bits of the unpacked product (the depth in the same order).
TEST(MatMulConstBTest, MostlyZeroRowSameBits) {
  const ZeroShares z;
  const int64_t k = ZeroShares::k;
  // 1100: two tasks of at least 512 columns on 2 threads, none on 3.
  for (int64_t n : {1100, 515, 512, 300, 10}) {
    const auto b = RandomVector(size_t(k * n), 54);
    const auto bias = RandomVector(size_t(n), 55);
    ConstBSlot slot;
    for (const TestRuntime &rt : TestRuntimes())
      for (const auto *a : {&z.half, &z.at_third, &z.under_third, &z.dense}) {
        std::vector<float> c(static_cast<size_t>(n)), want(static_cast<size_t>(n));
        tfcc_rt_matmul_const_b_f32(rt.runtime, slot.pointers, 1, n, k, a->data(), 0, b.data(),
                                   0, bias.data(), TFCC_ACT_RELU, c.data());
        tfcc_rt_matmul_f32(rt.runtime, 1, n, k, a->data(), 0, b.data(), 0, bias.data(),
                           TFCC_ACT_RELU, want.data());
        EXPECT_EQ(c, want) << n << " columns, " << rt.name << ", zeros "
                           << std::count(a->begin(), a->end(), 0.0f);
      }
  }
}

// Which rows the product reads, told apart by changing b after the panels
// were packed (a real caller's b stays constant), on one thread: a row a
// third or more zeros sees the change over 512 columns or more; a row just
// under a third zeros, a dense one, fewer columns and a transposed b read
// the panels packed before it.
TEST(MatMulConstBTest, MostlyZeroRowReadsOnlyRowsItNeeds) {
  const ZeroShares z;
  const int64_t k = ZeroShares::k;
  RuntimePtr one(tfcc_runtime_create(1));
  for (int64_t n : {1100, 515, 512, 511})
    for (tfcc_runtime *rt : {one.get(), static_cast<tfcc_runtime *>(nullptr)}) {
      auto b = RandomVector(size_t(k * n), 54);
      const auto bias = RandomVector(size_t(n), 55);
      ConstBSlot slot, slot_t;
      std::vector<float> c(static_cast<size_t>(n)), want(static_cast<size_t>(n));
      // Packs both slots' panels from b as it is now (transposed, b is read
      // as n x k: the same floats, another matrix).
      tfcc_rt_matmul_const_b_f32(rt, slot.pointers, 1, n, k, z.dense.data(), 0, b.data(), 0,
                                 bias.data(), TFCC_ACT_RELU, c.data());
      tfcc_rt_matmul_const_b_f32(rt, slot_t.pointers, 1, n, k, z.half.data(), 0, b.data(), 1,
                                 bias.data(), TFCC_ACT_RELU, c.data());
      const auto packed_from = b, transposed_before = c;
      for (float &x : b)
        x *= 2.0f;
      auto expect = [&](const std::vector<float> &a, bool reads_b_now, const char *what) {
        tfcc_rt_matmul_const_b_f32(rt, slot.pointers, 1, n, k, a.data(), 0, b.data(), 0,
                                   bias.data(), TFCC_ACT_RELU, c.data());
        tfcc_rt_matmul_f32(rt, 1, n, k, a.data(), 0, (reads_b_now ? b : packed_from).data(), 0,
                           bias.data(), TFCC_ACT_RELU, want.data());
        EXPECT_EQ(c, want) << what << ", " << n << " columns" << (rt ? "" : ", NULL runtime");
      };
      expect(z.half, n >= 512, "half zeros");
      expect(z.at_third, n >= 512, "a third zeros");
      expect(z.under_third, false, "under a third zeros");
      expect(z.dense, false, "no zeros");
      // The unpacked product dots rows of a transposed b, in another order.
      tfcc_rt_matmul_const_b_f32(rt, slot_t.pointers, 1, n, k, z.half.data(), 0, b.data(), 1,
                                 bias.data(), TFCC_ACT_RELU, c.data());
      EXPECT_EQ(c, transposed_before) << "b transposed, " << n << " columns";
    }
}

// A skipped term 0 * b is only zero where b is finite: with an infinity in
// b, a mostly-zero row reads the panels, and 0 * inf makes its column NaN
// as in the unpacked product.
TEST(MatMulConstBTest, MostlyZeroRowKeepsNaNOfInfiniteB) {
  const int64_t k = 64, n = 520, inf_row = 10, inf_col = 5;
  auto a = RandomVector(size_t(k), 61);
  for (int64_t i = 0; i < k; i += 2)
    a[size_t(i)] = 0.0f;
  auto b = RandomVector(size_t(k * n), 62);
  b[size_t(inf_row * n + inf_col)] = std::numeric_limits<float>::infinity();
  ConstBSlot slot;
  for (const TestRuntime &rt : TestRuntimes()) {
    std::vector<float> c(static_cast<size_t>(n)), want(static_cast<size_t>(n));
    tfcc_rt_matmul_const_b_f32(rt.runtime, slot.pointers, 1, n, k, a.data(), 0, b.data(), 0,
                               nullptr, TFCC_ACT_NONE, c.data());
    tfcc_rt_matmul_f32(rt.runtime, 1, n, k, a.data(), 0, b.data(), 0, nullptr, TFCC_ACT_NONE,
                       want.data());
    for (int64_t j = 0; j < n; ++j) {
      if (j == inf_col)
        EXPECT_TRUE(std::isnan(c[size_t(j)])) << rt.name;
      else
        EXPECT_EQ(c[size_t(j)], want[size_t(j)]) << "column " << j << ", " << rt.name;
    }
  }
}

// A packed op(b) read a depth block at a time: deeper than the deepest
// block, in three, on every runtime; bitwise the same result as packing on
// every call, which blocks the depth the same way.
TEST(MatMulConstBTest, DeeperThanOneBlock) {
  const int64_t k = 2 * rt::PreferredGemmPackSizes().max_depth + 5;
  for (bool tb : {false, true}) {
    const int64_t m = 70, n = 53;
    const auto a = RandomVector(size_t(m * k), 21);
    const auto b = RandomVector(size_t(k * n), 22);
    const auto ref = ReferenceMatMul({m, n, k}, a, false, b, tb);
    ConstBSlot slot;
    for (const TestRuntime &rt : TestRuntimes()) {
      std::vector<float> c(size_t(m * n)), packed(size_t(m * n));
      tfcc_rt_matmul_f32(rt.runtime, m, n, k, a.data(), 0, b.data(), tb,
                         nullptr, TFCC_ACT_NONE, c.data());
      tfcc_rt_matmul_const_b_f32(rt.runtime, slot.pointers, m, n, k, a.data(), 0,
                                 b.data(), tb, nullptr, TFCC_ACT_NONE,
                                 packed.data());
      ExpectMatches(ref, packed.data(), n, nullptr, TFCC_ACT_NONE, rt.name);
      if (rt.name == std::string("1 thread")) {
        EXPECT_EQ(c, packed) << (tb ? "b transposed" : "b");
      }
    }
  }
}

// ReLU and ReLU6 let NaN through, as TensorFlow's Relu does: the GEMM's
// kernels clamp as they store the last depth block, in an operand order
// that keeps NaN. A NaN in one row of a makes that row of c NaN and nothing
// else: over two depth blocks, full and edge tiles, fed and constant b,
// split by columns (13 x 40) and through the shared panel (40 x 13).
TEST(MatMulEpilogueTest, ActivationsPassNaN) {
  const int64_t k = 300, nan_row = 7;
  for (auto [m, n] : {std::pair<int64_t, int64_t>{13, 40}, {40, 13}}) {
    auto a = RandomVector(size_t(m * k), 41);
    a[size_t(nan_row * k + 5)] = std::numeric_limits<float>::quiet_NaN();
    const auto b = RandomVector(size_t(k * n), 42);
    const auto bias = RandomVector(size_t(n), 43);
    for (int32_t act : {TFCC_ACT_RELU, TFCC_ACT_RELU6}) {
      ConstBSlot slot;
      for (const TestRuntime &rt : TestRuntimes())
        for (bool const_b : {false, true}) {
          std::vector<float> c(size_t(m * n));
          if (const_b)
            tfcc_rt_matmul_const_b_f32(rt.runtime, slot.pointers, m, n, k, a.data(), 0,
                                       b.data(), 0, bias.data(), act, c.data());
          else
            tfcc_rt_matmul_f32(rt.runtime, m, n, k, a.data(), 0, b.data(), 0, bias.data(),
                               act, c.data());
          const float hi = act == TFCC_ACT_RELU6 ? 6.0f : 1e30f;
          for (int64_t i = 0; i < m; ++i)
            for (int64_t j = 0; j < n; ++j) {
              const float v = c[size_t(i * n + j)];
              std::ostringstream at;
              at << m << "x" << n << ", " << rt.name << (const_b ? ", packed b" : "")
                 << ", row " << i << ", column " << j;
              if (i == nan_row) {
                EXPECT_TRUE(std::isnan(v)) << at.str();
              } else {
                EXPECT_GE(v, 0.0f) << at.str();
                EXPECT_LE(v, hi) << at.str();
              }
            }
        }
    }
  }
}

} // namespace
} // namespace tfcc::test
