// Session::OpenLibrary over shared libraries built from toy_model.c (and
// one that is no model), with every way loading can fail.
#include "TempDir.h"
#include "ToyModel.h"

#include <unistd.h>

#include <fstream>

namespace tfcc::test {
namespace {

// Opening fails with a message containing `parts` and leaves `session` as
// it was.
void ExpectOpenFails(const std::string &path, std::vector<std::string> parts) {
  std::unique_ptr<Session> session = OpenToy();
  const Session *before = session.get();
  Status s = Session::OpenLibrary(path, &session);
  EXPECT_TRUE(FailsWith(s, parts)) << path;
  EXPECT_EQ(session.get(), before);
}

TEST(SessionLibraryTest, RunsAModelLibrary) {
  std::unique_ptr<Session> session;
  Status s = Session::OpenLibrary(TOY_MODEL_SO, &session);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(std::string(session->model().name), "toy");
  // The table is the library's, not the copy linked into this test.
  EXPECT_NE(&session->model(), &toy_model);
  std::vector<Tensor> out;
  ASSERT_TRUE(session->Run({{"x", Floats({4}, {1, 1, 1, 1})}}, {"y"}, {}, &out).ok());
  EXPECT_EQ(out[0].ToVector<float>(), (std::vector<float>{1.5f, 2.5f, 3.5f, 4.5f}));

  // A second session of the same library has variables of its own.
  std::unique_ptr<Session> other;
  ASSERT_TRUE(Session::OpenLibrary(TOY_MODEL_SO, &other).ok());
  ASSERT_TRUE(other->AssignVariable("b", Scalar(100)).ok());
  ASSERT_TRUE(session->Run({{"x", Floats({4}, {1, 1, 1, 1})}}, {"y"}, {}, &out).ok());
  EXPECT_EQ(out[0].ToVector<float>()[0], 1.5f);
  other.reset(); // unloads nothing the first session uses
  ASSERT_TRUE(session->Run({{"x", Floats({4}, {0, 0, 0, 0})}}, {"y"}, {}, &out).ok());
  EXPECT_EQ(out[0].ToVector<float>()[0], 0.5f);
}

TEST(SessionLibraryTest, OpensABareFileNameInTheWorkingDirectory) {
  const std::string path = TOY_MODEL_SO;
  const size_t slash = path.rfind('/');
  ASSERT_NE(slash, std::string::npos);
  char cwd[4096];
  ASSERT_NE(::getcwd(cwd, sizeof cwd), nullptr);
  ASSERT_EQ(::chdir(path.substr(0, slash).c_str()), 0);
  std::unique_ptr<Session> session;
  Status s = Session::OpenLibrary(path.substr(slash + 1), &session);
  ASSERT_EQ(::chdir(cwd), 0);
  EXPECT_TRUE(s.ok()) << s.message();
}

TEST(SessionLibraryTest, MissingFile) {
  ExpectOpenFails("/nonexistent/model.so",
                  {"cannot open model library '/nonexistent/model.so'",
                   "No such file or directory"});
}

TEST(SessionLibraryTest, Directory) {
  TempDir dir;
  ExpectOpenFails(dir.path(), {"cannot open model library", "not a file"});
}

TEST(SessionLibraryTest, NotASharedLibrary) {
  TempDir dir;
  const std::string path = dir / "model.so";
  std::ofstream(path) << "not an ELF file\n";
  ExpectOpenFails(path, {"cannot load model library '" + path + "'"});
}

TEST(SessionLibraryTest, LibraryWithoutAModel) {
  ExpectOpenFails(NOT_A_MODEL_SO, {std::string("'") + NOT_A_MODEL_SO + "'",
                                   "is not a tfcc model",
                                   "does not export tfcc_model_info_v1"});
}

TEST(SessionLibraryTest, AbiVersionMismatch) {
  ExpectOpenFails(TOY_MODEL_ABI99_SO,
                  {std::string("'") + TOY_MODEL_ABI99_SO + "'",
                   "compiled for tfcc ABI version 99",
                   "this runtime expects version " + std::to_string(TFCC_ABI_VERSION)});
}

} // namespace
} // namespace tfcc::test
