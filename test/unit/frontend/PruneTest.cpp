// pruneAndSort: pruning, feeds, ordering and graph errors.
#include "TestUtil.h"

namespace tfcc::frontend::testing {
namespace {

Signature fetching(std::vector<std::string> fetches,
                   std::vector<std::string> feeds = {},
                   std::vector<std::string> targets = {}) {
  Signature sig;
  for (const auto &f : fetches) {
    Fetch fetch;
    EXPECT_TRUE(parseFetchFlag(f, &fetch).ok()) << f;
    sig.fetches.push_back(fetch);
  }
  for (const auto &f : feeds) {
    Feed feed;
    EXPECT_TRUE(parseFeedFlag(f, &feed).ok()) << f;
    sig.feeds.push_back(feed);
  }
  sig.targets = std::move(targets);
  return sig;
}

Status run(const std::string &text, const Signature &sig,
           std::vector<std::string> *order = nullptr) {
  static tensorflow::GraphDef graph; // keeps the NodeDefs alive for `order`
  graph = graphFromText(text);
  std::vector<const tensorflow::NodeDef *> nodes;
  Status st = pruneAndSort(graph, sig, "model.pbtxt", &nodes);
  if (order)
    *order = names(nodes);
  return st;
}

TEST(Prune, DanglingInput) {
  Status st = run(R"pb(
    node { name: "x" op: "Placeholder" }
    node { name: "add" op: "AddV2" input: "x" input: "y:0" }
  )pb", fetching({"add"}));
  EXPECT_EQ(st.message,
            "model.pbtxt: node 'add': input 1 'y:0' names no node in the graph");
}

TEST(Prune, MalformedInput) {
  Status st = run(R"pb(
    node { name: "x" op: "Placeholder" }
    node { name: "neg" op: "Neg" input: "x:abc" }
  )pb", fetching({"neg"}));
  EXPECT_EQ(st.message, "model.pbtxt: node 'neg': input 0 'x:abc' is not a "
                        "valid tensor name");
}

TEST(Prune, OutputIndexBeyondProducer) {
  Status st = run(R"pb(
    node { name: "c" op: "Const" }
    node { name: "neg" op: "Neg" input: "c:1" }
  )pb", fetching({"neg"}));
  EXPECT_EQ(st.message, "model.pbtxt: node 'neg': input 0 'c:1': node 'c' "
                        "(Const) has only 1 output");
}

TEST(Prune, DuplicateNameAnywhereInGraph) {
  // The duplicate is outside the part the fetch needs; still an error.
  Status st = run(R"pb(
    node { name: "a" op: "Placeholder" }
    node { name: "b" op: "NoOp" }
    node { name: "c" op: "NoOp" }
    node { name: "b" op: "NoOp" }
  )pb", fetching({"a"}));
  EXPECT_EQ(st.message, "model.pbtxt: duplicate node name 'b' (nodes 1 and 3)");
}

TEST(Prune, CycleIsNamed) {
  Status st = run(R"pb(
    node { name: "x" op: "Placeholder" }
    node { name: "a" op: "AddV2" input: "x" input: "b" }
    node { name: "b" op: "Neg" input: "a" }
    node { name: "out" op: "Identity" input: "b" }
  )pb", fetching({"out"}));
  EXPECT_EQ(st.message, "model.pbtxt: cycle through node 'a' (a -> b -> a)");
}

TEST(Prune, SelfLoopAndControlCycle) {
  Status st = run(R"pb(
    node { name: "a" op: "Neg" input: "a" }
  )pb", fetching({"a"}));
  EXPECT_EQ(st.message, "model.pbtxt: cycle through node 'a' (a -> a)");

  st = run(R"pb(
    node { name: "p" op: "NoOp" input: "^q" }
    node { name: "q" op: "NoOp" input: "^p" }
  )pb", fetching({}, {}, {"q"}));
  EXPECT_EQ(st.message, "model.pbtxt: cycle through node 'p' (p -> q -> p)");
}

// A v1 while loop: the NextIteration -> Merge back edge is allowed.
const char *kLoop = R"pb(
  node { name: "init" op: "Const" }
  node { name: "enter" op: "Enter" input: "init" }
  node { name: "merge" op: "Merge" input: "enter" input: "next" }
  node { name: "limit" op: "Const" }
  node { name: "less" op: "Less" input: "merge" input: "limit" }
  node { name: "cond" op: "LoopCond" input: "less" }
  node { name: "switch" op: "Switch" input: "merge" input: "cond" }
  node { name: "body" op: "Identity" input: "switch:1" }
  node { name: "one" op: "Const" input: "^body" }
  node { name: "inc" op: "AddV2" input: "body" input: "one" }
  node { name: "next" op: "NextIteration" input: "inc" }
  node { name: "exit" op: "Exit" input: "switch" }
)pb";

TEST(Prune, NextIterationToMergeAllowed) {
  std::vector<std::string> order;
  Status st = run(kLoop, fetching({"exit"}), &order);
  ASSERT_TRUE(st.ok()) << st.message;
  EXPECT_EQ(order, (std::vector<std::string>{
                       "init", "enter", "merge", "limit", "less", "cond",
                       "switch", "body", "one", "inc", "next", "exit"}));
}

TEST(Prune, OtherCycleThroughMergeIsAnError) {
  // Merge fed back by something that is not NextIteration.
  Status st = run(R"pb(
    node { name: "init" op: "Const" }
    node { name: "merge" op: "Merge" input: "init" input: "back" }
    node { name: "back" op: "Identity" input: "merge" }
  )pb", fetching({"back"}));
  EXPECT_EQ(st.message,
            "model.pbtxt: cycle through node 'merge' (merge -> back -> merge)");
}

TEST(Prune, FeedFetchTargetMustExist) {
  const char *g = R"pb(node { name: "x" op: "Placeholder" })pb";
  EXPECT_EQ(run(g, fetching({"x"}, {"y"})).message,
            "model.pbtxt: feed 'y' names no node in the graph");
  EXPECT_EQ(run(g, fetching({"z:1"})).message,
            "model.pbtxt: fetch 'z:1' names no node in the graph");
  EXPECT_EQ(run(g, fetching({"x"}, {}, {"init"})).message,
            "model.pbtxt: target 'init' names no node in the graph");
  EXPECT_EQ(run(g, fetching({"x:1"})).message,
            "model.pbtxt: fetch 'x:1': node 'x' (Placeholder) has only 1 output");
}

TEST(Prune, DropsUnneededKeepsControlInputs) {
  std::vector<std::string> order;
  Status st = run(R"pb(
    node { name: "unused" op: "Const" }
    node { name: "x" op: "Placeholder" }
    node { name: "assert" op: "Assert" input: "x" }
    node { name: "neg" op: "Neg" input: "x" input: "^assert" }
    node { name: "other" op: "Neg" input: "unused" }
    node { name: "init" op: "NoOp" input: "^other" }
  )pb", fetching({"neg"}), &order);
  ASSERT_TRUE(st.ok()) << st.message;
  EXPECT_EQ(order, (std::vector<std::string>{"x", "assert", "neg"}));

  // A target pulls in its control inputs too.
  st = run(R"pb(
    node { name: "unused" op: "Const" }
    node { name: "x" op: "Placeholder" }
    node { name: "neg" op: "Neg" input: "x" }
    node { name: "other" op: "Neg" input: "unused" }
    node { name: "init" op: "NoOp" input: "^other" }
  )pb", fetching({"neg"}, {}, {"init"}), &order);
  ASSERT_TRUE(st.ok()) << st.message;
  EXPECT_EQ(order,
            (std::vector<std::string>{"unused", "x", "neg", "other", "init"}));
}

TEST(Prune, FeedCutsUpstream) {
  const char *g = R"pb(
    node { name: "a" op: "Placeholder" }
    node { name: "b" op: "Neg" input: "a" }
    node { name: "split" op: "Split" input: "b" }
    node { name: "use0" op: "Neg" input: "split:0" }
    node { name: "use1" op: "Neg" input: "split:1" }
    node { name: "sum" op: "AddV2" input: "use0" input: "use1" }
  )pb";
  std::vector<std::string> order;
  // Feeding split:0 alone keeps split (split:1 is still used).
  Status st = run(g, fetching({"sum"}, {"split:0"}), &order);
  ASSERT_TRUE(st.ok()) << st.message;
  EXPECT_EQ(order, (std::vector<std::string>{"a", "b", "split", "use0", "use1",
                                             "sum"}));
  // Feeding both outputs cuts split and everything above it.
  st = run(g, fetching({"sum"}, {"split:0", "split:1"}), &order);
  ASSERT_TRUE(st.ok()) << st.message;
  EXPECT_EQ(order, (std::vector<std::string>{"use0", "use1", "sum"}));
  // A fetch of a fed tensor needs nothing.
  st = run(g, fetching({"b"}, {"b"}), &order);
  ASSERT_TRUE(st.ok()) << st.message;
  EXPECT_TRUE(order.empty());
}

TEST(Prune, OrderFollowsDataNotFileWhenNeeded) {
  std::vector<std::string> order;
  Status st = run(R"pb(
    node { name: "out" op: "Identity" input: "mid" }
    node { name: "mid" op: "Neg" input: "in" }
    node { name: "side" op: "Const" }
    node { name: "in" op: "Placeholder" }
  )pb", fetching({"out", "side"}), &order);
  ASSERT_TRUE(st.ok()) << st.message;
  EXPECT_EQ(order, (std::vector<std::string>{"side", "in", "mid", "out"}));
}

TEST(Prune, VariableMustExist) {
  Signature sig = fetching({"x"});
  ConfigVariable var;
  var.node = "v";
  sig.variables.push_back(var);
  EXPECT_EQ(run(R"pb(node { name: "x" op: "Placeholder" })pb", sig).message,
            "model.pbtxt: variable 'v' names no node in the graph");
}

} // namespace
} // namespace tfcc::frontend::testing
