#include "runtime/checkpoint/Checkpoint.h"
#include "runtime/checkpoint/Inspect.h"

#include "TestUtil.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

namespace tfcc::checkpoint {
namespace {

using testing::TempDir;

TEST(InspectTest, OneLinePerTensorAndATotal) {
  TempDir dir;
  std::vector<float> kernel(784 * 10);
  float bias[10] = {};
  int64_t step = 3;
  std::string names[2] = {"a", "bc"};
  ASSERT_TRUE(save(dir / "m", {NamedTensor("dense/kernel", DType::Float, {784, 10}, kernel.data()),
                               NamedTensor("dense/bias", DType::Float, {10}, bias),
                               NamedTensor("global_step", DType::Int64, {}, &step),
                               NamedTensor("vocab", {2}, names)})
                  .ok());
  std::ostringstream out, err;
  EXPECT_EQ(inspectCheckpoint(dir / "m", out, err), 0);
  EXPECT_EQ(err.str(), "");
  EXPECT_EQ(out.str(), "dense/bias    float32  [10]      40 bytes\n"
                       "dense/kernel  float32  [784,10]  31360 bytes\n"
                       "global_step   int64    []        8 bytes\n"
                       "vocab         string   [2]       9 bytes\n"
                       "4 tensors, 31417 bytes\n");
}

TEST(InspectTest, ErrorsGoToErrWithExitCodeOne) {
  TempDir dir;
  std::ostringstream out, err;
  EXPECT_EQ(inspectCheckpoint(dir / "none", out, err), 1);
  EXPECT_EQ(err.str(), "error: " + dir / "none.index" + ": cannot open: No such file or directory\n");

  float x = 1;
  ASSERT_TRUE(save(dir / "m", {NamedTensor("x", DType::Float, {}, &x)}).ok());
  std::filesystem::remove(dir / "m.data-00000-of-00001");
  std::ostringstream out2, err2;
  EXPECT_EQ(inspectCheckpoint(dir / "m", out2, err2), 1);
  EXPECT_EQ(out2.str(), "x  float32  []  4 bytes\n1 tensor, 4 bytes\n");
  EXPECT_EQ(err2.str(), "error: " + dir / "m.data-00000-of-00001" +
                            ": tensor \"x\": cannot read the data file: cannot stat: "
                            "No such file or directory\n");
}

} // namespace
} // namespace tfcc::checkpoint
