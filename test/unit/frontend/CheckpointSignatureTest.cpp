// planCheckpointSignature on Saver subgraphs TensorFlow wrote: the e2e
// fixture (always) and the TF1 graphs of the shared corpus (when present).
#include "TestUtil.h"

namespace tfcc::frontend::testing {
namespace {

std::optional<CheckpointPlan> plan(const std::string &file, const Signature &sig) {
  tensorflow::GraphDef graph;
  Status st = loadGraphDef(file, "serve", &graph);
  EXPECT_TRUE(st.ok()) << st.message;
  std::optional<CheckpointPlan> out;
  st = planCheckpointSignature(graph, sig, file, &out);
  EXPECT_TRUE(st.ok()) << st.message;
  return out;
}

Signature target(const std::string &node) {
  Signature sig;
  sig.targets.push_back(node);
  return sig;
}

Signature fetch(const std::string &node) {
  Signature sig;
  sig.fetches.push_back({TensorId{node, 0, false}, node + ":0"});
  return sig;
}

std::vector<std::string> keys(const CheckpointPlan &p) {
  std::vector<std::string> k;
  for (const CheckpointEntry &e : p.entries)
    k.push_back(e.key + "=" + e.variable);
  return k;
}

TEST(CheckpointSignature, TensorFlowsSavers) {
  const std::string file = std::string(TFCC_SAVER_DIR) + "/model.pb";
  const std::vector<std::string> all = {"b=b", "step=step", "w=w"};
  auto save = plan(file, fetch("save/Identity"));
  ASSERT_TRUE(save);
  EXPECT_EQ(save->kind, CheckpointPlan::Save);
  EXPECT_EQ(save->prefix.name, "save/Const"); // fed, as TF programs feed it
  EXPECT_EQ(keys(*save), all);
  auto restore = plan(file, target("save/restore_all"));
  ASSERT_TRUE(restore);
  EXPECT_EQ(restore->kind, CheckpointPlan::Restore);
  auto sorted = keys(*restore);
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(sorted, all);
  auto flat = plan(file, fetch("flat/control_dependency"));
  ASSERT_TRUE(flat);
  EXPECT_EQ(flat->prefix.name, "flat/Const");
  EXPECT_EQ(keys(*flat), all);
  // A signature without checkpoint ops has no plan.
  EXPECT_FALSE(plan(file, fetch("y")));
}

// The sharded Saver's control_dependency is the temporary shard's name,
// not the prefix: fetching it is refused with a pointer to the right one.
TEST(CheckpointSignature, TemporaryShardNameIsNotTheSaveTensor) {
  const std::string file = std::string(TFCC_SAVER_DIR) + "/model.pb";
  tensorflow::GraphDef graph;
  ASSERT_TRUE(loadGraphDef(file, "serve", &graph).ok());
  Signature sig = fetch("save/control_dependency");
  Feed prefix;
  prefix.id = {"save/Const", 0, false};
  prefix.name = "save/Const";
  sig.feeds.push_back(prefix);
  std::optional<CheckpointPlan> out;
  Status st = planCheckpointSignature(graph, sig, file, &out);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message.find("save_tensor_name"), std::string::npos) << st.message;
}

// Saver subgraphs of TF1-era graphs in the corpus plan with every variable
// their SaveV2 names (counted with TF: a,b,c / a,b,c / Variable / a,b /
// counter), for save and restore alike.
TEST(CheckpointSignature, CorpusSavers) {
  if (!exists(corpusDir() + "/INDEX.tsv"))
    GTEST_SKIP() << "corpus not found at " << corpusDir();
  const std::vector<std::pair<std::string, size_t>> graphs = {
      {"tf_saved_model/half_plus_two_pbtxt/graph_def.pbtxt", 3},
      {"tf_saved_model/half_plus_two_v2/graph_def.pb", 3},
      {"tf_saved_model/SimpleV1Model/graph_def.pb", 1},
      {"tf_2019/session_bundle_half_plus_two_ckpt_v2/graph_def.pb", 2},
      {"tf_serving/saved_model_counter/graph_def.pb", 1}};
  for (const auto &[path, variables] : graphs) {
    SCOPED_TRACE(path);
    const std::string file = corpusDir() + "/" + path;
    auto save = plan(file, fetch("save/Identity"));
    auto restore = plan(file, target("save/restore_all"));
    ASSERT_TRUE(save && restore);
    EXPECT_EQ(save->entries.size(), variables);
    EXPECT_EQ(restore->entries.size(), variables);
  }
}

// TF2 graphs call their Saver in functions; the plan sees through the call
// (inlineCalls) and saves the object graph constant next to the variables.
TEST(CheckpointSignature, CorpusTf2Savers) {
  if (!exists(corpusDir() + "/INDEX.tsv"))
    GTEST_SKIP() << "corpus not found at " << corpusDir();
  struct Case {
    std::string path, save, restore;
    size_t variables;
  };
  const std::vector<Case> cases = {
      {"tf_saved_model/VarsAndArithmeticObjectGraph/graph_def.pb", "StatefulPartitionedCall_1",
       "StatefulPartitionedCall_2", 3},
      {"tf_mlir_misc/tf2xla_graph_with_flib_def.pbtxt", "StatefulPartitionedCall",
       "StatefulPartitionedCall_1", 1}};
  for (const Case &c : cases) {
    SCOPED_TRACE(c.path);
    const std::string file = corpusDir() + "/" + c.path;
    auto save = plan(file, fetch(c.save));
    auto restore = plan(file, target(c.restore));
    ASSERT_TRUE(save && restore);
    EXPECT_EQ(save->prefix.name, "saver_filename");
    ASSERT_EQ(save->entries.size(), c.variables + 1);
    EXPECT_EQ(save->entries[c.variables].key, "_CHECKPOINTABLE_OBJECT_GRAPH");
    EXPECT_FALSE(save->entries[c.variables].constant.empty());
    EXPECT_EQ(restore->entries.size(), c.variables);
  }
}

} // namespace
} // namespace tfcc::frontend::testing
