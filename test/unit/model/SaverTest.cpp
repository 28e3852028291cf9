// TF's own Saver subgraphs compiled as checkpoint signatures: restore a
// checkpoint TensorFlow wrote by running save/restore_all, save by fetching
// save/Identity:0 with the prefix fed at save/Const:0, as a TF1 program does
// (test/e2e/saver/make_saver_model.py wrote the graph and the checkpoint).
#include "saver_model.h"
#include "saver_tf2_model.h"

#include "runtime/checkpoint/Checkpoint.h"
#include "tfcc/npy.h"
#include "tfcc/session.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <tuple>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;

std::string fixture(const std::string &file) { return std::string(TFCC_SAVER) + "/" + file; }
std::string fixtureTf2(const std::string &file) {
  return std::string(TFCC_SAVER_TF2) + "/" + file;
}

tfcc::Tensor load(const std::string &file, bool tf2 = false) {
  tfcc::NpyArray a;
  tfcc::Status st = tfcc::ReadNpy(tf2 ? fixtureTf2(file) : fixture(file), &a);
  EXPECT_TRUE(st.ok()) << st.message();
  tfcc::Tensor t(a.dtype, a.shape);
  std::memcpy(t.data(), a.data.data(), a.data.size());
  return t;
}

void expectNear(const tfcc::Tensor &got, const tfcc::Tensor &want) {
  ASSERT_EQ(got.num_elements(), want.num_elements());
  for (int64_t i = 0; i < want.num_elements(); ++i)
    EXPECT_NEAR(got.data<float>()[i], want.data<float>()[i], 1e-5) << "element " << i;
}

// A session of `Model`, a scratch directory, and TF1-style runs of its
// checkpoint signatures: the prefix fed as a string, restore by target,
// save by fetching the save tensor (which returns the prefix).
template <typename Model> class SaverSession : public ::testing::Test {
protected:
  void SetUp() override {
    tfcc::Status st = tfcc::Session::Open(model.info(), &session);
    ASSERT_TRUE(st.ok()) << st.message();
    dir = fs::temp_directory_path() /
          ("tfcc_saver_" + std::to_string(::getpid()) + "_" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir);
  }
  void TearDown() override { fs::remove_all(dir); }

  tfcc::Status runRestore(const char *feed, const char *target, const std::string &prefix) {
    std::vector<tfcc::Tensor> out;
    return session->Run({{feed, tfcc::Tensor::FromString(prefix)}}, {}, {target}, &out);
  }
  tfcc::Status runSave(const char *feed, const char *fetch, const std::string &prefix,
                       std::string *returned) {
    std::vector<tfcc::Tensor> out;
    tfcc::Status st =
        session->Run({{feed, tfcc::Tensor::FromString(prefix)}}, {fetch}, {}, &out);
    if (st.ok())
      *returned = out.at(0).StringAt(0);
    return st;
  }

  Model model;
  std::unique_ptr<tfcc::Session> session;
  fs::path dir;
};

class Saver : public SaverSession<test_models::Saver> {
protected:
  tfcc::Tensor predict() {
    std::vector<tfcc::Tensor> out;
    tfcc::Status st = session->Run({{"x", load("x.npy")}}, {"y"}, {}, &out);
    EXPECT_TRUE(st.ok()) << st.message();
    return out.empty() ? tfcc::Tensor() : out[0];
  }
  tfcc::Status restore(const std::string &prefix, const char *feed = "save/Const:0",
                       const char *target = "save/restore_all") {
    return runRestore(feed, target, prefix);
  }
  tfcc::Status save(const std::string &prefix, std::string *returned,
                    const char *feed = "save/Const:0", const char *fetch = "save/Identity:0") {
    return runSave(feed, fetch, prefix, returned);
  }
};

TEST_F(Saver, SignaturesAreCheckpointPlans) {
  const tfcc_model_info &info = model.info();
  int save = session->SignatureIndex("save"), restore = session->SignatureIndex("restore");
  ASSERT_GE(save, 0);
  ASSERT_GE(restore, 0);
  const tfcc_signature_info &s = info.signatures[save], &r = info.signatures[restore];
  EXPECT_EQ(s.entry, nullptr);
  ASSERT_NE(s.checkpoint, nullptr);
  EXPECT_EQ(s.checkpoint->kind, TFCC_CHECKPOINT_SAVE);
  EXPECT_EQ(s.checkpoint->num_entries, 3); // b, step, w under their TF1 names
  EXPECT_EQ(s.writes_variables, 0);
  ASSERT_NE(r.checkpoint, nullptr);
  EXPECT_EQ(r.checkpoint->kind, TFCC_CHECKPOINT_RESTORE);
  EXPECT_EQ(r.writes_variables, 1);
  EXPECT_EQ(s.args[0].dtype, TFCC_STRING);
  // The generated class cannot feed strings: it says where to go instead.
  tfcc::Status st = model.Run_save();
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find("tfcc::Session"), std::string::npos) << st.message();
}

TEST_F(Saver, RestoresTensorFlowsCheckpoint) {
  expectNear(predict(), load("y_init.npy"));
  tfcc::Status st = restore(fixture("tf_ckpt/model"));
  ASSERT_TRUE(st.ok()) << st.message();
  expectNear(predict(), load("y_trained.npy"));
  tfcc::Tensor step;
  ASSERT_TRUE(session->ReadVariable("step", &step).ok());
  EXPECT_EQ(step.data<int64_t>()[0], load("step_trained.npy").data<int64_t>()[0]);
}

// Both Savers' saves write a bundle at the prefix (the sharded one through
// no temporary directory: tfcc writes atomically itself) that either
// Saver's restore reads back, under TF's keys.
TEST_F(Saver, SavesWhatRestoresRead) {
  ASSERT_TRUE(restore(fixture("tf_ckpt/model")).ok());
  std::string returned;
  const std::string sharded = (dir / "sharded" / "model").string();
  tfcc::Status st = save(sharded, &returned);
  ASSERT_TRUE(st.ok()) << st.message();
  EXPECT_EQ(returned, sharded); // save/Identity:0 is the prefix
  const std::string flat = (dir / "flat" / "model").string();
  st = save(flat, &returned, "flat/Const:0", "flat/control_dependency:0");
  ASSERT_TRUE(st.ok()) << st.message();
  EXPECT_EQ(returned, flat);

  for (const std::string &prefix : {sharded, flat}) {
    std::unique_ptr<tfcc::checkpoint::Reader> reader;
    ASSERT_TRUE(tfcc::checkpoint::Reader::open(prefix, &reader).ok()) << prefix;
    const auto &entries = reader->entries();
    ASSERT_EQ(entries.size(), 3u);
    EXPECT_EQ(entries[0].name, "b");
    EXPECT_EQ(entries[1].name, "step");
    EXPECT_EQ(entries[2].name, "w");
    EXPECT_FALSE(fs::exists(prefix + "_temp")) << "no temporary shard is left";
  }

  // A fresh session (initial values) restores each through the other Saver.
  for (auto [prefix, feed, target] :
       {std::tuple{sharded, "flat/Const:0", "flat/restore_all"},
        std::tuple{flat, "save/Const:0", "save/restore_all"}}) {
    ASSERT_TRUE(tfcc::Session::Open(model.info(), &session).ok());
    expectNear(predict(), load("y_init.npy"));
    st = restore(prefix, feed, target);
    ASSERT_TRUE(st.ok()) << st.message();
    expectNear(predict(), load("y_trained.npy"));
  }
}

// A restore that fails changes no variable and says which file or tensor.
TEST_F(Saver, FailedRestoreChangesNothing) {
  tfcc::Status st = restore((dir / "missing").string());
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("missing"), std::string::npos) << st.message();
  expectNear(predict(), load("y_init.npy"));

  // w saved with another shape: nothing is restored, not even b.
  fs::create_directories(dir);
  float w[6] = {1, 2, 3, 4, 5, 6}, b[2] = {9, 9};
  int64_t step = 7;
  namespace ckpt = tfcc::checkpoint;
  std::vector<ckpt::NamedTensor> tensors = {
      {"b", ckpt::DType::Float, {2}, b},
      {"step", ckpt::DType::Int64, {}, &step},
      {"w", ckpt::DType::Float, {2, 3}, w}};
  ASSERT_TRUE(ckpt::save((dir / "bad").string(), tensors).ok());
  st = restore((dir / "bad").string());
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("tensor \"w\""), std::string::npos) << st.message();
  expectNear(predict(), load("y_init.npy"));
}

TEST_F(Saver, PrefixMustBeAString) {
  std::vector<tfcc::Tensor> out;
  tfcc::Status st = session->Run({{"save/Const:0", tfcc::Tensor(TFCC_FLOAT, {})}}, {},
                                 {"save/restore_all"}, &out);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("save/Const"), std::string::npos) << st.message();
  st = restore("");
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("empty"), std::string::npos) << st.message();
}

// TF2: the SavedModel's Saver functions (StatefulPartitionedCall_1/_2, fed
// at saver_filename:0). Its weights are in variables/variables, a TF2
// checkpoint that TF wrote; restoring it is how the model gets them.
class SaverTf2 : public SaverSession<test_models::SaverTf2> {
protected:
  tfcc::Tensor serve() {
    std::vector<tfcc::Tensor> out;
    tfcc::Status st = session->Run({{"serving_default_x", load("x.npy", true)}},
                                   {"StatefulPartitionedCall"}, {}, &out);
    EXPECT_TRUE(st.ok()) << st.message();
    return out.empty() ? tfcc::Tensor() : out[0];
  }
  tfcc::Status restore(const std::string &prefix) {
    return runRestore("saver_filename", "StatefulPartitionedCall_2", prefix);
  }
  tfcc::Status save(const std::string &prefix) {
    std::string returned;
    tfcc::Status st = runSave("saver_filename", "StatefulPartitionedCall_1:0", prefix, &returned);
    if (st.ok()) {
      EXPECT_EQ(returned, prefix);
    }
    return st;
  }
};

TEST_F(SaverTf2, RestoresTheSavedModelsVariables) {
  tfcc::Status st = restore(fixtureTf2("model/variables/variables"));
  ASSERT_TRUE(st.ok()) << st.message();
  expectNear(serve(), load("y.npy", true));
}

// tfcc's save writes TF2's keys and the object graph TF's save function
// holds, byte for byte as TF wrote it; a fresh session restores from it.
TEST_F(SaverTf2, SavesTf2KeysAndObjectGraph) {
  ASSERT_TRUE(restore(fixtureTf2("model/variables/variables")).ok());
  const std::string prefix = (dir / "ckpt").string();
  tfcc::Status st = save(prefix);
  ASSERT_TRUE(st.ok()) << st.message();
  namespace ckpt = tfcc::checkpoint;
  std::unique_ptr<ckpt::Reader> ours, tfs;
  ASSERT_TRUE(ckpt::Reader::open(prefix, &ours).ok());
  ASSERT_TRUE(ckpt::Reader::open(fixtureTf2("model/variables/variables"), &tfs).ok());
  std::vector<std::string> names;
  for (const ckpt::EntryInfo &e : ours->entries())
    names.push_back(e.name);
  EXPECT_EQ(names, (std::vector<std::string>{"_CHECKPOINTABLE_OBJECT_GRAPH",
                                             "b/.ATTRIBUTES/VARIABLE_VALUE",
                                             "w/.ATTRIBUTES/VARIABLE_VALUE"}));
  std::vector<std::string> graphOurs, graphTf;
  ASSERT_TRUE(ours->readStrings("_CHECKPOINTABLE_OBJECT_GRAPH", {}, &graphOurs).ok());
  ASSERT_TRUE(tfs->readStrings("_CHECKPOINTABLE_OBJECT_GRAPH", {}, &graphTf).ok());
  EXPECT_EQ(graphOurs, graphTf);

  ASSERT_TRUE(tfcc::Session::Open(model.info(), &session).ok());
  st = restore(prefix);
  ASSERT_TRUE(st.ok()) << st.message();
  expectNear(serve(), load("y.npy", true));
}

// For tf_restores_tfcc.py: saves known values where TFCC_SAVER_OUT says,
// for TensorFlow's own Saver to restore.
TEST_F(SaverTf2, WritesForTensorFlow) {
  const char *out = std::getenv("TFCC_SAVER_OUT");
  if (!out)
    GTEST_SKIP() << "TFCC_SAVER_OUT not set (tf_restores_tfcc.py sets it)";
  ASSERT_TRUE(restore(fixtureTf2("model/variables/variables")).ok());
  ASSERT_TRUE(session->AssignVariable("b", tfcc::Tensor::FromVector<float>({2}, {0.5f, 0.25f}))
                  .ok());
  tfcc::Status st = save(std::string(out) + "/tf2/ckpt");
  ASSERT_TRUE(st.ok()) << st.message();
}

// For tf_restores_tfcc.py: saves known values where TFCC_SAVER_OUT says,
// for TensorFlow's own Saver to restore.
TEST_F(Saver, WritesForTensorFlow) {
  const char *out = std::getenv("TFCC_SAVER_OUT");
  if (!out)
    GTEST_SKIP() << "TFCC_SAVER_OUT not set (tf_restores_tfcc.py sets it)";
  ASSERT_TRUE(restore(fixture("tf_ckpt/model")).ok());
  ASSERT_TRUE(session->AssignVariable("b", tfcc::Tensor::FromVector<float>({2}, {0.5f, 0.25f}))
                  .ok());
  std::string returned;
  tfcc::Status st = save(std::string(out) + "/sharded/model", &returned);
  ASSERT_TRUE(st.ok()) << st.message();
  st = save(std::string(out) + "/flat/model", &returned, "flat/Const:0",
            "flat/control_dependency:0");
  ASSERT_TRUE(st.ok()) << st.message();
}

} // namespace
