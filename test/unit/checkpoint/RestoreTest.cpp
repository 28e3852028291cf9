// Restoring by TF1 names, TF2 object keys, explicit maps and the TF2 object
// graph's variable names.
#include "runtime/checkpoint/Restore.h"

#include "compiler/frontend/proto/trackable_object_graph.pb.h"

#include "TestUtil.h"

#include <gtest/gtest.h>

namespace tfcc::checkpoint {
namespace {

using testing::contains;
using testing::TempDir;

const std::string kKernelKey = "layer_with_weights-0/kernel/.ATTRIBUTES/VARIABLE_VALUE";
const std::string kBiasKey = "layer_with_weights-0/bias/.ATTRIBUTES/VARIABLE_VALUE";
const std::string kSlotKey =
    "layer_with_weights-0/kernel/.OPTIMIZER_SLOT/optimizer/m/.ATTRIBUTES/VARIABLE_VALUE";

// A TF2-style checkpoint: object keys plus the object graph naming them.
class RestoreTest : public ::testing::Test {
protected:
  void SetUp() override {
    tensorflow::TrackableObjectGraph graph;
    auto addVariable = [&](const std::string &key, const std::string &fullName) {
      auto *attr = graph.add_nodes()->add_attributes();
      attr->set_name("VARIABLE_VALUE");
      attr->set_full_name(fullName);
      attr->set_checkpoint_key(key);
    };
    addVariable(kKernelKey, "dense/kernel");
    addVariable(kBiasKey, "dense/bias");
    addVariable(kSlotKey, "dense/kernel/m");
    addVariable("save_counter/.ATTRIBUTES/VARIABLE_VALUE", "save_counter");
    graph_ = graph.SerializeAsString();
    Status s = save(prefix_, {NamedTensor(kKernelKey, DType::Float, {2}, kernel_),
                              NamedTensor(kBiasKey, DType::Float, {1}, bias_),
                              NamedTensor(kSlotKey, DType::Float, {2}, slot_),
                              NamedTensor("save_counter/.ATTRIBUTES/VARIABLE_VALUE",
                                          DType::Int64, {}, &counter_),
                              NamedTensor(kObjectGraphKey, {}, &graph_)});
    ASSERT_TRUE(s.ok()) << s.message();
  }

  Status restoreKernel(const std::string &name, const RestoreOptions &options = {}) {
    out_[0] = out_[1] = 0;
    return restore(prefix_, {{name, DType::Float, {2}, out_, sizeof out_}}, options);
  }

  TempDir dir_;
  std::string prefix_ = dir_ / "ckpt-1";
  float kernel_[2] = {1.5f, -2.5f};
  float bias_[1] = {0.25f};
  float slot_[2] = {7, 8};
  int64_t counter_ = 1;
  std::string graph_;
  float out_[2];
};

TEST_F(RestoreTest, ByFullKey) {
  ASSERT_TRUE(restoreKernel(kKernelKey).ok());
  EXPECT_EQ(out_[1], -2.5f);
}

TEST_F(RestoreTest, ByObjectPath) {
  ASSERT_TRUE(restoreKernel("layer_with_weights-0/kernel").ok());
  EXPECT_EQ(out_[0], 1.5f);
}

TEST_F(RestoreTest, ByObjectGraphVariableName) {
  Status s = restoreKernel("dense/kernel");
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(out_[1], -2.5f);
}

TEST_F(RestoreTest, ByTable) {
  RestoreOptions options;
  options.keys["w"] = kSlotKey;
  ASSERT_TRUE(restoreKernel("w", options).ok());
  EXPECT_EQ(out_[0], 7);
}

TEST_F(RestoreTest, ByFunction) {
  RestoreOptions options;
  options.mapName = [](const std::string &name) {
    return "layer_with_weights-0/" + name + "/.ATTRIBUTES/VARIABLE_VALUE";
  };
  ASSERT_TRUE(restoreKernel("kernel", options).ok());
  EXPECT_EQ(out_[0], 1.5f);
  Status s = restoreKernel("bais", options);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), prefix_ + ".index: variable \"bais\" not found in the "
                                   "checkpoint (tried its mapped key "
                                   "\"layer_with_weights-0/bais/.ATTRIBUTES/VARIABLE_VALUE\")");
}

TEST_F(RestoreTest, MissingNameSaysWhatWasTried) {
  Status s = restoreKernel("dense/kernal");
  ASSERT_FALSE(s.ok());
  EXPECT_TRUE(contains(s.message(), prefix_ + ".index: variable \"dense/kernal\" not found"))
      << s.message();
  EXPECT_TRUE(contains(s.message(), "dense/kernal/.ATTRIBUTES/VARIABLE_VALUE")) << s.message();
}

TEST_F(RestoreTest, MismatchNamesTheVariableAndTheKey) {
  double wrong[2];
  Status s = restore(prefix_, {{"dense/kernel", DType::Double, {2}, wrong, sizeof wrong}});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "restoring variable \"dense/kernel\": " + prefix_ +
                             ".index: tensor \"" + kKernelKey +
                             "\": dtype mismatch: the checkpoint has float32, "
                             "expected float64");
}

TEST_F(RestoreTest, ListsVariableKeys) {
  std::unique_ptr<Reader> reader;
  ASSERT_TRUE(Reader::open(prefix_, &reader).ok());
  std::vector<VariableKey> keys;
  Status s = listVariableKeys(*reader, &keys);
  ASSERT_TRUE(s.ok()) << s.message();
  ASSERT_EQ(keys.size(), 4u); // not the object graph
  EXPECT_EQ(keys[0].key, kBiasKey);
  EXPECT_EQ(keys[0].objectPath, "layer_with_weights-0/bias");
  EXPECT_EQ(keys[0].fullName, "dense/bias");
  EXPECT_EQ(keys[0].shape, Shape{1});
  EXPECT_FALSE(keys[0].optimizerSlot);
  EXPECT_EQ(keys[2].key, kSlotKey);
  EXPECT_TRUE(keys[2].optimizerSlot);
  EXPECT_EQ(keys[3].objectPath, "save_counter");
  EXPECT_EQ(keys[3].dtype, DType::Int64);
}

TEST(RestoreTf1Test, ByVariableNameAndAmbiguity) {
  TempDir dir;
  float a[2] = {1, 2}, b[2] = {3, 4};
  tensorflow::TrackableObjectGraph graph;
  for (const char *key : {"x/.ATTRIBUTES/VARIABLE_VALUE", "y/.ATTRIBUTES/VARIABLE_VALUE"}) {
    auto *attr = graph.add_nodes()->add_attributes();
    attr->set_name("VARIABLE_VALUE");
    attr->set_full_name("kernel"); // Keras 3 names variables without scope
    attr->set_checkpoint_key(key);
  }
  std::string serialized = graph.SerializeAsString();
  ASSERT_TRUE(save(dir / "c", {NamedTensor("dense/kernel", DType::Float, {2}, a),
                               NamedTensor("x/.ATTRIBUTES/VARIABLE_VALUE", DType::Float, {2}, b),
                               NamedTensor("y/.ATTRIBUTES/VARIABLE_VALUE", DType::Float, {2}, b),
                               NamedTensor(kObjectGraphKey, {}, &serialized)})
                  .ok());
  float out[2];
  ASSERT_TRUE(restore(dir / "c", {{"dense/kernel", DType::Float, {2}, out, 8}}).ok());
  EXPECT_EQ(out[1], 2);
  Status s = restore(dir / "c", {{"kernel", DType::Float, {2}, out, 8}});
  ASSERT_FALSE(s.ok());
  EXPECT_TRUE(contains(s.message(), "\"kernel\" is ambiguous")) << s.message();
  std::unique_ptr<Reader> reader;
  ASSERT_TRUE(Reader::open(dir / "c", &reader).ok());
  std::vector<VariableKey> keys;
  ASSERT_TRUE(listVariableKeys(*reader, &keys).ok());
  EXPECT_EQ(keys.size(), 2u);
}

} // namespace
} // namespace tfcc::checkpoint
