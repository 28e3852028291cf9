#include "tfcc/npy.h"

#include "runtime/Dtype.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <unistd.h>

namespace tfcc {
namespace {

std::string TempPath(const std::string &name) {
  return ::testing::TempDir() + "tfcc_npy_" + std::to_string(getpid()) + "_" +
         name;
}

void WriteBytes(const std::string &path, const std::string &bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

std::string ReadBytes(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// A .npy file as NumPy writes it: version 1.0, header padded to 64 bytes.
std::string NpyFile(const std::string &dict, const std::string &data,
                    int major = 1) {
  const size_t prefix = major == 1 ? 10 : 12;
  std::string header = dict;
  while ((prefix + header.size() + 1) % 64)
    header += ' ';
  header += '\n';
  std::string out = "\x93NUMPY";
  out += char(major);
  out += char(0);
  for (size_t i = 0; i < (major == 1 ? 2u : 4u); ++i)
    out += char((header.size() >> (8 * i)) & 0xff);
  return out + header + data;
}

const char kF4Dict[] = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";

std::string SixFloats() {
  std::string data;
  for (int i = 0; i < 6; ++i) {
    float v = float(i) + 0.5f;
    data.append(reinterpret_cast<const char *>(&v), 4);
  }
  return data;
}

TEST(NpyTest, WritesWhatNumPyWrites) {
  // np.save(f, np.arange(6, dtype='<f4').reshape(2, 3) + 0.5) writes exactly
  // this: a 128-byte version 1.0 header, then the data.
  const std::string path = TempPath("numpy_layout.npy");
  const std::string data = SixFloats();
  const int64_t shape[] = {2, 3};
  ASSERT_TRUE(WriteNpy(path, TFCC_FLOAT, shape, 2, data.data()).ok());
  const std::string bytes = ReadBytes(path);
  EXPECT_EQ(bytes, NpyFile(kF4Dict, data));
  EXPECT_EQ(bytes.size(), 128u + 24u);
  std::remove(path.c_str());
}

struct DtypeCase {
  tfcc_dtype dtype;
  const char *descr;
};

TEST(NpyTest, RoundTripsEveryDtype) {
  const DtypeCase cases[] = {
      {TFCC_HALF, "<f2"},   {TFCC_FLOAT, "<f4"},  {TFCC_DOUBLE, "<f8"},
      {TFCC_INT8, "|i1"},   {TFCC_INT16, "<i2"},  {TFCC_INT32, "<i4"},
      {TFCC_INT64, "<i8"},  {TFCC_UINT8, "|u1"},  {TFCC_UINT16, "<u2"},
      {TFCC_UINT32, "<u4"}, {TFCC_UINT64, "<u8"}, {TFCC_BOOL, "|b1"},
  };
  const std::vector<std::vector<int64_t>> shapes = {
      {}, {5}, {2, 3}, {2, 1, 4}, {0, 3}};
  for (const DtypeCase &c : cases) {
    EXPECT_STREQ(NpyDescr(c.dtype), c.descr);
    for (const auto &shape : shapes) {
      int64_t n = 1;
      for (int64_t d : shape)
        n *= d;
      std::vector<char> data(size_t(n * DtypeSize(c.dtype)));
      for (size_t i = 0; i < data.size(); ++i)
        data[i] = c.dtype == TFCC_BOOL ? char(i % 2) : char(i * 37 + 1);
      const std::string path = TempPath(std::string("rt_") + (c.descr + 1) + ".npy");
      ASSERT_TRUE(WriteNpy(path, c.dtype, shape.data(), int(shape.size()),
                           data.data())
                      .ok());
      NpyArray array;
      Status s = ReadNpy(path, &array);
      ASSERT_TRUE(s.ok()) << s.message();
      EXPECT_EQ(array.dtype, c.dtype) << c.descr;
      EXPECT_EQ(array.shape, shape) << c.descr;
      EXPECT_EQ(array.num_elements(), n);
      EXPECT_EQ(array.data, data) << c.descr;
      std::remove(path.c_str());
    }
  }
}

TEST(NpyTest, ReadsVersions2And3AndOtherSpellings) {
  const std::string data = SixFloats();
  for (int major : {2, 3}) {
    NpyArray a;
    std::string bytes = NpyFile(kF4Dict, data, major);
    Status s = ParseNpy(bytes.data(), bytes.size(), "v.npy", &a);
    ASSERT_TRUE(s.ok()) << s.message();
    EXPECT_EQ(a.shape, (std::vector<int64_t>{2, 3}));
    EXPECT_EQ(std::string(a.data.begin(), a.data.end()), data);
  }
  // Other key order, double quotes, no trailing comma, native byte order.
  NpyArray a;
  std::string bytes = NpyFile(
      "{\"shape\": (6,), \"fortran_order\": False, \"descr\": \"=f4\"}", data);
  Status s = ParseNpy(bytes.data(), bytes.size(), "x.npy", &a);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(a.shape, std::vector<int64_t>{6});
}

TEST(NpyTest, WritesVersion2WhenTheHeaderIsLong) {
  std::vector<int64_t> shape(30000, 1); // "1, " per dimension: > 64 KiB
  const float value = 3.25f;
  const std::string path = TempPath("long_header.npy");
  ASSERT_TRUE(WriteNpy(path, TFCC_FLOAT, shape.data(), int(shape.size()), &value).ok());
  const std::string bytes = ReadBytes(path);
  ASSERT_GT(bytes.size(), 8u);
  EXPECT_EQ(bytes[6], 2);
  NpyArray a;
  Status s = ReadNpy(path, &a);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(a.shape, shape);
  float got;
  std::memcpy(&got, a.data.data(), 4);
  EXPECT_EQ(got, value);
  std::remove(path.c_str());
}

struct BadFile {
  const char *name;
  std::string bytes;
  const char *error; // expected in the message
};

TEST(NpyTest, BadFilesGiveOneClearError) {
  const std::string data = SixFloats();
  std::string truncated_header = NpyFile(kF4Dict, data).substr(0, 40);
  std::string bad_version = NpyFile(kF4Dict, data);
  bad_version[6] = 4;
  const BadFile cases[] = {
      {"empty", "", "bad magic"},
      {"magic", "PK\x03\x04 this is a zip file", "bad magic"},
      {"version", bad_version, "unsupported .npy format version 4.0"},
      {"short_header", truncated_header, "truncated header"},
      {"truncated_data", NpyFile(kF4Dict, data.substr(0, 20)),
       "truncated data: shape (2, 3) needs 24 bytes, the file has 20"},
      {"extra_data", NpyFile(kF4Dict, data + "xyz"), "3 unexpected bytes"},
      {"fortran",
       NpyFile("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }", data),
       "Fortran-order arrays are not supported"},
      {"big_endian",
       NpyFile("{'descr': '>f4', 'fortran_order': False, 'shape': (2, 3), }", data),
       "unsupported dtype '>f4' (big-endian"},
      {"complex",
       NpyFile("{'descr': '<c8', 'fortran_order': False, 'shape': (3,), }", data),
       "unsupported dtype '<c8'"},
      {"object",
       NpyFile("{'descr': '|O', 'fortran_order': False, 'shape': (3,), }", data),
       "unsupported dtype '|O'"},
      {"structured",
       NpyFile("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (6,), }",
               data),
       "structured dtypes are not supported"},
      {"missing_shape", NpyFile("{'descr': '<f4', 'fortran_order': False, }", data),
       "missing 'shape'"},
      {"unknown_key",
       NpyFile("{'descr': '<f4', 'fortran_order': False, 'shape': (6,), 'x': 1}",
               data),
       "unexpected key 'x'"},
      {"malformed",
       NpyFile("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3}", data),
       "malformed header"},
      {"negative_dim",
       NpyFile("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }", data),
       "expected a non-negative integer"},
      {"huge_shape",
       NpyFile("{'descr': '<f4', 'fortran_order': False, "
               "'shape': (4294967296, 4294967296), }",
               data),
       "is too large"},
  };
  for (const BadFile &c : cases) {
    const std::string path = TempPath(std::string(c.name) + ".npy");
    WriteBytes(path, c.bytes);
    NpyArray a;
    Status s = ReadNpy(path, &a);
    EXPECT_FALSE(s.ok()) << c.name;
    EXPECT_EQ(s.code(), TFCC_INVALID_ARGUMENT) << c.name;
    EXPECT_EQ(s.message().rfind(path + ": ", 0), 0u)
        << c.name << ": the message should start with the file: " << s.message();
    EXPECT_NE(s.message().find(c.error), std::string::npos)
        << c.name << ": " << s.message();
    EXPECT_EQ(s.message().find('\n'), std::string::npos) << c.name;
    std::remove(path.c_str());
  }
}

TEST(NpyTest, UnreadableFiles) {
  NpyArray a;
  const std::string missing = TempPath("does_not_exist.npy");
  Status s = ReadNpy(missing, &a);
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.message(), missing + ": cannot open: No such file or directory");

  s = ReadNpy(::testing::TempDir(), &a); // a directory
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("cannot read"), std::string::npos) << s.message();
}

TEST(NpyTest, WriteErrors) {
  const int64_t shape[] = {1};
  const float v = 1;
  Status s = WriteNpy("/nonexistent-dir/x.npy", TFCC_FLOAT, shape, 1, &v);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("/nonexistent-dir/x.npy: cannot create"),
            std::string::npos)
      << s.message();
  s = WriteNpy(TempPath("bf16.npy"), TFCC_BFLOAT16, shape, 1, &v);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("NumPy has no bfloat16"), std::string::npos);
}

TEST(DtypeTest, SixteenBitFloats) {
  EXPECT_EQ(HalfToFloat(0x3c00), 1.0f);
  EXPECT_EQ(HalfToFloat(0xc000), -2.0f);
  EXPECT_EQ(HalfToFloat(0x7bff), 65504.0f);
  EXPECT_EQ(HalfToFloat(0x0001), 5.9604644775390625e-8f); // smallest subnormal
  EXPECT_TRUE(std::isinf(HalfToFloat(0x7c00)));
  EXPECT_TRUE(std::isnan(HalfToFloat(0x7e00)));
  EXPECT_EQ(BFloat16ToFloat(0x3f80), 1.0f);
  EXPECT_EQ(FloatToBFloat16(1.0f), 0x3f80);
  EXPECT_EQ(FloatToBFloat16(1.00390625f), 0x3f80); // a tie: rounds to even
  EXPECT_EQ(FloatToBFloat16(1.01171875f), 0x3f82); // a tie: rounds to even
  EXPECT_TRUE(std::isnan(BFloat16ToFloat(FloatToBFloat16(NAN))));
}

} // namespace
} // namespace tfcc
