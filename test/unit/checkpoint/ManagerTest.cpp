#include "runtime/checkpoint/CheckpointManager.h"

#include "TestUtil.h"

#include <gtest/gtest.h>

namespace tfcc::checkpoint {
namespace {

using testing::contains;
using testing::readBytes;
using testing::TempDir;
using testing::writeBytes;

TEST(StateFileTest, RoundTripsWithEscapes) {
  TempDir dir;
  CheckpointState state;
  state.modelCheckpointPath = "odd \"name\"\\ \x01\n\xc3\xa9-2";
  state.allModelCheckpointPaths = {"/abs/ckpt-1", state.modelCheckpointPath};
  state.allModelCheckpointTimestamps = {1700000000.25, 1700000123.5};
  state.lastPreservedTimestamp = 1699999999.125;
  ASSERT_TRUE(writeCheckpointState(dir.path(), state).ok());
  EXPECT_EQ(dir.list(), std::vector<std::string>{"checkpoint"});
  CheckpointState back;
  Status s = readCheckpointState(dir.path(), &back);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(back.modelCheckpointPath, state.modelCheckpointPath);
  EXPECT_EQ(back.allModelCheckpointPaths, state.allModelCheckpointPaths);
  EXPECT_EQ(back.allModelCheckpointTimestamps, state.allModelCheckpointTimestamps);
  EXPECT_EQ(back.lastPreservedTimestamp, state.lastPreservedTimestamp);
}

// The text TF's CheckpointManager writes.
TEST(StateFileTest, ReadsTensorFlowsText) {
  TempDir dir;
  writeBytes(dir / "checkpoint",
             "model_checkpoint_path: \"ckpt-3\"\n"
             "all_model_checkpoint_paths: \"ckpt-2\"\n"
             "all_model_checkpoint_paths: \"ckpt-3\"\n"
             "all_model_checkpoint_timestamps: 1732300000.123456\n"
             "all_model_checkpoint_timestamps: 1732300001.5\n"
             "last_preserved_timestamp: 1732299999.0\n");
  CheckpointState state;
  ASSERT_TRUE(readCheckpointState(dir.path(), &state).ok());
  EXPECT_EQ(state.modelCheckpointPath, "ckpt-3");
  EXPECT_EQ(state.allModelCheckpointPaths, (std::vector<std::string>{"ckpt-2", "ckpt-3"}));
  EXPECT_DOUBLE_EQ(state.allModelCheckpointTimestamps[0], 1732300000.123456);
  EXPECT_EQ(latestCheckpoint(dir.path()), ""); // ckpt-3.index does not exist
}

TEST(StateFileTest, MalformedLineNamesFileAndLine) {
  TempDir dir;
  writeBytes(dir / "checkpoint", "model_checkpoint_path: \"a\"\nbogus\n");
  CheckpointState state;
  Status s = readCheckpointState(dir.path(), &state);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), dir / "checkpoint" + ":2: cannot parse \"bogus\"");
  writeBytes(dir / "checkpoint", "model_checkpoint_path: \"unterminated\n");
  EXPECT_FALSE(readCheckpointState(dir.path(), &state).ok());
}

std::vector<NamedTensor> stepTensors(const int64_t *step) {
  return {NamedTensor("global_step", DType::Int64, {}, step)};
}

int64_t readStep(const std::string &prefix) {
  std::unique_ptr<Reader> reader;
  EXPECT_TRUE(Reader::open(prefix, &reader).ok()) << prefix;
  int64_t v = -1;
  if (reader) {
    EXPECT_TRUE(reader->read("global_step", DType::Int64, {}, &v, 8).ok());
  }
  return v;
}

TEST(CheckpointManagerTest, KeepsTheLastN) {
  TempDir dir;
  CheckpointManager::Options options;
  options.maxToKeep = 3;
  std::unique_ptr<CheckpointManager> manager;
  ASSERT_TRUE(CheckpointManager::open(dir / "run", options, &manager).ok());
  EXPECT_EQ(manager->latest(), "");
  EXPECT_EQ(latestCheckpoint(dir / "run"), "");
  for (int64_t step = 1; step <= 7; ++step) {
    std::string prefix;
    ASSERT_TRUE(manager->save(step * 10, stepTensors(&step), &prefix).ok());
    EXPECT_EQ(prefix, dir / "run/ckpt-" + std::to_string(step * 10));
  }
  EXPECT_EQ(manager->checkpoints(),
            (std::vector<std::string>{dir / "run/ckpt-50", dir / "run/ckpt-60",
                                      dir / "run/ckpt-70"}));
  EXPECT_EQ(latestCheckpoint(dir / "run"), dir / "run/ckpt-70");
  EXPECT_EQ(readStep(latestCheckpoint(dir / "run")), 7);
  std::vector<std::string> files;
  for (const auto &e : std::filesystem::directory_iterator(dir / "run"))
    files.push_back(e.path().filename().string());
  std::sort(files.begin(), files.end());
  EXPECT_EQ(files, (std::vector<std::string>{
                       "checkpoint", "ckpt-50.data-00000-of-00001", "ckpt-50.index",
                       "ckpt-60.data-00000-of-00001", "ckpt-60.index",
                       "ckpt-70.data-00000-of-00001", "ckpt-70.index"}));
  std::string state = readBytes(dir / "run/checkpoint");
  EXPECT_EQ(state.rfind("model_checkpoint_path: \"ckpt-70\"\n"
                        "all_model_checkpoint_paths: \"ckpt-50\"\n"
                        "all_model_checkpoint_paths: \"ckpt-60\"\n"
                        "all_model_checkpoint_paths: \"ckpt-70\"\n"
                        "all_model_checkpoint_timestamps: ",
                        0),
            0u)
      << state;
}

TEST(CheckpointManagerTest, ContinuesAcrossRuns) {
  TempDir dir;
  CheckpointManager::Options options;
  options.maxToKeep = 2;
  options.name = "model";
  {
    std::unique_ptr<CheckpointManager> m;
    ASSERT_TRUE(CheckpointManager::open(dir.path(), options, &m).ok());
    for (int64_t step : {1, 2})
      ASSERT_TRUE(m->save(step, stepTensors(&step)).ok());
  }
  std::unique_ptr<CheckpointManager> m;
  ASSERT_TRUE(CheckpointManager::open(dir.path(), options, &m).ok());
  EXPECT_EQ(m->latest(), dir / "model-2");
  int64_t step = 3;
  ASSERT_TRUE(m->save(step, stepTensors(&step)).ok());
  EXPECT_FALSE(std::filesystem::exists(dir / "model-1.index"));
  EXPECT_TRUE(std::filesystem::exists(dir / "model-2.index"));
  // Saving an existing step again makes it the newest.
  step = 22;
  ASSERT_TRUE(m->save(2, stepTensors(&step)).ok());
  EXPECT_EQ(m->checkpoints(), (std::vector<std::string>{dir / "model-3", dir / "model-2"}));
  EXPECT_EQ(readStep(latestCheckpoint(dir.path())), 22);
}

TEST(CheckpointManagerTest, TemporaryFilesAreNeverTheLatest) {
  TempDir dir;
  std::unique_ptr<CheckpointManager> m;
  ASSERT_TRUE(CheckpointManager::open(dir.path(), {}, &m).ok());
  int64_t step = 1;
  ASSERT_TRUE(m->save(1, stepTensors(&step)).ok());
  writeBytes(dir / "ckpt-2.index.tempstate123", "partial");
  writeBytes(dir / "ckpt-2.data-00000-of-00001.tempstate456", "partial");
  EXPECT_EQ(latestCheckpoint(dir.path()), dir / "ckpt-1");
  // A state file naming a checkpoint that only has temporary files.
  CheckpointState state;
  state.modelCheckpointPath = "ckpt-2";
  ASSERT_TRUE(writeCheckpointState(dir.path(), state).ok());
  EXPECT_EQ(latestCheckpoint(dir.path()), "");
}

TEST(CheckpointManagerTest, RemoveCheckpointTakesOnlyItsFiles) {
  TempDir dir;
  int64_t step = 1;
  ASSERT_TRUE(save(dir / "ckpt-1", stepTensors(&step)).ok());
  ASSERT_TRUE(save(dir / "ckpt-10", stepTensors(&step)).ok());
  writeBytes(dir / "ckpt-1.index.pending", "x");
  writeBytes(dir / "ckpt-1.data-00000-of-00001.tempstate99", "x");
  ASSERT_TRUE(removeCheckpoint(dir / "ckpt-1").ok());
  EXPECT_EQ(dir.list(), (std::vector<std::string>{"ckpt-10.data-00000-of-00001",
                                                  "ckpt-10.index"}));
}

} // namespace
} // namespace tfcc::checkpoint
