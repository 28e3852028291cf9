// Session::Save / Restore and CheckpointManager: round trips, all-or-nothing
// failures, TF1 names and TF2 object keys.
#include "TempDir.h"
#include "ToyModel.h"

#include "runtime/checkpoint/Checkpoint.h"
#include "runtime/checkpoint/Restore.h"

#include <filesystem>

namespace tfcc::test {
namespace {

namespace ckpt = tfcc::checkpoint;

struct Values {
  std::vector<float> w, b;
  std::vector<int64_t> step;
  bool operator==(const Values &o) const {
    return w == o.w && b == o.b && step == o.step;
  }
};

Values Read(const Session &s) {
  Tensor step;
  EXPECT_TRUE(s.ReadVariable("global_step", &step).ok());
  return {ReadFloats(s, "w"), ReadFloats(s, "b"), step.ToVector<int64_t>()};
}

void Train(Session &s, int steps) {
  std::vector<Tensor> out;
  for (int i = 0; i < steps; ++i)
    ASSERT_TRUE(s.Run({{"x", Floats({4}, {1, 2, 3, 4})},
                       {"label", Floats({4}, {1, 0, 1, 0})},
                       {"lr", Scalar(0.05f)}},
                      {"loss"}, {"train_op"}, &out)
                    .ok());
}

// A checkpoint holding the given tensors, written by the checkpoint
// library directly.
void WriteCheckpoint(const std::string &prefix, const std::vector<ckpt::NamedTensor> &tensors) {
  ckpt::SaveOptions options;
  options.sync = false;
  ckpt::Status s = ckpt::save(prefix, tensors, options);
  ASSERT_TRUE(s.ok()) << s.message();
}

const float kW[] = {5, 6, 7, 8};
const float kB = 9;
const int64_t kStep = 42;
const float kW3[] = {1, 2, 3};
const int32_t kStep32 = 3;

TEST(SessionCheckpointTest, SaveAndRestoreRoundTrip) {
  TempDir dir;
  auto session = OpenToy();
  Train(*session, 3);
  const Values saved = Read(*session);
  const std::string prefix = dir / "model/ckpt";
  Status s = session->Save(prefix);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_TRUE(std::filesystem::exists(prefix + ".index"));
  EXPECT_TRUE(std::filesystem::exists(prefix + ".data-00000-of-00001"));

  // TensorFlow's names, dtypes and shapes.
  std::unique_ptr<ckpt::Reader> reader;
  ASSERT_TRUE(ckpt::Reader::open(prefix, &reader).ok());
  ASSERT_EQ(reader->entries().size(), 3u);
  const ckpt::EntryInfo *w = reader->find("w");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->dtype, ckpt::DType::Float);
  EXPECT_EQ(w->shape, ckpt::Shape{4});
  EXPECT_EQ(reader->find("global_step")->dtype, ckpt::DType::Int64);

  Train(*session, 2);
  EXPECT_FALSE(Read(*session) == saved);
  s = session->Restore(prefix);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_TRUE(Read(*session) == saved);

  // Into a new session, without its init.
  SessionOptions options;
  options.run_init = false;
  auto fresh = OpenToy(options);
  ASSERT_TRUE(fresh->Restore(prefix).ok());
  EXPECT_TRUE(Read(*fresh) == saved);
}

TEST(SessionCheckpointTest, RestoresTf1NamesAndTf2ObjectKeys) {
  TempDir dir;
  auto session = OpenToy();
  WriteCheckpoint(dir / "tf1", {{"w", ckpt::DType::Float, {4}, kW},
                                {"b", ckpt::DType::Float, {}, &kB},
                                {"global_step", ckpt::DType::Int64, {}, &kStep}});
  ASSERT_TRUE(session->Restore(dir / "tf1").ok());
  EXPECT_EQ(Read(*session).w, (std::vector<float>{5, 6, 7, 8}));
  EXPECT_EQ(Read(*session).step, std::vector<int64_t>{42});

  const std::string suffix = ckpt::kVariableValueSuffix;
  WriteCheckpoint(dir / "tf2", {{"w" + suffix, ckpt::DType::Float, {4}, kW},
                                {"b" + suffix, ckpt::DType::Float, {}, &kB},
                                {"global_step" + suffix, ckpt::DType::Int64, {}, &kStep}});
  auto other = OpenToy();
  Status s = other->Restore(dir / "tf2");
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(Read(*other).b, std::vector<float>{9});

  // Explicit keys for names the checkpoint spells differently.
  WriteCheckpoint(dir / "renamed", {{"dense/kernel", ckpt::DType::Float, {4}, kW},
                                    {"dense/bias", ckpt::DType::Float, {}, &kB},
                                    {"step", ckpt::DType::Int64, {}, &kStep}});
  RestoreOptions keys;
  keys.keys = {{"w", "dense/kernel"}, {"b", "dense/bias"}, {"global_step", "step"}};
  auto third = OpenToy();
  s = third->Restore(dir / "renamed", keys);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(Read(*third).w, (std::vector<float>{5, 6, 7, 8}));
  RestoreOptions mapped;
  mapped.map_name = [](const std::string &name) {
    return name == "global_step" ? std::string("step")
                                 : "dense/" + std::string(name == "w" ? "kernel" : "bias");
  };
  auto fourth = OpenToy();
  ASSERT_TRUE(fourth->Restore(dir / "renamed", mapped).ok());
  EXPECT_EQ(Read(*fourth).step, std::vector<int64_t>{42});
}

// A checkpoint that does not fit changes no variable, not even those it
// holds correctly.
TEST(SessionCheckpointTest, FailedRestoreChangesNothing) {
  TempDir dir;
  auto session = OpenToy();
  Train(*session, 2);
  const Values before = Read(*session);
  struct Case {
    const char *name;
    std::vector<ckpt::NamedTensor> tensors;
    std::vector<std::string> message;
  };
  const std::vector<Case> cases = {
      {"wrong_shape",
       {{"b", ckpt::DType::Float, {}, &kB},
        {"global_step", ckpt::DType::Int64, {}, &kStep},
        {"w", ckpt::DType::Float, {3}, kW3}},
       {"\"w\"", "[3]", "[4]"}},
      {"wrong_dtype",
       {{"b", ckpt::DType::Float, {}, &kB},
        {"global_step", ckpt::DType::Int32, {}, &kStep32},
        {"w", ckpt::DType::Float, {4}, kW}},
       {"\"global_step\"", "int32", "int64"}},
      {"missing",
       {{"b", ckpt::DType::Float, {}, &kB}, {"w", ckpt::DType::Float, {4}, kW}},
       {"\"global_step\"", "not found"}},
  };
  for (const Case &c : cases) {
    WriteCheckpoint(dir / c.name, c.tensors);
    EXPECT_TRUE(FailsWith(session->Restore(dir / c.name), c.message)) << c.name;
    EXPECT_TRUE(Read(*session) == before) << c.name;
  }
  EXPECT_TRUE(FailsWith(session->Restore(dir / "absent"), {"absent"}));
  EXPECT_TRUE(Read(*session) == before);
}

TEST(SessionCheckpointTest, ManagerKeepsTheNewestAndRestoresTheLatest) {
  TempDir dir;
  auto session = OpenToy();
  std::unique_ptr<CheckpointManager> manager;
  CheckpointManager::Options options;
  options.max_to_keep = 2;
  options.sync = false;
  Status s = CheckpointManager::Open(session.get(), dir / "run", options, &manager);
  ASSERT_TRUE(s.ok()) << s.message();
  bool restored = true;
  ASSERT_TRUE(manager->RestoreLatest(&restored).ok());
  EXPECT_FALSE(restored);

  Values last;
  for (int step = 1; step <= 3; ++step) {
    Train(*session, 1);
    std::string prefix;
    ASSERT_TRUE(manager->Save(step, &prefix).ok());
    EXPECT_EQ(prefix, dir / ("run/ckpt-" + std::to_string(step)));
    last = Read(*session);
  }
  EXPECT_EQ(manager->checkpoints().size(), 2u);
  EXPECT_FALSE(std::filesystem::exists(dir / "run/ckpt-1.index"));
  EXPECT_EQ(manager->latest(), dir / "run/ckpt-3");

  // A new manager over the same directory (as after a restart) finds it.
  Train(*session, 4);
  std::unique_ptr<CheckpointManager> reopened;
  ASSERT_TRUE(CheckpointManager::Open(session.get(), dir / "run", options, &reopened).ok());
  ASSERT_TRUE(reopened->RestoreLatest(&restored).ok());
  EXPECT_TRUE(restored);
  EXPECT_TRUE(Read(*session) == last);
}

} // namespace
} // namespace tfcc::test
