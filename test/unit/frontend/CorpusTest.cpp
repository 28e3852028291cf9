// Every GraphDef / SavedModel / MetaGraphDef / tfcompile Config listed in the
// corpus INDEX.tsv must load (and the GraphDebugInfo must parse as one).
#include <fstream>
#include <iostream>
#include <sstream>

#include "TestUtil.h"
#include "compiler/frontend/proto/graph_debug_info.pb.h"

namespace tfcc::frontend::testing {
namespace {

TEST(Corpus, CorpusParses) {
  std::ifstream index(corpusDir() + "/INDEX.tsv");
  if (!index)
    GTEST_SKIP() << "corpus not found at " << corpusDir();
  std::string line;
  std::getline(index, line); // header
  int listed = 0, parsed = 0, absent = 0, graphs = 0, sorted = 0;
  while (std::getline(index, line)) {
    std::istringstream row(line);
    std::string path, kind;
    std::getline(row, path, '\t');
    std::getline(row, kind, '\t');
    bool isConfig = kind == "tfcompile.Config";
    bool isDebugInfo = kind == "GraphDebugInfo";
    if (kind != "GraphDef" && kind != "SavedModel" && kind != "MetaGraphDef" &&
        !isConfig && !isDebugInfo)
      continue; // the Config template
    std::string full = corpusDir() + "/" + path;
    if (!exists(full)) { // rows like "x/saved_model.pb (not kept)"
      ++absent;
      continue;
    }
    ++listed;
    Status st;
    if (isDebugInfo) {
      std::ifstream in(full);
      std::stringstream text;
      text << in.rdbuf();
      tensorflow::GraphDebugInfo info;
      if (!google::protobuf::TextFormat::ParseFromString(text.str(), &info))
        st = Status::error(full + ": not a valid GraphDebugInfo");
    } else if (isConfig) {
      Signature sig;
      st = loadTfcompileConfig(full, &sig);
    } else {
      tensorflow::GraphDef graph;
      st = loadGraphDef(full, "", &graph);
      if (st.ok()) {
        // Everything the graph holds, as targets: checks names, inputs and
        // cycles over the whole graph. Informational only: some graphs are
        // meant to be used with feeds that cut a dangling input (tfadd's
        // y_reshape reads a y_shape that is not in the file).
        ++graphs;
        Signature sig;
        for (const auto &node : graph.node())
          sig.targets.push_back(node.name());
        std::vector<const tensorflow::NodeDef *> order;
        Status sortStatus = pruneAndSort(graph, sig, full, &order);
        if (sortStatus.ok() && order.size() == size_t(graph.node_size()))
          ++sorted;
        else
          std::cout << "note: whole graph not sortable: " << sortStatus.message
                    << "\n";
      }
    }
    EXPECT_TRUE(st.ok()) << st.message;
    if (st.ok())
      ++parsed;
  }
  std::cout << "parsed " << parsed << " of " << listed << " files (" << absent
            << " listed but not kept); sorted " << sorted << " of " << graphs
            << " graphs\n";
  EXPECT_GT(listed, 0);
  EXPECT_EQ(parsed, listed);
}

} // namespace
} // namespace tfcc::frontend::testing
