// pruneAndSort: the nodes a signature needs, topologically ordered.
//
// Rules (kept deliberately simple):
//  * Seeds are the fetch and target nodes. A fetch of a fed tensor seeds
//    nothing: its value is the fed value.
//  * Walking back from a needed node, a data edge N:k is cut when N:k is fed;
//    N is still needed if some other data edge or a control edge reaches it.
//    Control edges are never cut.
//  * Only graph.node is considered; function bodies are not looked into.
//  * Duplicate names are checked over the whole graph; malformed and
//    dangling inputs only over the needed nodes.
//  * When sorting, edges from NextIteration into Merge (v1 loop back edges)
//    are ignored; any remaining cycle is an error.
//  * Among ready nodes the one first in the GraphDef goes first, so the
//    order is deterministic and follows the file where it can.
#include <algorithm>
#include <map>
#include <queue>
#include <set>
#include <unordered_map>

#include "compiler/frontend/GraphLoader.h"

namespace tfcc::frontend {

namespace {

using tensorflow::GraphDef;
using tensorflow::NodeDef;

bool isNextIteration(const NodeDef &n) {
  return n.op() == "NextIteration" || n.op() == "RefNextIteration";
}
bool isMerge(const NodeDef &n) {
  return n.op() == "Merge" || n.op() == "RefMerge";
}

// Number of data outputs when it can be told without an op registry:
// from _output_shapes, or for a few ops with a fixed count. -1: unknown.
int knownOutputCount(const NodeDef &n) {
  auto it = n.attr().find("_output_shapes");
  if (it != n.attr().end() && it->second.has_list() &&
      it->second.list().shape_size() > 0)
    return it->second.list().shape_size();
  static const std::map<std::string, int> kFixed = {
      {"Const", 1},  {"Placeholder", 1}, {"PlaceholderWithDefault", 1},
      {"Identity", 1}, {"_Arg", 1},      {"NoOp", 0},
      {"_Retval", 0}};
  auto f = kFixed.find(n.op());
  return f == kFixed.end() ? -1 : f->second;
}

std::string outputsWord(int n) {
  return std::to_string(n) + (n == 1 ? " output" : " outputs");
}

struct Edge {
  int src;
  int dst;
};

} // namespace

Status pruneAndSort(const GraphDef &graph, const Signature &sig,
                    const std::string &file,
                    std::vector<const NodeDef *> *order) {
  order->clear();
  const int n = graph.node_size();
  std::unordered_map<std::string, int> index;
  index.reserve(n);
  for (int i = 0; i < n; ++i) {
    auto [it, inserted] = index.emplace(graph.node(i).name(), i);
    if (!inserted)
      return Status::error(file + ": duplicate node name '" +
                           graph.node(i).name() + "' (nodes " +
                           std::to_string(it->second) + " and " +
                           std::to_string(i) + ")");
  }

  // Checks that `id` (a feed or fetch) names an existing output.
  auto checkTensor = [&](const char *what, const TensorId &id) -> Status {
    auto it = index.find(id.node);
    if (it == index.end())
      return Status::error(file + ": " + what + " '" + id.str() +
                           "' names no node in the graph");
    int count = knownOutputCount(graph.node(it->second));
    if (count >= 0 && id.index >= count)
      return Status::error(file + ": " + what + " '" + id.str() +
                           "': node '" + id.node + "' (" +
                           graph.node(it->second).op() + ") has only " +
                           outputsWord(count));
    return {};
  };

  std::set<std::pair<int, int>> fed;
  for (const Feed &feed : sig.feeds) {
    Status st = checkTensor("feed", feed.id);
    if (!st.ok())
      return st;
    fed.insert({index[feed.id.node], feed.id.index});
  }
  for (const ConfigVariable &var : sig.variables)
    if (!index.count(var.node))
      return Status::error(file + ": variable '" + var.node +
                           "' names no node in the graph");

  std::vector<char> needed(n, 0);
  std::vector<int> stack;
  auto need = [&](int i) {
    if (!needed[i]) {
      needed[i] = 1;
      stack.push_back(i);
    }
  };
  for (const Fetch &fetch : sig.fetches) {
    Status st = checkTensor("fetch", fetch.id);
    if (!st.ok())
      return st;
    int i = index[fetch.id.node];
    if (!fed.count({i, fetch.id.index}))
      need(i);
  }
  for (const std::string &target : sig.targets) {
    auto it = index.find(target);
    if (it == index.end())
      return Status::error(file + ": target '" + target +
                           "' names no node in the graph");
    need(it->second);
  }

  // Walk back from the seeds, collecting the edges between needed nodes.
  std::vector<Edge> edges;
  while (!stack.empty()) {
    int dst = stack.back();
    stack.pop_back();
    const NodeDef &node = graph.node(dst);
    for (int k = 0; k < node.input_size(); ++k) {
      const std::string &text = node.input(k);
      TensorId id;
      if (!parseTensorId(text, &id))
        return Status::error(file + ": node '" + node.name() + "': input " +
                             std::to_string(k) + " '" + text +
                             "' is not a valid tensor name");
      auto it = index.find(id.node);
      if (it == index.end())
        return Status::error(file + ": node '" + node.name() + "': input " +
                             std::to_string(k) + " '" + text +
                             "' names no node in the graph");
      int src = it->second;
      if (!id.control) {
        int count = knownOutputCount(graph.node(src));
        if (count >= 0 && id.index >= count)
          return Status::error(file + ": node '" + node.name() + "': input " +
                               std::to_string(k) + " '" + text +
                               "': node '" + id.node + "' (" +
                               graph.node(src).op() + ") has only " +
                               outputsWord(count));
        if (fed.count({src, id.index}))
          continue;
      }
      need(src);
      edges.push_back({src, dst});
    }
  }

  // Kahn's algorithm over the needed nodes, lowest GraphDef index first.
  std::vector<std::vector<int>> consumers(n);
  std::vector<int> pending(n, 0);
  for (const Edge &e : edges) {
    if (isNextIteration(graph.node(e.src)) && isMerge(graph.node(e.dst)))
      continue;
    consumers[e.src].push_back(e.dst);
    ++pending[e.dst];
  }
  std::priority_queue<int, std::vector<int>, std::greater<int>> ready;
  for (int i = 0; i < n; ++i)
    if (needed[i] && pending[i] == 0)
      ready.push(i);
  while (!ready.empty()) {
    int i = ready.top();
    ready.pop();
    order->push_back(&graph.node(i));
    for (int c : consumers[i])
      if (--pending[c] == 0)
        ready.push(c);
  }

  size_t neededCount = std::count(needed.begin(), needed.end(), 1);
  if (order->size() == neededCount)
    return {};

  // Every node left has an unsorted producer among the nodes left, so
  // walking producers from any of them must come back to a node seen before.
  std::vector<std::vector<int>> producers(n);
  for (const Edge &e : edges)
    if (pending[e.dst] > 0 && pending[e.src] > 0 &&
        !(isNextIteration(graph.node(e.src)) && isMerge(graph.node(e.dst))))
      producers[e.dst].push_back(e.src);
  int start = 0;
  while (!(needed[start] && pending[start] > 0))
    ++start;
  std::vector<int> path;
  std::vector<int> pos(n, -1);
  int cur = start;
  while (pos[cur] < 0) {
    pos[cur] = static_cast<int>(path.size());
    path.push_back(cur);
    cur = *std::min_element(producers[cur].begin(), producers[cur].end());
  }
  // path[pos[cur]..] is the cycle, walked against the data flow.
  std::vector<int> cycle(path.begin() + pos[cur], path.end());
  std::reverse(cycle.begin(), cycle.end());
  // Start the message at the first node of the cycle in GraphDef order.
  std::rotate(cycle.begin(), std::min_element(cycle.begin(), cycle.end()),
              cycle.end());
  std::string chain;
  for (int i : cycle)
    chain += graph.node(i).name() + " -> ";
  chain += graph.node(cycle.front()).name();
  order->clear();
  return Status::error(file + ": cycle through node '" +
                       graph.node(cycle.front()).name() + "' (" + chain + ")");
}

} // namespace tfcc::frontend
