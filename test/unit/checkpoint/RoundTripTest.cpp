#include "runtime/checkpoint/Checkpoint.h"
#include "runtime/checkpoint/Crc32c.h"
#include "runtime/checkpoint/Table.h"

#include "TestUtil.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <random>

namespace tfcc::checkpoint {
namespace {

using testing::contains;
using testing::readBytes;
using testing::TempDir;

Tensor randomTensor(DType dtype, Shape shape, uint32_t seed) {
  Tensor t;
  t.dtype = dtype;
  t.shape = std::move(shape);
  int64_t n = 0;
  EXPECT_TRUE(numElements(t.shape, &n));
  std::mt19937 rng(seed);
  if (dtype == DType::String) {
    for (int64_t i = 0; i < n; ++i) {
      std::string s(rng() % (i % 4 == 3 ? 300 : 20), '\0'); // some > 127
      for (char &c : s)
        c = static_cast<char>(rng()); // binary, NULs included
      t.strings.push_back(std::move(s));
    }
    return t;
  }
  t.bytes.resize(static_cast<size_t>(n) * dtypeSize(dtype));
  for (uint8_t &b : t.bytes)
    b = static_cast<uint8_t>(dtype == DType::Bool ? rng() & 1 : rng());
  return t;
}

void expectSameTensor(const Tensor &a, const Tensor &b, const std::string &what) {
  EXPECT_EQ(a.dtype, b.dtype) << what;
  EXPECT_EQ(a.shape, b.shape) << what;
  EXPECT_EQ(a.bytes, b.bytes) << what;
  EXPECT_EQ(a.strings, b.strings) << what;
}

const DType kAllDTypes[] = {
    DType::Float,  DType::Double,    DType::Int32,      DType::Int64,
    DType::UInt8,  DType::Int8,      DType::Int16,      DType::Bool,
    DType::Half,   DType::BFloat16,  DType::UInt16,     DType::UInt32,
    DType::UInt64, DType::Complex64, DType::Complex128, DType::QInt8,
    DType::QUInt8, DType::QInt16,    DType::QUInt16,    DType::QInt32,
    DType::String};

class RoundTrip : public ::testing::TestWithParam<DType> {};

TEST_P(RoundTrip, EveryShapeKind) {
  TempDir dir;
  const DType dtype = GetParam();
  const std::vector<Shape> shapes = {{}, {0}, {3, 0}, {7}, {2, 3, 4}, {1, 1, 1, 1, 5}};
  std::vector<Tensor> tensors;
  std::vector<NamedTensor> named;
  for (size_t i = 0; i < shapes.size(); ++i)
    tensors.push_back(randomTensor(dtype, shapes[i], uint32_t(i)));
  for (size_t i = 0; i < shapes.size(); ++i)
    named.emplace_back("t" + std::to_string(i), tensors[i]);
  const std::string prefix = dir / "ckpt";
  Status s = save(prefix, named);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(dir.list(), (std::vector<std::string>{"ckpt.data-00000-of-00001",
                                                  "ckpt.index"}));

  std::unique_ptr<Reader> reader;
  s = Reader::open(prefix, &reader);
  ASSERT_TRUE(s.ok()) << s.message();
  ASSERT_EQ(reader->entries().size(), shapes.size());
  for (size_t i = 0; i < shapes.size(); ++i) {
    const EntryInfo &e = reader->entries()[i];
    EXPECT_EQ(e.name, "t" + std::to_string(i));
    EXPECT_EQ(e.dtype, dtype);
    EXPECT_EQ(e.shape, shapes[i]);
    if (dtype != DType::String) {
      EXPECT_EQ(e.byteSize, int64_t(tensors[i].bytes.size()));
    }
    Tensor back;
    s = reader->read(e.name, &back);
    ASSERT_TRUE(s.ok()) << s.message();
    expectSameTensor(back, tensors[i], e.name);
    if (dtype == DType::String) {
      std::vector<std::string> strings;
      ASSERT_TRUE(reader->readStrings(e.name, shapes[i], &strings).ok());
      EXPECT_EQ(strings, tensors[i].strings);
    } else {
      std::vector<uint8_t> dst(tensors[i].bytes.size());
      s = reader->read(e.name, dtype, shapes[i], dst.data(), dst.size());
      ASSERT_TRUE(s.ok()) << s.message();
      EXPECT_EQ(dst, tensors[i].bytes);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(AllDTypes, RoundTrip, ::testing::ValuesIn(kAllDTypes),
                         [](const auto &info) { return dtypeName(info.param); });

// TF lays the data file out in the order tensors are added, with no padding,
// and records masked CRCs of the raw bytes.
TEST(SaveTest, DataFileLayoutMatchesTensorFlow) {
  TempDir dir;
  float a[3] = {1.5f, -2.0f, 3.25f};
  int64_t b = -7;
  std::string strings[2] = {"ab", ""};
  Status s = save(dir / "c", {NamedTensor("z", DType::Float, {3}, a),
                              NamedTensor("a", DType::Int64, {}, &b),
                              NamedTensor("s", {2}, strings)});
  ASSERT_TRUE(s.ok()) << s.message();
  std::string data = readBytes(dir / "c.data-00000-of-00001");
  std::string expected(reinterpret_cast<const char *>(a), sizeof a);
  expected.append(reinterpret_cast<const char *>(&b), sizeof b);
  // Strings: varint lengths 2 and 0, the masked crc32c of the lengths as
  // uint32s, then the bytes.
  uint32_t lengths[2] = {2, 0};
  uint32_t crc = crc32c::value(lengths, sizeof lengths);
  uint32_t masked = crc32c::mask(crc);
  expected += std::string("\x02\x00", 2);
  expected.append(reinterpret_cast<const char *>(&masked), 4);
  expected += "ab";
  EXPECT_EQ(data, expected);
}

TEST(SaveTest, ManyTensorsSpanSeveralIndexBlocks) {
  TempDir dir;
  std::vector<int32_t> values(12000);
  std::vector<NamedTensor> named;
  for (int i = 0; i < 12000; ++i) {
    values[i] = i * 7 - 3;
    char name[96];
    std::snprintf(name, sizeof name,
                  "model/layer_with_weights-%d/%s/.ATTRIBUTES/VARIABLE_VALUE",
                  i / 2, i % 2 ? "bias" : "kernel");
    named.emplace_back(name, DType::Int32, Shape{}, &values[i]);
  }
  const std::string prefix = dir / "many";
  ASSERT_TRUE(save(prefix, named).ok());
  std::vector<table::KeyValue> kvs;
  size_t blocks = 0;
  ASSERT_TRUE(table::readTable(readBytes(prefix + ".index"), "i", &kvs, &blocks).ok());
  EXPECT_GE(blocks, 2u);
  std::unique_ptr<Reader> reader;
  ASSERT_TRUE(Reader::open(prefix, &reader).ok());
  ASSERT_EQ(reader->entries().size(), named.size());
  for (int i = 0; i < 12000; i += 97) {
    int32_t v = 0;
    Status s = reader->read(named[i].name, DType::Int32, {}, &v, sizeof v);
    ASSERT_TRUE(s.ok()) << s.message();
    EXPECT_EQ(v, values[i]);
  }
}

TEST(SaveTest, OverwritesAnExistingCheckpoint) {
  TempDir dir;
  const std::string prefix = dir / "c";
  double one = 1, two = 2;
  ASSERT_TRUE(save(prefix, {NamedTensor("x", DType::Double, {}, &one),
                            NamedTensor("old", DType::Double, {}, &one)})
                  .ok());
  ASSERT_TRUE(save(prefix, {NamedTensor("x", DType::Double, {}, &two)}).ok());
  std::unique_ptr<Reader> reader;
  ASSERT_TRUE(Reader::open(prefix, &reader).ok());
  ASSERT_EQ(reader->entries().size(), 1u);
  double x = 0;
  ASSERT_TRUE(reader->read("x", DType::Double, {}, &x, sizeof x).ok());
  EXPECT_EQ(x, 2);
  EXPECT_EQ(dir.list().size(), 2u); // no temporary or pending files left
}

TEST(SaveTest, RejectsBadInputsWithoutWritingFiles) {
  TempDir dir;
  float f = 0;
  struct Case {
    std::vector<NamedTensor> tensors;
    const char *message;
  } cases[] = {
      {{NamedTensor("", DType::Float, {}, &f)}, "empty name"},
      {{NamedTensor("a", DType::Float, {}, &f),
        NamedTensor("a", DType::Float, {}, &f)},
       "appears twice"},
      {{NamedTensor("v", DType(21), {}, &f)}, "dtype dtype(21)"},
      {{NamedTensor("n", DType::Float, {2, -1}, &f)}, "bad shape [2,-1]"},
      {{NamedTensor("d", DType::Float, {4}, nullptr)}, "no data"},
      {{NamedTensor("s", {2}, nullptr)}, "no strings"},
  };
  for (const Case &c : cases) {
    Status s = save(dir / "c", c.tensors);
    ASSERT_FALSE(s.ok()) << c.message;
    EXPECT_TRUE(contains(s.message(), c.message)) << s.message();
    EXPECT_TRUE(contains(s.message(), dir / "c")) << s.message();
  }
  EXPECT_TRUE(dir.list().empty());
}

TEST(SaveTest, CreatesMissingDirectories) {
  TempDir dir;
  int8_t v = 5;
  ASSERT_TRUE(save(dir / "a/b/c/ckpt", {NamedTensor("v", DType::Int8, {}, &v)}).ok());
  std::unique_ptr<Reader> reader;
  EXPECT_TRUE(Reader::open(dir / "a/b/c/ckpt", &reader).ok());
}

TEST(SaveTest, FileNames) {
  EXPECT_EQ(indexFileName("/d/model"), "/d/model.index");
  EXPECT_EQ(dataFileName("/d/model", 0, 1), "/d/model.data-00000-of-00001");
  EXPECT_EQ(dataFileName("m", 3, 12), "m.data-00003-of-00012");
}

} // namespace
} // namespace tfcc::checkpoint
