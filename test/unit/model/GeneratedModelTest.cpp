// Models compiled at build time (tfcc_add_model) driven through their
// generated classes: TF's numbers, no allocation in Run(), the same results
// on one thread and on several, and the header's constants.
#include "cnn_b8_model.h"
#include "mlp_b64_model.h"

#include "MallocCounter.h"
#include "tfcc/npy.h"
#include "tfcc/runtime.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <string>

namespace {

tfcc::NpyArray load(const std::string &fixture, const std::string &file) {
  tfcc::NpyArray a;
  tfcc::Status st = tfcc::ReadNpy(std::string(TFCC_FIXTURES) + "/" + fixture + "/" + file, &a);
  EXPECT_TRUE(st.ok()) << st.message();
  return a;
}

/// Max of |got - want| / (atol + rtol * |want|): <= 1 means within tolerance.
double worst(const float *got, const tfcc::NpyArray &want, double rtol, double atol) {
  const auto *w = reinterpret_cast<const float *>(want.data.data());
  double worst = 0;
  for (int64_t i = 0; i < want.num_elements(); ++i)
    worst = std::max(worst, std::fabs(got[i] - w[i]) / (atol + rtol * std::fabs(w[i])));
  return worst;
}

template <typename Model>
void expectMatchesTF(Model &model, const std::string &fixture, double rtol, double atol) {
  tfcc::NpyArray x = load(fixture, "inputs/x.npy"), out = load(fixture, "outputs/out.npy");
  ASSERT_EQ(x.num_elements(), Model::arg_x_count);
  ASSERT_EQ(out.num_elements(), Model::result_out_count);
  std::memcpy(model.arg_x_data(), x.data.data(), Model::arg_x_size);
  tfcc::Status st = model.Run();
  ASSERT_TRUE(st.ok()) << st.message();
  EXPECT_LE(worst(model.result_out_data(), out, rtol, atol), 1.0);
}

TEST(GeneratedModel, HeaderDescribesFeedsAndFetches) {
  EXPECT_EQ(test_models::MlpB64::arg_x_rank, 2);
  EXPECT_EQ(test_models::MlpB64::arg_x_shape[0], 64);
  EXPECT_EQ(test_models::MlpB64::arg_x_shape[1], 784);
  EXPECT_EQ(test_models::MlpB64::arg_x_size, 64 * 784 * 4);
  EXPECT_EQ(test_models::MlpB64::result_out_count, 64 * 10);
  EXPECT_EQ(test_models::CnnB8::arg_x_shape[3], 1);
  test_models::MlpB64 mlp;
  EXPECT_STREQ(mlp.info().signatures[0].args[0].name, "x");
  EXPECT_STREQ(mlp.info().signatures[0].results[0].name, "out");
  EXPECT_GT(mlp.info().signatures[0].arena_size, 0);
}

// Tolerances as in the fixtures' fixture.json (sums over hundreds of terms).
TEST(GeneratedModel, MlpMatchesTensorFlow) {
  test_models::MlpB64 mlp;
  expectMatchesTF(mlp, "mlp_b64", 1e-4, 1e-4);
}

TEST(GeneratedModel, CnnMatchesTensorFlow) {
  test_models::CnnB8 cnn;
  expectMatchesTF(cnn, "cnn_small_b8", 1e-4, 1e-4);
}

TEST(GeneratedModel, SameResultsOnTwoThreads) {
  tfcc_runtime *two = tfcc_runtime_create(2);
  ASSERT_NE(two, nullptr);
  {
    test_models::CnnB8 one, many(two);
    tfcc::NpyArray x = load("cnn_small_b8", "inputs/x.npy");
    std::memcpy(one.arg_x_data(), x.data.data(), test_models::CnnB8::arg_x_size);
    std::memcpy(many.arg_x_data(), x.data.data(), test_models::CnnB8::arg_x_size);
    ASSERT_TRUE(one.Run().ok());
    ASSERT_TRUE(many.Run().ok());
    for (int64_t i = 0; i < test_models::CnnB8::result_out_count; ++i)
      EXPECT_NEAR(one.result_out_data()[i], many.result_out_data()[i], 1e-6) << i;
  }
  tfcc_runtime_destroy(two);
}

// The buffers, arena and kernel scratch all exist before Run(): running
// allocates nothing, on the calling thread or on the pool.
TEST(GeneratedModel, RunAllocatesNothing) {
  if (!tfcc::test::MallocCountingAvailable())
    GTEST_SKIP() << "malloc is the sanitizer's in this build";
  tfcc_runtime *two = tfcc_runtime_create(2);
  ASSERT_NE(two, nullptr);
  {
    test_models::MlpB64 mlp(two);
    test_models::CnnB8 cnn(two);
    ASSERT_TRUE(mlp.Run().ok()); // first runs may touch lazily mapped pages only
    ASSERT_TRUE(cnn.Run().ok());
    tfcc::test::ScopedMallocCount count;
    for (int i = 0; i < 3; ++i) {
      ASSERT_TRUE(mlp.Run().ok());
      ASSERT_TRUE(cnn.Run().ok());
    }
    EXPECT_EQ(count.count(), 0);
  }
  tfcc_runtime_destroy(two);
}

} // namespace
