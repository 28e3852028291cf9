// Saves interrupted at any point leave a readable checkpoint: the previous
// one or the new one, never a mix, and never a temporary file.
#include "runtime/checkpoint/Checkpoint.h"
#include "runtime/checkpoint/CheckpointManager.h"

#include "TestUtil.h"

#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <random>
#include <thread>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace tfcc::checkpoint {
namespace {

using testing::contains;
using testing::TempDir;

// The tensors of "generation" g: every element says which save wrote it.
struct Generation {
  explicit Generation(int64_t g, size_t scale = 1)
      : a(scale * 6'000'000), b(scale * 3'000'000) {
    for (size_t i = 0; i < a.size(); ++i)
      a[i] = static_cast<uint32_t>(g) * 2654435761u + static_cast<uint32_t>(i);
    for (size_t i = 0; i < b.size(); ++i)
      b[i] = (g << 32) | static_cast<int64_t>(i);
    s = {"generation", std::to_string(g), std::string(200, char('a' + g % 26))};
  }
  std::vector<NamedTensor> named() const {
    return {NamedTensor("a", DType::UInt32, {int64_t(a.size())}, a.data()),
            NamedTensor("model/b", DType::Int64, {int64_t(b.size() / 3), 3}, b.data()),
            NamedTensor("model/s", {3}, s.data())};
  }
  std::vector<uint32_t> a;
  std::vector<int64_t> b;
  std::vector<std::string> s;
};

// The generation the checkpoint at `prefix` holds; fails the test when it
// does not read or mixes generations.
int64_t readGeneration(const std::string &prefix, size_t scale = 1) {
  std::unique_ptr<Reader> reader;
  Status s = Reader::open(prefix, &reader);
  EXPECT_TRUE(s.ok()) << s.message();
  if (!s.ok())
    return -1;
  EXPECT_FALSE(contains(reader->indexPath(), "tempstate")) << reader->indexPath();
  std::vector<std::string> strings;
  s = reader->readStrings("model/s", {3}, &strings);
  EXPECT_TRUE(s.ok()) << s.message();
  if (!s.ok())
    return -1;
  int64_t g = std::stoll(strings[1]);
  Generation expected(g, scale);
  std::vector<uint32_t> a(expected.a.size());
  std::vector<int64_t> b(expected.b.size());
  s = reader->read("a", DType::UInt32, {int64_t(a.size())}, a.data(), a.size() * 4);
  EXPECT_TRUE(s.ok()) << s.message();
  s = reader->read("model/b", DType::Int64, {int64_t(b.size() / 3), 3}, b.data(),
                   b.size() * 8);
  EXPECT_TRUE(s.ok()) << s.message();
  EXPECT_TRUE(a == expected.a && b == expected.b && strings == expected.s)
      << "mixed generations around " << g;
  return g;
}

void copyFile(const std::string &from, const std::string &to) {
  std::filesystem::copy_file(from, to, std::filesystem::copy_options::overwrite_existing);
}

class InterruptedCommitTest : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_TRUE(save(prefix_, Generation(1, kScale).named()).ok());
    ASSERT_TRUE(save(next_, Generation(2, kScale).named()).ok());
  }
  static constexpr size_t kScale = 0; // tiny tensors: the strings carry it
  TempDir dir_;
  std::string prefix_ = dir_ / "ckpt";
  std::string next_ = dir_ / "next/ckpt";
  std::string index_ = prefix_ + ".index", data_ = prefix_ + ".data-00000-of-00001";
};

TEST_F(InterruptedCommitTest, BeforeTheCommitPointReadsTheOld) {
  copyFile(next_ + ".data-00000-of-00001", data_ + ".pending");
  auto before = dir_.list();
  EXPECT_EQ(readGeneration(prefix_, kScale), 1);
  EXPECT_EQ(dir_.list(), before); // readers change nothing
  ASSERT_TRUE(save(prefix_, Generation(3, kScale).named()).ok());
  EXPECT_EQ(readGeneration(prefix_, kScale), 3);
  EXPECT_FALSE(std::filesystem::exists(data_ + ".pending"));
}

TEST_F(InterruptedCommitTest, AfterTheCommitPointReadsTheNew) {
  copyFile(next_ + ".data-00000-of-00001", data_ + ".pending");
  copyFile(next_ + ".index", index_ + ".pending");
  EXPECT_EQ(readGeneration(prefix_, kScale), 2);
  std::unique_ptr<Reader> reader;
  ASSERT_TRUE(Reader::open(prefix_, &reader).ok());
  EXPECT_EQ(reader->indexPath(), index_ + ".pending");
  // The next save finishes the interrupted one before writing its own.
  ASSERT_TRUE(save(prefix_, Generation(3, kScale).named()).ok());
  EXPECT_EQ(readGeneration(prefix_, kScale), 3);
  EXPECT_EQ(dir_.list(), (std::vector<std::string>{"ckpt.data-00000-of-00001",
                                                   "ckpt.index", "next"}));
}

TEST_F(InterruptedCommitTest, BetweenTheFinalRenamesReadsTheNew) {
  copyFile(next_ + ".data-00000-of-00001", data_);
  copyFile(next_ + ".index", index_ + ".pending");
  EXPECT_EQ(readGeneration(prefix_, kScale), 2);
  EXPECT_EQ(latestCheckpoint(dir_.path()), ""); // no state file here
  ASSERT_TRUE(save(prefix_, Generation(3, kScale).named()).ok());
  EXPECT_EQ(readGeneration(prefix_, kScale), 3);
}

// A child saves generation after generation over one prefix and is killed
// with SIGKILL at a random moment, several times. Each time the prefix must
// read back whole: the last save the child finished, or the one it was
// committing when it died.
TEST(CrashTest, SigkillDuringSavesKeepsTheLastGoodCheckpoint) {
  TempDir dir;
  const std::string prefix = dir / "big";
  auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(save(prefix, Generation(0).named()).ok());
  double saveSeconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  const unsigned seed = std::random_device()();
  std::mt19937 rng(seed);
  SCOPED_TRACE("seed " + std::to_string(seed));
  int64_t current = 0;
  int midSaveKills = 0;
  for (int round = 0; round < 6; ++round) {
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      close(fds[0]);
      for (int64_t g = current + 1;; ++g) {
        Generation gen(g);
        Status s = save(prefix, gen.named());
        if (!s.ok()) {
          fprintf(stderr, "child: %s\n", s.message().c_str());
          _exit(2);
        }
        if (write(fds[1], &g, sizeof g) != sizeof g)
          _exit(3);
      }
    }
    close(fds[1]);
    std::uniform_real_distribution<double> delay(0.05, 2.5);
    std::this_thread::sleep_for(std::chrono::duration<double>(delay(rng) * saveSeconds));
    ASSERT_EQ(kill(child, SIGKILL), 0);
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFSIGNALED(status)) << "child exited with " << WEXITSTATUS(status);
    int64_t reported = current, g;
    while (read(fds[0], &g, sizeof g) == sizeof g)
      reported = g;
    close(fds[0]);

    bool leftovers = false;
    for (const std::string &name : dir.list())
      leftovers |= contains(name, "tempstate") || contains(name, ".pending");
    midSaveKills += leftovers;
    int64_t got = readGeneration(prefix);
    EXPECT_TRUE(got == reported || got == reported + 1)
        << "round " << round << ": read generation " << got << ", the child had finished "
        << reported;
    current = std::max(got, reported);
  }
  EXPECT_GE(midSaveKills, 1) << "no kill landed inside a save; the test proved little";
  std::cout << "[ crash test ] one save " << saveSeconds * 1e3 << " ms, " << midSaveKills
            << " of 6 kills inside a save, final generation " << current << "\n";

  ASSERT_TRUE(save(prefix, Generation(current + 1).named()).ok());
  EXPECT_EQ(readGeneration(prefix), current + 1);
  ASSERT_TRUE(removeCheckpoint(prefix).ok());
  EXPECT_TRUE(dir.list().empty());
}

} // namespace
} // namespace tfcc::checkpoint
