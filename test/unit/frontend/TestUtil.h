// Helpers shared by the frontend unit tests.
#ifndef TFCC_TEST_UNIT_FRONTEND_TESTUTIL_H
#define TFCC_TEST_UNIT_FRONTEND_TESTUTIL_H

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <string>
#include <vector>

#include <google/protobuf/text_format.h>
#include <gtest/gtest.h>

#include "compiler/frontend/GraphLoader.h"

namespace tfcc::frontend::testing {

inline std::string sharedDir() { return TFCC_SHARED_DIR; }
inline std::string corpusDir() { return sharedDir() + "/tf-graphs"; }

inline bool exists(const std::string &path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

/// A fresh directory under the test temp dir, named for the running test.
inline std::string scratchDir() {
  const auto *info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string dir = ::testing::TempDir() + "tfcc_frontend_" +
                    info->test_suite_name() + "_" + info->name() + "_" +
                    std::to_string(::getpid());
  ::mkdir(dir.c_str(), 0755);
  return dir;
}

inline void writeFile(const std::string &path, const std::string &bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

/// Text GraphDef -> message; fails the test on a parse error.
inline tensorflow::GraphDef graphFromText(const std::string &text) {
  tensorflow::GraphDef graph;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &graph))
      << text;
  return graph;
}

inline std::vector<std::string>
names(const std::vector<const tensorflow::NodeDef *> &nodes) {
  std::vector<std::string> out;
  for (const auto *n : nodes)
    out.push_back(n->name());
  return out;
}

} // namespace tfcc::frontend::testing

#endif // TFCC_TEST_UNIT_FRONTEND_TESTUTIL_H
