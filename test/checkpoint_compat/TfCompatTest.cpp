// Checkpoints written by TensorFlow (make_reference.py, committed under
// data/) read, restore and re-save byte for byte with tfcc.
#include "runtime/checkpoint/BundleInternal.h"
#include "runtime/checkpoint/CheckpointManager.h"
#include "runtime/checkpoint/Inspect.h"
#include "runtime/checkpoint/Restore.h"

#include "CompatData.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include <unistd.h>

namespace tfcc::checkpoint {
namespace {

const std::string kData = TFCC_COMPAT_DATA_DIR;

std::string data(const std::string &relative) { return kData + "/" + relative; }

std::unique_ptr<Reader> open(const std::string &relativePrefix) {
  std::unique_ptr<Reader> reader;
  Status s = Reader::open(data(relativePrefix), &reader);
  EXPECT_TRUE(s.ok()) << s.message();
  return reader;
}

std::string valueBytes(const Tensor &t) {
  if (t.dtype == DType::String)
    return compat::encodeStrings(t.strings);
  return std::string(t.bytes.begin(), t.bytes.end());
}

TEST(TfCompatTest, ReadsEveryTensorTensorFlowWrote) {
  std::vector<compat::Row> rows = compat::readManifest(data("expected.tsv"));
  ASSERT_GT(rows.size(), 60u);
  std::map<std::string, std::unique_ptr<Reader>> readers;
  std::map<std::string, std::set<std::string>> keys;
  for (const compat::Row &row : rows) {
    SCOPED_TRACE(row.checkpoint + " " + row.key);
    auto &reader = readers[row.checkpoint];
    if (!reader)
      reader = open(row.checkpoint);
    ASSERT_TRUE(reader);
    keys[row.checkpoint].insert(row.key);
    const EntryInfo *e = reader->find(row.key);
    ASSERT_TRUE(e);
    EXPECT_EQ(dtypeName(e->dtype), row.dtype);
    EXPECT_EQ(shapeString(e->shape), row.shape);
    Tensor t;
    Status s = reader->read(row.key, &t);
    if (row.file == "sliced") {
      EXPECT_TRUE(e->sliced);
      ASSERT_FALSE(s.ok());
      EXPECT_NE(s.message().find("partitioned (sliced) variable"), std::string::npos)
          << s.message();
      continue;
    }
    ASSERT_TRUE(s.ok()) << s.message();
    EXPECT_EQ(valueBytes(t), compat::readFileBytes(data(row.file)));
  }
  // Nothing more than TF lists, either.
  for (const auto &[checkpoint, reader] : readers) {
    std::set<std::string> listed;
    for (const EntryInfo &e : reader->entries())
      listed.insert(e.name);
    EXPECT_EQ(listed, keys[checkpoint]) << checkpoint;
  }
}

// Saving TF's tensors again, in TF's data order, gives TF's exact files.
TEST(TfCompatTest, RewritesTensorFlowsFilesByteForByte) {
  for (const std::string prefix : {"tf1/model", "tf2/ckpt-2", "tf2/ckpt-3"}) {
    SCOPED_TRACE(prefix);
    std::unique_ptr<Reader> reader = open(prefix);
    ASSERT_TRUE(reader);
    const Reader::Impl &impl = reader->impl();
    std::vector<size_t> order(impl.entries.size());
    for (size_t i = 0; i < order.size(); ++i)
      order[i] = i;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      return impl.locations[a].offset < impl.locations[b].offset;
    });
    std::vector<Tensor> tensors(order.size());
    std::vector<NamedTensor> named;
    for (size_t i = 0; i < order.size(); ++i) {
      const std::string &name = impl.entries[order[i]].name;
      Status s = reader->read(name, &tensors[i]);
      ASSERT_TRUE(s.ok()) << s.message();
      named.emplace_back(name, tensors[i]);
    }
    auto dir = std::filesystem::temp_directory_path() /
               ("tfcc_compat_" + std::to_string(getpid()));
    const std::string ours = (dir / "copy").string();
    Status s = save(ours, named);
    ASSERT_TRUE(s.ok()) << s.message();
    EXPECT_TRUE(compat::readFileBytes(ours + ".index") ==
                compat::readFileBytes(data(prefix) + ".index"))
        << "index files differ";
    EXPECT_TRUE(compat::readFileBytes(dataFileName(ours, 0, 1)) ==
                compat::readFileBytes(dataFileName(data(prefix), 0, 1)))
        << "data files differ";
    std::filesystem::remove_all(dir);
  }
}

std::string expectedValue(const std::string &checkpoint, const std::string &key) {
  for (const compat::Row &row : compat::readManifest(data("expected.tsv")))
    if (row.checkpoint == checkpoint && row.key == key)
      return compat::readFileBytes(data(row.file));
  ADD_FAILURE() << "no expected value for " << checkpoint << " " << key;
  return "";
}

std::string bytesOf(const void *p, size_t n) {
  return std::string(static_cast<const char *>(p), n);
}

TEST(TfCompatTest, RestoresTf1Names) {
  float kernel[12];
  uint16_t bf[4];
  bool mask[5];
  std::vector<std::string> vocab;
  Status s = restore(data("tf1/model"),
                     {{"dense/kernel", DType::Float, {4, 3}, kernel, sizeof kernel},
                      {"half/bf", DType::BFloat16, {4}, bf, sizeof bf},
                      {"flags/mask", DType::Bool, {5}, mask, sizeof mask},
                      {"vocab", DType::String, {4}, nullptr, 0, &vocab}});
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(bytesOf(kernel, sizeof kernel), expectedValue("tf1/model", "dense/kernel"));
  EXPECT_EQ(kernel[0], -5.5f / 4);
  EXPECT_EQ(bytesOf(bf, sizeof bf), expectedValue("tf1/model", "half/bf"));
  EXPECT_EQ(bf[0], 0x3f80); // bfloat16 1.0
  EXPECT_EQ(bytesOf(mask, sizeof mask), expectedValue("tf1/model", "flags/mask"));
  EXPECT_EQ(vocab, (std::vector<std::string>{"alpha", "", std::string("\0binary\xff", 8),
                                             std::string(200, 'x')}));
}

TEST(TfCompatTest, RestoresTf2KeysObjectPathsAndObjectGraphNames) {
  const std::string ckpt = "tf2/ckpt-3";
  const std::string denseKernel =
      "optimizer/_trainable_variables/0/.ATTRIBUTES/VARIABLE_VALUE";
  float keras[12], module[6];
  double bias[2];
  int64_t step;
  Status s = restore(data(ckpt),
                     {{"sequential/dense/kernel", DType::Float, {4, 3}, keras, sizeof keras},
                      {"net/dense/kernel", DType::Float, {2, 3}, module, sizeof module},
                      {"net/dense/bias", DType::Double, {2}, bias, sizeof bias},
                      {"step/.ATTRIBUTES/VARIABLE_VALUE", DType::Int64, {}, &step, 8}});
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(bytesOf(keras, sizeof keras), expectedValue(ckpt, denseKernel));
  EXPECT_EQ(module[5], 5.f / 8);
  EXPECT_EQ(bias[0], 1.0 + 0 + 1 + 2); // assign_add(i) over three saves
  EXPECT_EQ(step, 3);
}

TEST(TfCompatTest, ListsTf2VariableKeys) {
  std::unique_ptr<Reader> reader = open("tf2/ckpt-3");
  std::vector<VariableKey> keys;
  Status s = listVariableKeys(*reader, &keys);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(keys.size(), reader->entries().size() - 1); // all but the graph
  std::map<std::string, std::string> fullNames;
  for (const VariableKey &k : keys)
    fullNames[k.objectPath] = k.fullName;
  EXPECT_EQ(fullNames["optimizer/_trainable_variables/0"], "sequential/dense/kernel");
  EXPECT_EQ(fullNames["optimizer/_trainable_variables/3"], "sequential/dense_1/bias");
  EXPECT_EQ(fullNames["net/dense/kernel"], "kernel");
  EXPECT_EQ(fullNames["save_counter"], "save_counter");
}

TEST(TfCompatTest, ReadsTensorFlowsStateFiles) {
  EXPECT_EQ(latestCheckpoint(data("tf1")), data("tf1/model"));
  EXPECT_EQ(latestCheckpoint(data("tf2")), data("tf2/ckpt-3"));
  CheckpointState state;
  ASSERT_TRUE(readCheckpointState(data("tf2"), &state).ok());
  EXPECT_EQ(state.allModelCheckpointPaths, (std::vector<std::string>{"ckpt-2", "ckpt-3"}));
  EXPECT_EQ(state.allModelCheckpointTimestamps.size(), 2u);
  EXPECT_GT(state.lastPreservedTimestamp, 1.6e9);

  // A manager over a copy of TF's directory carries on where TF stopped.
  auto dir = std::filesystem::temp_directory_path() /
             ("tfcc_compat_mgr_" + std::to_string(getpid()));
  std::filesystem::copy(data("tf2"), dir, std::filesystem::copy_options::recursive);
  CheckpointManager::Options options;
  options.maxToKeep = 2;
  std::unique_ptr<CheckpointManager> manager;
  ASSERT_TRUE(CheckpointManager::open(dir.string(), options, &manager).ok());
  EXPECT_EQ(manager->checkpoints(),
            (std::vector<std::string>{(dir / "ckpt-2").string(), (dir / "ckpt-3").string()}));
  int64_t step = 4;
  ASSERT_TRUE(manager->save(4, {NamedTensor("step/.ATTRIBUTES/VARIABLE_VALUE",
                                            DType::Int64, {}, &step)})
                  .ok());
  EXPECT_FALSE(std::filesystem::exists(dir / "ckpt-2.index"));
  EXPECT_EQ(latestCheckpoint(dir.string()), (dir / "ckpt-4").string());
  std::filesystem::remove_all(dir);
}

TEST(TfCompatTest, InspectsTensorFlowCheckpoints) {
  std::ostringstream out, err;
  EXPECT_EQ(inspectCheckpoint(data("tf1_partitioned/model"), out, err), 0) << err.str();
  EXPECT_EQ(out.str(), "partitioned/w  float32  [6,2]  0 bytes (partitioned)\n"
                       "plain          float32  [2]    8 bytes\n"
                       "2 tensors, 8 bytes\n");
}

} // namespace
} // namespace tfcc::checkpoint
