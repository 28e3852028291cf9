// loadTfcompileConfig on the tfcompile configs of the corpus.
#include "TestUtil.h"

namespace tfcc::frontend::testing {
namespace {

class TfcompileConfig : public ::testing::Test {
protected:
  void SetUp() override {
    if (!exists(corpusDir() + "/tf_aot/test_graph_tfadd.config.pbtxt"))
      GTEST_SKIP() << "corpus not found at " << corpusDir();
  }
  std::string aot(const std::string &name) {
    return corpusDir() + "/tf_aot/" + name;
  }
};

TEST_F(TfcompileConfig, TfAdd) {
  Signature sig;
  Status st = loadTfcompileConfig(aot("test_graph_tfadd.config.pbtxt"), &sig);
  ASSERT_TRUE(st.ok()) << st.message;
  ASSERT_EQ(sig.feeds.size(), 2u);
  EXPECT_EQ(sig.feeds[0].id.str(), "x_const");
  EXPECT_EQ(sig.feeds[0].name, "x_const");
  EXPECT_EQ(sig.feeds[1].id.str(), "y_reshape");
  ASSERT_TRUE(sig.feeds[1].shape.has_value());
  EXPECT_EQ(*sig.feeds[1].shape, std::vector<int64_t>{1});
  EXPECT_EQ(sig.feeds[0].dtype, tensorflow::DT_INVALID);
  ASSERT_EQ(sig.fetches.size(), 1u);
  EXPECT_EQ(sig.fetches[0].id.str(), "x_y_sum");

  // Both inputs of the Add are fed, so only the Add is left.
  tensorflow::GraphDef graph;
  st = loadGraphDef(aot("test_graph_tfadd.pbtxt"), "", &graph);
  ASSERT_TRUE(st.ok()) << st.message;
  std::vector<const tensorflow::NodeDef *> order;
  st = pruneAndSort(graph, sig, aot("test_graph_tfadd.config.pbtxt"), &order);
  ASSERT_TRUE(st.ok()) << st.message;
  EXPECT_EQ(names(order), std::vector<std::string>{"x_y_sum"});
}

TEST_F(TfcompileConfig, OutputIndexAndType) {
  Signature sig;
  Status st =
      loadTfcompileConfig(aot("test_graph_tfunknownop3.config.pbtxt"), &sig);
  ASSERT_TRUE(st.ok()) << st.message;
  ASSERT_EQ(sig.feeds.size(), 3u);
  EXPECT_EQ(sig.feeds[2].id.node, "z");
  EXPECT_EQ(sig.feeds[2].id.index, 1);
  EXPECT_EQ(sig.feeds[2].dtype, tensorflow::DT_INT32);
  EXPECT_EQ(sig.fetches.size(), 2u);
}

TEST_F(TfcompileConfig, FeedNotInGraph) {
  std::string dir = scratchDir();
  std::string config = dir + "/config.pbtxt";
  writeFile(config, "feed { id { node_name: \"x\" } shape { dim { size: 1 } } }\n"
                    "fetch { id { node_name: \"x_y_sum\" } }\n");
  Signature sig;
  Status st = loadTfcompileConfig(config, &sig);
  ASSERT_TRUE(st.ok()) << st.message;
  tensorflow::GraphDef graph;
  st = loadGraphDef(aot("test_graph_tfadd.pbtxt"), "", &graph);
  ASSERT_TRUE(st.ok()) << st.message;
  std::vector<const tensorflow::NodeDef *> order;
  EXPECT_EQ(pruneAndSort(graph, sig, config, &order).message,
            config + ": feed 'x' names no node in the graph");
}

TEST(TfcompileConfigFile, SyntaxErrorAndMissingPieces) {
  std::string dir = scratchDir();
  std::string config = dir + "/config.pbtxt";
  writeFile(config, "feed { id { node_name: \"x\" }\nfetch {\n");
  Signature sig;
  Status st = loadTfcompileConfig(config, &sig);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.message.rfind(config + ":2:7: ", 0), 0u) << st.message;

  writeFile(config, "feed { shape { dim { size: 1 } } }\nfetch { id { node_name: \"y\" } }\n");
  EXPECT_EQ(loadTfcompileConfig(config, &sig).message,
            config + ": feed 0 has no id.node_name");

  writeFile(config, "feed { id { node_name: \"x\" } }\n");
  EXPECT_EQ(loadTfcompileConfig(config, &sig).message,
            config + ": tfcompile Config has no fetch");

  EXPECT_EQ(loadTfcompileConfig(dir + "/missing.pbtxt", &sig).message,
            "cannot open '" + dir + "/missing.pbtxt': No such file or directory");
}

} // namespace
} // namespace tfcc::frontend::testing
