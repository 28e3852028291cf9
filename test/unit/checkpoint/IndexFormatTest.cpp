// Indexes tfcc never writes but must read or reject: several data shards,
// big-endian bundles, newer format versions, inconsistent entries.
#include "runtime/checkpoint/Checkpoint.h"
#include "runtime/checkpoint/Crc32c.h"
#include "runtime/checkpoint/Table.h"

#include "compiler/frontend/proto/tensor_bundle.pb.h"

#include "TestUtil.h"

#include <gtest/gtest.h>

namespace tfcc::checkpoint {
namespace {

using testing::contains;
using testing::TempDir;
using testing::writeBytes;

tensorflow::BundleEntryProto entry(int shard, int64_t offset, const std::string &bytes,
                                   std::vector<int64_t> dims) {
  tensorflow::BundleEntryProto e;
  e.set_dtype(tensorflow::DT_INT32);
  for (int64_t d : dims)
    e.mutable_shape()->add_dim()->set_size(d);
  e.set_shard_id(shard);
  e.set_offset(offset);
  e.set_size(static_cast<int64_t>(bytes.size()));
  e.set_crc32c(crc32c::mask(crc32c::value(bytes.data(), bytes.size())));
  return e;
}

// Writes <prefix>.index from a header and (key, entry) pairs in key order.
void writeIndex(const std::string &prefix, const tensorflow::BundleHeaderProto &header,
                const std::vector<std::pair<std::string, tensorflow::BundleEntryProto>> &entries) {
  table::TableBuilder builder;
  builder.add("", header.SerializeAsString());
  for (const auto &[key, e] : entries)
    builder.add(key, e.SerializeAsString());
  writeBytes(prefix + ".index", builder.finish());
}

tensorflow::BundleHeaderProto header(int shards) {
  tensorflow::BundleHeaderProto h;
  h.set_num_shards(shards);
  h.mutable_version()->set_producer(1);
  return h;
}

std::string int32s(std::vector<int32_t> v) {
  return std::string(reinterpret_cast<const char *>(v.data()), v.size() * 4);
}

// What TF's sharded Saver leaves after merging: one index, N data files.
TEST(IndexFormatTest, ReadsSeveralDataShards) {
  TempDir dir;
  const std::string prefix = dir / "sharded";
  std::string a = int32s({1, 2, 3}), b = int32s({7, 8});
  writeBytes(dataFileName(prefix, 0, 2), "pad" + a);
  writeBytes(dataFileName(prefix, 1, 2), b);
  writeIndex(prefix, header(2), {{"a", entry(0, 3, a, {3})}, {"b", entry(1, 0, b, {2})}});
  std::unique_ptr<Reader> reader;
  Status s = Reader::open(prefix, &reader);
  ASSERT_TRUE(s.ok()) << s.message();
  int32_t outA[3], outB[2];
  ASSERT_TRUE(reader->read("a", DType::Int32, {3}, outA, sizeof outA).ok());
  ASSERT_TRUE(reader->read("b", DType::Int32, {2}, outB, sizeof outB).ok());
  EXPECT_EQ(outA[2], 3);
  EXPECT_EQ(outB[0], 7);
  EXPECT_TRUE(reader->checkDataFiles().ok());
}

Status openError(const std::string &prefix) {
  std::unique_ptr<Reader> reader;
  Status s = Reader::open(prefix, &reader);
  EXPECT_FALSE(s.ok());
  return s;
}

TEST(IndexFormatTest, RejectsWhatItCannotRead) {
  TempDir dir;
  const std::string p = dir / "c";
  std::string a = int32s({1});

  auto big = header(1);
  big.set_endianness(tensorflow::BundleHeaderProto::BIG);
  writeIndex(p, big, {{"a", entry(0, 0, a, {1})}});
  EXPECT_EQ(openError(p).message(), p + ".index: big-endian checkpoints are not supported");

  auto newer = header(1);
  newer.mutable_version()->set_min_consumer(2);
  writeIndex(p, newer, {});
  EXPECT_TRUE(contains(openError(p).message(), "needs a reader of version 2 or later"));

  auto banned = header(1);
  banned.mutable_version()->add_bad_consumers(1);
  writeIndex(p, banned, {});
  EXPECT_TRUE(contains(openError(p).message(), "disallows readers of version 1"));

  writeIndex(p, header(0), {});
  EXPECT_TRUE(contains(openError(p).message(), "bad shard count 0"));

  writeIndex(p, header(1), {{"a", entry(1, 0, a, {1})}});
  EXPECT_EQ(openError(p).message(),
            p + ".index: corrupt checkpoint index: tensor \"a\": bad location "
                "(shard 1, offset 0, size 4)");

  writeIndex(p, header(1), {{"a", entry(0, 0, a, {2})}});
  EXPECT_EQ(openError(p).message(), p + ".index: corrupt checkpoint index: tensor \"a\": "
                                        "4 bytes do not hold shape [2] of int32");

  table::TableBuilder noHeader;
  noHeader.add("a", entry(0, 0, a, {1}).SerializeAsString());
  writeBytes(p + ".index", noHeader.finish());
  EXPECT_TRUE(contains(openError(p).message(), "the bundle header entry is missing"));
}

} // namespace
} // namespace tfcc::checkpoint
