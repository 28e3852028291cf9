// planCheckpointSignature: the SaveV2/RestoreV2 subgraph of tf.compat.v1's
// Saver, as a plan the runtime runs.
//
// TF's Saver writes through string ops (StringJoin, ShardedFilename) into a
// temporary shard and merges it into the prefix (MergeV2Checkpoints); tfcc's
// checkpoint library writes the bundle at the prefix atomically itself, so
// those string ops are checked, not run. What carries over exactly is which
// variable goes under which key, which the plan records.
#include <algorithm>
#include <set>
#include <unordered_map>

#include "compiler/frontend/GraphLoader.h"

namespace tfcc::frontend {

namespace {

using tensorflow::GraphDef;
using tensorflow::NodeDef;

/// Ops that pass their input on when nothing feeds them.
bool forwards(const NodeDef &n) {
  return n.op() == "Identity" || n.op() == "PlaceholderWithDefault";
}

bool isVariable(const NodeDef &n) {
  return n.op() == "VariableV2" || n.op() == "Variable" || n.op() == "VarHandleOp";
}

const tensorflow::AttrValue *attrOf(const NodeDef &n, const char *name) {
  auto it = n.attr().find(name);
  return it == n.attr().end() ? nullptr : &it->second;
}

class Planner {
public:
  Planner(const GraphDef &graph, const Signature &sig, const std::string &file)
      : graph(graph), sig(sig), file(file) {
    for (const NodeDef &n : graph.node())
      byName.emplace(n.name(), &n);
  }

  Status plan(std::vector<const NodeDef *> order, CheckpointPlan *out);

private:
  Status error(const NodeDef &n, const std::string &what) const {
    return Status::error(file + ": node '" + n.name() + "': " + what);
  }
  Status sigError(const std::string &what) const {
    return Status::error(file + ": signature '" + sig.name + "': " + what);
  }
  const NodeDef *node(const std::string &name) const {
    auto it = byName.find(name);
    return it == byName.end() ? nullptr : it->second;
  }
  const NodeDef *input(const NodeDef &n, int i, TensorId *id = nullptr) const {
    TensorId t;
    if (i >= n.input_size() || !parseTensorId(n.input(i), &t) || t.control)
      return nullptr;
    if (id)
      *id = t;
    return node(t.node);
  }
  bool isFed(const TensorId &t) const {
    return t.node == prefix.id.node && t.index == prefix.id.index;
  }
  /// Whether input `i` of `n` is the fed prefix, through Identity nodes.
  bool isPrefix(const NodeDef &n, int i) const {
    TensorId t;
    const NodeDef *p = input(n, i, &t);
    while (p && !isFed(t) && forwards(*p))
      p = input(*p, 0, &t);
    return p && isFed(t);
  }
  /// Whether the prefix feeds input `i` of `n` through string ops.
  bool derivesFromPrefix(const NodeDef &n, int i, int depth = 0) const {
    TensorId t;
    const NodeDef *p = input(n, i, &t);
    if (!p || depth > 16)
      return false;
    if (isFed(t))
      return true;
    for (int j = 0; j < p->input_size(); ++j)
      if (derivesFromPrefix(*p, j, depth + 1))
        return true;
    return false;
  }
  /// The variable behind input `i` of `n` (through Identity/ReadVariableOp).
  const NodeDef *variableBehind(const NodeDef &n, int i) const {
    const NodeDef *p = input(n, i);
    while (p && (p->op() == "Identity" || p->op() == "ReadVariableOp"))
      p = input(*p, 0);
    return p && isVariable(*p) ? p : nullptr;
  }
  /// The string constants of Const input `i` of `n`.
  Status strings(const NodeDef &n, int i, const char *what,
                 std::vector<std::string> *out) const {
    const NodeDef *c = input(n, i);
    while (c && c->op() == "Identity")
      c = input(*c, 0);
    const tensorflow::AttrValue *value = c && c->op() == "Const" ? attrOf(*c, "value") : nullptr;
    if (!value || !value->has_tensor() || value->tensor().dtype() != tensorflow::DT_STRING)
      return error(n, std::string("its ") + what + " (input " + std::to_string(i) +
                          ") must be a string constant");
    out->assign(value->tensor().string_val().begin(), value->tensor().string_val().end());
    return Status{};
  }
  Status keysAndSlices(const NodeDef &n, std::vector<std::string> *keys) const;
  Status entry(const NodeDef &at, const std::string &key, const NodeDef &var,
               tensorflow::DataType dtype, CheckpointPlan *out);

  const GraphDef &graph;
  const Signature &sig;
  const std::string &file;
  std::unordered_map<std::string, const NodeDef *> byName;
  Feed prefix;
};

Status Planner::keysAndSlices(const NodeDef &n, std::vector<std::string> *keys) const {
  std::vector<std::string> slices;
  if (Status s = strings(n, 1, "tensor_names", keys); !s.ok())
    return s;
  if (Status s = strings(n, 2, "shape_and_slices", &slices); !s.ok())
    return s;
  if (slices.size() != keys->size())
    return error(n, "has " + std::to_string(keys->size()) + " tensor names but " +
                        std::to_string(slices.size()) + " shape_and_slices");
  for (size_t k = 0; k < slices.size(); ++k)
    if (!slices[k].empty())
      return error(n, "'" + (*keys)[k] + "' is a slice ('" + slices[k] +
                          "'); tfcc saves and restores whole variables only");
  return Status{};
}

Status Planner::entry(const NodeDef &at, const std::string &key, const NodeDef &var,
                      tensorflow::DataType dtype, CheckpointPlan *out) {
  const tensorflow::AttrValue *vtype = attrOf(var, "dtype");
  if (!vtype || vtype->type() != dtype)
    return error(at, "'" + key + "' is " + dataTypeName(dtype) + " but variable '" +
                         var.name() + "' is " +
                         (vtype ? dataTypeName(vtype->type()) : std::string("untyped")));
  for (const CheckpointEntry &e : out->entries)
    if (e.key == key)
      return error(at, "key '" + key + "' appears twice");
  out->entries.push_back({key, variableNameOf(var), &var});
  return Status{};
}

Status Planner::plan(std::vector<const NodeDef *> order, CheckpointPlan *out) {
  std::vector<const NodeDef *> prunedWithFeed;
  const NodeDef *first = nullptr;
  for (const NodeDef *n : order)
    if (n->op() == "SaveV2" || n->op() == "RestoreV2" || n->op() == "MergeV2Checkpoints") {
      first = n;
      break;
    }
  if (sig.feeds.empty()) {
    // No feed given: the string constant or placeholder the Saver reads the
    // prefix from (its filename_tensor_name) is the feed.
    const NodeDef *ioNode = first;
    for (const NodeDef *n : order)
      if (n->op() == "MergeV2Checkpoints")
        ioNode = n;
    TensorId t;
    const NodeDef *root = input(*ioNode, ioNode->op() == "MergeV2Checkpoints" ? 1 : 0, &t);
    // Through Identity nodes to the tensor a TF program feeds: a Const,
    // Placeholder or PlaceholderWithDefault (save/Const:0, which forwards
    // save/filename when not fed).
    while (root && root->op() == "Identity")
      root = input(*root, 0, &t);
    if (root && (root->op() == "Const" || root->op() == "Placeholder" ||
                 root->op() == "PlaceholderWithDefault")) {
      prefix.id = t;
      prefix.name = t.str();
      Signature fed = sig;
      fed.feeds.push_back(prefix);
      if (Status s = pruneAndSort(graph, fed, file, &prunedWithFeed); !s.ok())
        return s;
    }
  } else if (sig.feeds.size() == 1) {
    prefix = sig.feeds[0];
  }
  if (prefix.id.node.empty())
    return sigError("runs checkpoint op '" + first->name() +
                    "' and so must feed exactly one tensor: the checkpoint prefix (the "
                    "SaverDef's filename_tensor_name, e.g. save/Const:0)");
  if (!prunedWithFeed.empty())
    order = std::move(prunedWithFeed);
  const NodeDef *fed = node(prefix.id.node);
  tensorflow::DataType dtype = prefix.dtype;
  if (dtype == tensorflow::DT_INVALID && fed) {
    const tensorflow::AttrValue *t = attrOf(*fed, "dtype");
    if (!t)
      t = attrOf(*fed, "T");
    dtype = t ? t->type() : tensorflow::DT_INVALID;
  }
  if (dtype != tensorflow::DT_STRING || (prefix.shape && !prefix.shape->empty()))
    return sigError("feed '" + prefix.name + "' must be the checkpoint prefix, a string scalar");

  bool save = false, restore = false;
  for (const NodeDef *n : order) {
    const std::string &op = n->op();
    if (op == "SaveV2" || op == "MergeV2Checkpoints")
      save = true;
    else if (op == "RestoreV2")
      restore = true;
  }
  if (save && restore)
    return sigError("both saves (node '" + first->name() +
                    "') and restores a checkpoint; make them two signatures");
  out->kind = save ? CheckpointPlan::Save : CheckpointPlan::Restore;
  out->signature = sig.name;
  out->prefix = prefix;
  out->targets = sig.targets;

  // The ops TF's Saver builds, and nothing else.
  static const std::set<std::string> kSaveOps = {
      "SaveV2", "MergeV2Checkpoints", "StringJoin", "ShardedFilename", "StaticRegexFullMatch",
      "Select", "Pack", "Const", "Identity", "PlaceholderWithDefault", "NoOp",
      "ReadVariableOp", "DisableCopyOnRead", "VariableV2", "Variable", "VarHandleOp"};
  static const std::set<std::string> kRestoreOps = {
      "RestoreV2", "Assign", "AssignVariableOp", "Const", "Identity", "PlaceholderWithDefault",
      "NoOp", "DisableCopyOnRead", "VariableV2", "Variable", "VarHandleOp"};
  const auto &allowed = save ? kSaveOps : kRestoreOps;
  bool merged = false;
  for (const NodeDef *n : order) {
    if (fed == n)
      continue;
    if (!allowed.count(n->op()))
      return error(*n, "op '" + n->op() + "' cannot run in checkpoint " +
                           (save ? "save" : "restore") + " signature '" + sig.name +
                           "': tfcc runs the SaveV2/RestoreV2 subgraphs that TF's Saver "
                           "builds, not other ops with them");
    if (n->op() == "MergeV2Checkpoints") {
      if (!isPrefix(*n, 1))
        return error(*n, "merges into a destination that is not the fed prefix '" +
                             prefix.name + "'");
      merged = true;
    }
  }

  for (const NodeDef *n : order) {
    if (n->op() == "SaveV2") {
      if (!merged && !isPrefix(*n, 0) && derivesFromPrefix(*n, 0))
        return error(*n, "writes a temporary shard that only MergeV2Checkpoints turns into "
                         "the checkpoint; fetch the SaverDef's save_tensor_name (e.g. "
                         "save/Identity:0) to run the whole save");
      if (!merged ? !isPrefix(*n, 0) : !derivesFromPrefix(*n, 0))
        return error(*n, "writes to a name that is not the fed prefix '" + prefix.name + "'");
      std::vector<std::string> keys;
      if (Status s = keysAndSlices(*n, &keys); !s.ok())
        return s;
      const tensorflow::AttrValue *dtypes = attrOf(*n, "dtypes");
      if (!dtypes || dtypes->list().type_size() != int(keys.size()) ||
          n->input_size() < 3 + int(keys.size()))
        return error(*n, "needs one tensor and one 'dtypes' entry per tensor name");
      for (size_t k = 0; k < keys.size(); ++k) {
        const NodeDef *var = variableBehind(*n, 3 + int(k));
        std::vector<std::string> constant;
        if (!var && dtypes->list().type(int(k)) == tensorflow::DT_STRING &&
            strings(*n, 3 + int(k), "tensor", &constant).ok() && constant.size() == 1) {
          // TF2 saves its object graph (_CHECKPOINTABLE_OBJECT_GRAPH) this way.
          for (const CheckpointEntry &e : out->entries)
            if (e.key == keys[k])
              return error(*n, "key '" + keys[k] + "' appears twice");
          out->entries.push_back({keys[k], "", nullptr, constant[0]});
          continue;
        }
        if (!var)
          return error(*n, "tensor '" + keys[k] + "' (input " + std::to_string(3 + k) +
                               ", '" + n->input(3 + int(k)) +
                               "') is not a variable or a string constant; tfcc saves "
                               "variables only");
        if (Status s = entry(*n, keys[k], *var, dtypes->list().type(int(k)), out); !s.ok())
          return s;
      }
    } else if (n->op() == "RestoreV2" && !isPrefix(*n, 0)) {
      return error(*n, "reads a name that is not the fed prefix '" + prefix.name + "'");
    }
  }
  for (const NodeDef *n : order) {
    if (n->op() != "Assign" && n->op() != "AssignVariableOp")
      continue;
    TensorId value;
    const NodeDef *src = input(*n, 1, &value);
    while (src && src->op() == "Identity")
      src = input(*src, 0, &value);
    const NodeDef *var = variableBehind(*n, 0);
    if (!src || src->op() != "RestoreV2" || !var)
      return error(*n, "assigns something other than a RestoreV2 output to a variable");
    std::vector<std::string> keys;
    if (Status s = keysAndSlices(*src, &keys); !s.ok())
      return s;
    const tensorflow::AttrValue *dtypes = attrOf(*src, "dtypes");
    if (value.index >= int(keys.size()) || !dtypes ||
        dtypes->list().type_size() != int(keys.size()))
      return error(*src, "needs one 'dtypes' entry per tensor name");
    if (Status s = entry(*n, keys[size_t(value.index)], *var,
                         dtypes->list().type(value.index), out);
        !s.ok())
      return s;
  }
  if (out->entries.empty())
    return sigError("saves or restores no variable");

  for (const Fetch &f : sig.fetches) {
    const NodeDef *n = node(f.id.node);
    bool ok = save && n && (isFed(f.id) || (n->op() == "Identity" && isPrefix(*n, 0)));
    if (!ok)
      return sigError("fetch '" + f.name + "' " +
                      (save ? "is not the checkpoint prefix; fetch the SaverDef's "
                              "save_tensor_name (e.g. save/Identity:0)"
                            : "cannot be fetched from a restore; give its target "
                              "(e.g. save/restore_all)"));
    out->fetches.push_back(f);
  }
  return Status{};
}

} // namespace

std::string variableNameOf(const NodeDef &node) {
  const tensorflow::AttrValue *shared = attrOf(node, "shared_name");
  return shared && !shared->s().empty() ? shared->s() : node.name();
}

Status planCheckpointSignature(const GraphDef &graph, const Signature &sig,
                               const std::string &file, std::optional<CheckpointPlan> *plan) {
  plan->reset();
  std::vector<const NodeDef *> order;
  if (Status s = pruneAndSort(graph, sig, file, &order); !s.ok())
    return s;
  // TF2 SavedModels run their Saver in functions (__inference__traced_save):
  // plan on a copy with those calls spelled out.
  auto isIo = [](const NodeDef &n) {
    return n.op() == "SaveV2" || n.op() == "RestoreV2" || n.op() == "MergeV2Checkpoints";
  };
  auto hasIo = [&](const tensorflow::FunctionDef &fn) {
    return std::any_of(fn.node_def().begin(), fn.node_def().end(), isIo);
  };
  bool io = false;
  std::set<std::string> calls; // the needed calls of Saver functions
  for (const NodeDef *n : order) {
    io |= isIo(*n);
    if (const tensorflow::FunctionDef *fn = calledFunction(graph, *n); fn && hasIo(*fn))
      calls.insert(n->name());
  }
  if (!io && calls.empty())
    return Status{};
  GraphDef inlined;
  const GraphDef *planned = &graph;
  if (!calls.empty()) {
    inlined = graph;
    auto needed = [&](const NodeDef &call, const tensorflow::FunctionDef &) {
      return calls.count(call.name()) > 0;
    };
    if (Status s = inlineCalls(&inlined, file, needed); !s.ok())
      return s;
    if (Status s = pruneAndSort(inlined, sig, file, &order); !s.ok())
      return s;
    planned = &inlined;
  }
  CheckpointPlan p;
  if (Status s = Planner(*planned, sig, file).plan(order, &p); !s.ok())
    return s;
  // Variables are nodes of the graph itself, never of function bodies.
  std::unordered_map<std::string, const NodeDef *> original;
  for (const NodeDef &n : graph.node())
    original.emplace(n.name(), &n);
  for (CheckpointEntry &e : p.entries) {
    if (!e.node)
      continue;
    auto it = original.find(e.node->name());
    if (it == original.end())
      return Status::error(file + ": node '" + e.node->name() +
                           "': a variable created inside a function cannot be checkpointed");
    e.node = it->second;
  }
  *plan = std::move(p);
  return Status{};
}

} // namespace tfcc::frontend
