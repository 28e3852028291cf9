// One artifact, three signatures sharing the model's variables (a TF1 ref
// variable w and a resource variable b): init sets them, predict reads them,
// update writes b. The values are TensorFlow's for the same sequence of runs
// (test/e2e/variables/make_variables_model.py).
#include "variables_model.h"

#include "tfcc/npy.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

namespace {

std::vector<float> load(const std::string &file) {
  tfcc::NpyArray a;
  tfcc::Status st = tfcc::ReadNpy(std::string(TFCC_VARIABLES) + "/" + file, &a);
  EXPECT_TRUE(st.ok()) << st.message();
  const auto *p = reinterpret_cast<const float *>(a.data.data());
  return std::vector<float>(p, p + a.num_elements());
}

void expectNear(const float *got, const std::vector<float> &want) {
  for (size_t i = 0; i < want.size(); ++i)
    EXPECT_NEAR(got[i], want[i], 1e-5) << "element " << i;
}

TEST(Variables, SignaturesShareVariables) {
  using M = test_models::Variables;
  M model;
  ASSERT_EQ(model.info().num_variables, 2);
  EXPECT_STREQ(model.info().variables[0].name, "b");
  EXPECT_STREQ(model.info().variables[1].name, "w");
  EXPECT_EQ(model.info().signatures[0].writes_variables, 0); // predict
  EXPECT_EQ(model.info().signatures[1].writes_variables, 1); // init
  EXPECT_EQ(model.info().signatures[2].writes_variables, 1); // update

  ASSERT_TRUE(model.Run_init().ok());
  const float w[] = {0.5f, -1.0f, 2.0f, 0.25f, -0.75f, 1.5f};
  expectNear(model.variable_w_data(), std::vector<float>(w, w + 6));

  // predict and update feed the same x: one shared buffer.
  std::vector<float> x = load("x.npy");
  std::memcpy(model.arg_x_data(), x.data(), M::arg_x_size);
  ASSERT_TRUE(model.Run_predict().ok());
  expectNear(model.result_y_data(), load("y_before.npy"));

  ASSERT_TRUE(model.Run_update().ok());
  expectNear(model.result_updated_data(), load("updated.npy"));
  expectNear(model.variable_b_data(), load("updated.npy"));

  ASSERT_TRUE(model.Run_predict().ok());
  expectNear(model.result_y_data(), load("y_after.npy"));
}

// Variables written from C++ are what the next run reads.
TEST(Variables, WrittenFromCpp) {
  test_models::Variables model;
  ASSERT_TRUE(model.Run_init().ok());
  std::fill(model.variable_w_data(), model.variable_w_data() + 6, 0.0f);
  model.variable_b_data()[0] = 7.0f;
  model.variable_b_data()[1] = -3.0f;
  std::fill(model.arg_x_data(), model.arg_x_data() + 6, 1.0f);
  ASSERT_TRUE(model.Run_predict().ok());
  const float want[] = {7.0f, -3.0f, 7.0f, -3.0f};
  expectNear(model.result_y_data(), std::vector<float>(want, want + 4));
}

} // namespace
