// Each way a checkpoint can be bad gives one clear error naming the file and
// the tensor, and leaves the destination untouched.
#include "runtime/checkpoint/Checkpoint.h"
#include "runtime/checkpoint/Restore.h"

#include "TestUtil.h"

#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>

namespace tfcc::checkpoint {
namespace {

using testing::contains;
using testing::flipByte;
using testing::readBytes;
using testing::TempDir;
using testing::truncateTo;

class ErrorTest : public ::testing::Test {
protected:
  void SetUp() override {
    for (int i = 0; i < 6; ++i)
      kernel_[i] = 0.5f * i;
    bias_[0] = 1;
    bias_[1] = 2;
    words_[0] = "hello";
    words_[1] = "checkpoint";
    Status s = save(prefix_, {NamedTensor("dense/kernel", DType::Float, {2, 3}, kernel_),
                              NamedTensor("dense/bias", DType::Double, {2}, bias_),
                              NamedTensor("words", {2}, words_)});
    ASSERT_TRUE(s.ok()) << s.message();
  }

  std::string index() const { return prefix_ + ".index"; }
  std::string data() const { return prefix_ + ".data-00000-of-00001"; }

  // Reads dense/kernel into a sentinel-filled buffer; expects failure and
  // the buffer untouched; returns the message.
  std::string readKernelError(DType dtype = DType::Float, Shape shape = {2, 3},
                              const std::string &name = "dense/kernel") {
    std::unique_ptr<Reader> reader;
    Status s = Reader::open(prefix_, &reader);
    if (s.ok()) {
      std::vector<char> dst(24, '\x7e');
      s = reader->read(name, dtype, shape, dst.data(), dst.size());
      EXPECT_EQ(dst, std::vector<char>(24, '\x7e')) << "destination written";
    }
    EXPECT_FALSE(s.ok());
    return s.message();
  }

  TempDir dir_;
  std::string prefix_ = dir_ / "model";
  float kernel_[6];
  double bias_[2];
  std::string words_[2];
};

TEST_F(ErrorTest, TruncatedIndex) {
  truncateTo(index(), readBytes(index()).size() / 2);
  std::string m = readKernelError();
  EXPECT_TRUE(contains(m, index())) << m;
  EXPECT_TRUE(contains(m, "corrupt checkpoint index")) << m;
}

TEST_F(ErrorTest, EmptyIndex) {
  truncateTo(index(), 0);
  std::string m = readKernelError();
  EXPECT_TRUE(contains(m, index() + ": corrupt checkpoint index: file is 0 bytes")) << m;
}

TEST_F(ErrorTest, BadFooterMagic) {
  flipByte(index(), readBytes(index()).size() - 3);
  std::string m = readKernelError();
  EXPECT_TRUE(contains(m, index())) << m;
  EXPECT_TRUE(contains(m, "bad table magic")) << m;
}

TEST_F(ErrorTest, BadBlockChecksum) {
  flipByte(index(), 4); // inside the first data block
  std::string m = readKernelError();
  EXPECT_TRUE(contains(m, index())) << m;
  EXPECT_TRUE(contains(m, "checksum mismatch")) << m;
}

TEST_F(ErrorTest, MissingIndex) {
  std::filesystem::remove(index());
  std::string m = readKernelError();
  EXPECT_TRUE(contains(m, index() + ": cannot open: No such file")) << m;
}

TEST_F(ErrorTest, BadTensorChecksum) {
  flipByte(data(), 5); // the kernel's second float
  std::string m = readKernelError();
  EXPECT_EQ(m.rfind(data() + ": tensor \"dense/kernel\": checksum mismatch", 0), 0u) << m;
  // The other tensors still read.
  std::unique_ptr<Reader> reader;
  ASSERT_TRUE(Reader::open(prefix_, &reader).ok());
  double bias[2];
  EXPECT_TRUE(reader->read("dense/bias", DType::Double, {2}, bias, sizeof bias).ok());
}

TEST_F(ErrorTest, CorruptStringLengths) {
  std::string bytes = readBytes(data());
  size_t at = 24 + 16; // after the kernel and the bias: the first length
  ASSERT_EQ(bytes[at], 5);
  flipByte(data(), at);
  std::unique_ptr<Reader> reader;
  ASSERT_TRUE(Reader::open(prefix_, &reader).ok());
  std::vector<std::string> out = {"untouched"};
  Status s = reader->readStrings("words", {2}, &out);
  ASSERT_FALSE(s.ok());
  EXPECT_TRUE(contains(s.message(), data() + ": tensor \"words\": corrupt string data")) << s.message();
  EXPECT_EQ(out, std::vector<std::string>{"untouched"});
}

TEST_F(ErrorTest, MissingDataFile) {
  std::filesystem::remove(data());
  std::string m = readKernelError();
  EXPECT_EQ(m, data() + ": tensor \"dense/kernel\": cannot read the data file: "
                        "cannot open: No such file or directory");
  std::unique_ptr<Reader> reader;
  ASSERT_TRUE(Reader::open(prefix_, &reader).ok());
  EXPECT_FALSE(reader->checkDataFiles().ok());
}

TEST_F(ErrorTest, TruncatedDataFile) {
  truncateTo(data(), 30);
  std::unique_ptr<Reader> reader;
  ASSERT_TRUE(Reader::open(prefix_, &reader).ok());
  double bias[2] = {9, 9};
  Status s = reader->read("dense/bias", DType::Double, {2}, bias, sizeof bias);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), data() + ": tensor \"dense/bias\": the data file is "
                                  "truncated: the tensor needs bytes [24, 40) "
                                  "and the file has 30");
  EXPECT_EQ(bias[0], 9);
  Status check = reader->checkDataFiles();
  EXPECT_FALSE(check.ok());
  EXPECT_TRUE(contains(check.message(), "truncated")) << check.message();
}

TEST_F(ErrorTest, NameMissing) {
  std::string m = readKernelError(DType::Float, {2, 3}, "dense/kernal");
  EXPECT_EQ(m, index() + ": tensor \"dense/kernal\" not found in the checkpoint");
}

TEST_F(ErrorTest, DTypeMismatch) {
  std::string m = readKernelError(DType::Int32);
  EXPECT_EQ(m, index() + ": tensor \"dense/kernel\": dtype mismatch: the "
                         "checkpoint has float32, expected int32");
}

TEST_F(ErrorTest, ShapeMismatch) {
  std::string m = readKernelError(DType::Float, {3, 2});
  EXPECT_EQ(m, index() + ": tensor \"dense/kernel\": shape mismatch: the "
                         "checkpoint has [2,3], expected [3,2]");
}

TEST_F(ErrorTest, DestinationSizeMismatch) {
  std::unique_ptr<Reader> reader;
  ASSERT_TRUE(Reader::open(prefix_, &reader).ok());
  float small[5];
  Status s = reader->read("dense/kernel", DType::Float, {2, 3}, small, sizeof small);
  ASSERT_FALSE(s.ok());
  EXPECT_TRUE(contains(s.message(), "the destination holds 20 bytes, the tensor 24"))
      << s.message();
}

// A bad tensor anywhere in a restore: no destination is written.
TEST_F(ErrorTest, RestoreIsAllOrNothing) {
  flipByte(data(), 30); // inside dense/bias
  float kernel[6];
  std::fill(kernel, kernel + 6, -1.f);
  double bias[2] = {-1, -1};
  std::vector<std::string> words = {"keep"};
  std::vector<RestoreTarget> targets = {
      {"dense/kernel", DType::Float, {2, 3}, kernel, sizeof kernel, nullptr},
      {"words", DType::String, {2}, nullptr, 0, &words},
      {"dense/bias", DType::Double, {2}, bias, sizeof bias, nullptr}};
  Status s = restore(prefix_, targets);
  ASSERT_FALSE(s.ok());
  EXPECT_TRUE(contains(s.message(), data() + ": tensor \"dense/bias\": checksum mismatch"))
      << s.message();
  EXPECT_EQ(kernel[5], -1.f);
  EXPECT_EQ(bias[0], -1);
  EXPECT_EQ(words, std::vector<std::string>{"keep"});

  // Each other kind of failure in the last target: still nothing written.
  ASSERT_TRUE(save(prefix_, {NamedTensor("dense/kernel", DType::Float, {2, 3}, kernel_),
                             NamedTensor("dense/bias", DType::Double, {2}, bias_),
                             NamedTensor("words", {2}, words_)})
                  .ok());
  for (RestoreTarget last : {RestoreTarget{"nope", DType::Double, {2}, bias, sizeof bias},
                             RestoreTarget{"dense/bias", DType::Float, {2}, bias, 8},
                             RestoreTarget{"dense/bias", DType::Double, {1, 2}, bias, 16},
                             RestoreTarget{"dense/bias", DType::Double, {2}, bias, 8}}) {
    targets.back() = last;
    EXPECT_FALSE(restore(prefix_, targets).ok());
    EXPECT_EQ(kernel[5], -1.f);
    EXPECT_EQ(words, std::vector<std::string>{"keep"});
  }
  targets.back() = {"dense/bias", DType::Double, {2}, bias, sizeof bias};
  Status ok = restore(prefix_, targets);
  ASSERT_TRUE(ok.ok()) << ok.message();
  EXPECT_EQ(kernel[5], 2.5f);
  EXPECT_EQ(bias[1], 2);
  EXPECT_EQ(words[1], "checkpoint");
}

// Any one flipped byte of the index is caught (or lands in unchecked footer
// padding and changes nothing); nothing crashes.
TEST_F(ErrorTest, EveryIndexByteFlipIsHandled) {
  const std::string original = readBytes(index());
  for (size_t i = 0; i < original.size(); ++i) {
    std::string bad = original;
    bad[i] ^= 0x10;
    testing::writeBytes(index(), bad);
    std::unique_ptr<Reader> reader;
    Status s = Reader::open(prefix_, &reader);
    if (!s.ok()) {
      EXPECT_TRUE(contains(s.message(), index())) << s.message();
      continue;
    }
    ASSERT_EQ(reader->entries().size(), 3u) << "byte " << i;
    float kernel[6];
    EXPECT_TRUE(reader->read("dense/kernel", DType::Float, {2, 3}, kernel, 24).ok());
  }
}

} // namespace
} // namespace tfcc::checkpoint
