#include "runtime/checkpoint/Coding.h"
#include "runtime/checkpoint/Table.h"

#include "TestUtil.h"

#include <gtest/gtest.h>

#include <cstdio>

namespace tfcc::checkpoint::table {
namespace {

using testing::contains;

std::vector<KeyValue> readBack(const std::string &table, size_t *blocks = nullptr) {
  std::vector<KeyValue> entries;
  Status s = readTable(table, "t.index", &entries, blocks);
  EXPECT_TRUE(s.ok()) << s.message();
  return entries;
}

TEST(TableTest, SingleEntryLayout) {
  TableBuilder b;
  b.add("", "hdr");
  std::string t = b.finish();
  // One data block: entry (0 shared, 0 unshared, 3 value bytes, "hdr"),
  // restart array {0}, count 1, then the 5-byte trailer.
  std::string block("\x00\x00\x03hdr\x00\x00\x00\x00\x01\x00\x00\x00", 14);
  ASSERT_GE(t.size(), block.size() + kFooterSize);
  EXPECT_EQ(t.substr(0, block.size()), block);
  EXPECT_EQ(t[block.size()], '\0'); // no compression
  EXPECT_EQ(coding::decodeFixed64(t.data() + t.size() - 8), kTableMagic);
  auto entries = readBack(t);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].key, "");
  EXPECT_EQ(entries[0].value, "hdr");
}

TEST(TableTest, SharedPrefixesAcrossManyBlocks) {
  TableBuilder b;
  std::vector<KeyValue> expected;
  for (int i = 0; i < 30000; ++i) {
    char key[64];
    std::snprintf(key, sizeof key, "model/layer_%05d/kernel%s", i,
                  i % 3 ? "/.ATTRIBUTES/VARIABLE_VALUE" : "");
    expected.push_back({key, std::string(i % 17, char('a' + i % 26))});
  }
  std::sort(expected.begin(), expected.end(),
            [](const KeyValue &a, const KeyValue &b) { return a.key < b.key; });
  for (const auto &kv : expected)
    b.add(kv.key, kv.value);
  std::string t = b.finish();
  size_t blocks = 0;
  auto entries = readBack(t, &blocks);
  EXPECT_GT(blocks, 2u);
  ASSERT_EQ(entries.size(), expected.size());
  for (size_t i = 0; i < entries.size(); ++i) {
    ASSERT_EQ(entries[i].key, expected[i].key);
    ASSERT_EQ(entries[i].value, expected[i].value);
  }
}

TEST(TableTest, BinaryKeysAndHugeValues) {
  TableBuilder b;
  std::string big(600000, 'v'); // gets a block of its own
  b.add(std::string("a\xff\xff", 3), "1");
  b.add(std::string("a\xff\xff\x01", 4), big);
  b.add(std::string("\xff\xff", 2), "");
  size_t blocks = 0;
  auto entries = readBack(b.finish(), &blocks);
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[1].value, big);
  EXPECT_EQ(entries[2].key, std::string("\xff\xff", 2));
  EXPECT_GE(blocks, 2u);
}

std::string sample() {
  TableBuilder b;
  b.add("", "header");
  b.add("dense/bias", "entry-1");
  b.add("dense/kernel", "entry-2");
  return b.finish();
}

std::string errorOf(const std::string &table) {
  std::vector<KeyValue> entries;
  Status s = readTable(table, "/x/ckpt.index", &entries);
  EXPECT_FALSE(s.ok());
  EXPECT_TRUE(contains(s.message(), "/x/ckpt.index")) << s.message();
  return s.message();
}

TEST(TableTest, Errors) {
  std::string t = sample();
  EXPECT_TRUE(contains(errorOf(t.substr(0, 20)), "too short"));
  EXPECT_TRUE(contains(errorOf(t.substr(0, t.size() - 1)), "bad table magic"));
  std::string flipped = t;
  flipped[5] ^= 1; // inside the data block
  EXPECT_TRUE(contains(errorOf(flipped), "checksum mismatch"));
  std::string cut = t.substr(20); // footer intact, handles now point off
  EXPECT_FALSE(errorOf(cut).empty());
}

// Every single-byte corruption and every truncation either reads back the
// same entries (the footer padding is not checksummed) or fails cleanly.
TEST(TableTest, NoCorruptionCrashesOrGoesUnnoticed) {
  const std::string t = sample();
  const auto good = readBack(t);
  auto same = [&](const std::vector<KeyValue> &e) {
    if (e.size() != good.size())
      return false;
    for (size_t i = 0; i < e.size(); ++i)
      if (e[i].key != good[i].key || e[i].value != good[i].value)
        return false;
    return true;
  };
  for (size_t i = 0; i < t.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string bad = t;
      bad[i] ^= static_cast<char>(1 << bit);
      std::vector<KeyValue> entries;
      if (readTable(bad, "f", &entries).ok()) {
        EXPECT_TRUE(same(entries)) << "byte " << i << " bit " << bit;
      }
    }
  }
  for (size_t n = 0; n < t.size(); ++n) {
    std::vector<KeyValue> entries;
    EXPECT_FALSE(readTable(t.substr(0, n), "f", &entries).ok()) << n;
  }
}

} // namespace
} // namespace tfcc::checkpoint::table
