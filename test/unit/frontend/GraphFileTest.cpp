// loadGraphDef: format detection, containers and error messages.
#include "TestUtil.h"

namespace tfcc::frontend::testing {
namespace {

const char *kSmallGraph = R"pb(
  node { name: "x" op: "Placeholder" attr { key: "dtype" value { type: DT_FLOAT } } }
  node { name: "y" op: "Placeholder" attr { key: "dtype" value { type: DT_FLOAT } } }
  node {
    name: "add" op: "AddV2" input: "x" input: "y"
    attr { key: "T" value { type: DT_FLOAT } }
  }
  versions { producer: 1234 }
)pb";

std::string smallGraphBytes() {
  std::string bytes;
  EXPECT_TRUE(graphFromText(kSmallGraph).SerializeToString(&bytes));
  return bytes;
}

TEST(GraphFile, MissingFile) {
  tensorflow::GraphDef g;
  std::string path = scratchDir() + "/nope.pb";
  Status st = loadGraphDef(path, "", &g);
  EXPECT_EQ(st.message, "cannot open '" + path + "': No such file or directory");
}

TEST(GraphFile, BinaryTextAndNoExtension) {
  std::string dir = scratchDir();
  writeFile(dir + "/g.pb", smallGraphBytes());
  writeFile(dir + "/g.pbtxt", kSmallGraph);
  writeFile(dir + "/g_bin", smallGraphBytes());
  writeFile(dir + "/g_txt", kSmallGraph);
  for (const char *name : {"/g.pb", "/g.pbtxt", "/g_bin", "/g_txt"}) {
    tensorflow::GraphDef g;
    Status st = loadGraphDef(dir + name, "", &g);
    ASSERT_TRUE(st.ok()) << name << ": " << st.message;
    ASSERT_EQ(g.node_size(), 3) << name;
    EXPECT_EQ(g.node(2).name(), "add");
    EXPECT_EQ(g.versions().producer(), 1234);
  }
}

TEST(GraphFile, TruncatedBinaryFails) {
  std::string bytes = smallGraphBytes();
  std::string dir = scratchDir();
  // Cut inside the last field (versions) and inside the last node.
  for (size_t cut : {bytes.size() - 1, bytes.size() - 6}) {
    std::string path = dir + "/model.pb";
    writeFile(path, bytes.substr(0, cut));
    tensorflow::GraphDef g;
    Status st = loadGraphDef(path, "", &g);
    EXPECT_EQ(st.message,
              path + ": not a valid GraphDef (truncated or garbage protobuf)")
        << "cut at " << cut;
  }
}

TEST(GraphFile, GarbageBinaryFails) {
  std::string dir = scratchDir();
  // 0x0f: field 1 with wire type 7, which does not exist.
  std::string path = dir + "/model.pb";
  writeFile(path, std::string("\x0f\x01\x02garbage", 10));
  tensorflow::GraphDef g;
  Status st = loadGraphDef(path, "", &g);
  EXPECT_EQ(st.message,
            path + ": not a valid GraphDef (truncated or garbage protobuf)");

  // Plain text that happens to decode as protobuf fields is still rejected.
  writeFile(path, "hello world, this is not a graph");
  st = loadGraphDef(path, "", &g);
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message.find(path + ": "), std::string::npos) << st.message;
  EXPECT_NE(st.message.find("not a valid GraphDef"), std::string::npos)
      << st.message;
}

TEST(GraphFile, EmptyFileFails) {
  std::string path = scratchDir() + "/model.pb";
  writeFile(path, "");
  tensorflow::GraphDef g;
  EXPECT_EQ(loadGraphDef(path, "", &g).message,
            path + ": empty file, not a GraphDef");
}

TEST(GraphFile, TextSyntaxErrorHasLineAndColumn) {
  std::string path = scratchDir() + "/model.pbtxt";
  writeFile(path, "# RUN: something\nnode {\n  name: \"a\"\n  op: \n}\n");
  tensorflow::GraphDef g;
  Status st = loadGraphDef(path, "", &g);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.message.rfind(path + ":5:1: ", 0), 0u) << st.message;
  EXPECT_NE(st.message.find("GraphDef"), std::string::npos) << st.message;
  EXPECT_EQ(st.message.find('\n'), std::string::npos) << st.message;
}

TEST(GraphFile, TextUnknownFieldNamesField) {
  std::string path = scratchDir() + "/model.pbtxt";
  writeFile(path, "node {\n  nme: \"a\"\n}\n");
  tensorflow::GraphDef g;
  Status st = loadGraphDef(path, "", &g);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.message.rfind(path + ":2:", 0), 0u) << st.message;
  EXPECT_NE(st.message.find("nme"), std::string::npos) << st.message;
}

TEST(GraphFile, NodeWithoutNameRejected) {
  std::string path = scratchDir() + "/model.pbtxt";
  writeFile(path, "node { op: \"Const\" }\n");
  tensorflow::GraphDef g;
  EXPECT_EQ(loadGraphDef(path, "", &g).message, path + ": node 0 has no name");
}

TEST(GraphFile, DirectoryWithoutSavedModel) {
  std::string dir = scratchDir();
  tensorflow::GraphDef g;
  Status st = loadGraphDef(dir, "serve", &g);
  EXPECT_EQ(st.message,
            dir + ": directory holds no saved_model.pb or saved_model.pbtxt");
}

class CorpusFile : public ::testing::Test {
protected:
  void SetUp() override {
    if (!exists(corpusDir() + "/INDEX.tsv"))
      GTEST_SKIP() << "corpus not found at " << corpusDir();
  }
};

TEST_F(CorpusFile, SavedModelTagSelection) {
  std::string path = corpusDir() + "/tf_saved_model/half_plus_two_v2/saved_model.pb";
  tensorflow::GraphDef g;
  Status st = loadGraphDef(path, "serve", &g);
  ASSERT_TRUE(st.ok()) << st.message;
  const int nodes = g.node_size();
  EXPECT_GT(nodes, 0);

  st = loadGraphDef(path, "train", &g);
  EXPECT_EQ(st.message,
            path + ": no MetaGraphDef with tag 'train' (tags present: serve)");

  // The directory finds its saved_model.pb.
  tensorflow::GraphDef viaDir;
  st = loadGraphDef(corpusDir() + "/tf_saved_model/half_plus_two_v2", "serve",
                    &viaDir);
  ASSERT_TRUE(st.ok()) << st.message;
  EXPECT_EQ(viaDir.node_size(), nodes);
}

TEST_F(CorpusFile, TextSavedModelAndMetaGraphs) {
  tensorflow::GraphDef g;
  Status st = loadGraphDef(
      corpusDir() + "/tf_saved_model/half_plus_two_pbtxt", "serve", &g);
  ASSERT_TRUE(st.ok()) << st.message;
  EXPECT_GT(g.node_size(), 0);

  st = loadGraphDef(corpusDir() + "/tf_2019/feature_column_embedding/embedding.ckpt.meta",
                    "", &g);
  ASSERT_TRUE(st.ok()) << st.message;
  EXPECT_EQ(g.node_size(), 22);

  // A text MetaGraphDef under a .pbtxt name.
  st = loadGraphDef(corpusDir() +
                        "/tf_misc/metrics_export_meta_graph/metrics_export_meta_graph.pbtxt",
                    "", &g);
  ASSERT_TRUE(st.ok()) << st.message;
  EXPECT_GT(g.node_size(), 0);
}

} // namespace
} // namespace tfcc::frontend::testing
