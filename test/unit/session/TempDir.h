// A fresh directory per test, removed afterwards.
#ifndef TFCC_TEST_SESSION_TEMPDIR_H
#define TFCC_TEST_SESSION_TEMPDIR_H

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace tfcc::test {

class TempDir {
public:
  TempDir() {
    std::string pattern =
        (std::filesystem::path(::testing::TempDir()) / "tfcc_session_XXXXXX").string();
    if (::mkdtemp(pattern.data()))
      path_ = pattern;
    EXPECT_FALSE(path_.empty()) << "cannot create a temporary directory";
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string operator/(const std::string &name) const {
    return (std::filesystem::path(path_) / name).string();
  }
  const std::string &path() const { return path_; }

private:
  std::string path_;
};

} // namespace tfcc::test

#endif // TFCC_TEST_SESSION_TEMPDIR_H
