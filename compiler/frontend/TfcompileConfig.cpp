// loadTfcompileConfig: tensorflow.tf2xla.Config (text, or binary by .pb name)
// into a Signature. Whether the names exist is checked later, by
// pruneAndSort, once the graph is known.
#include <set>

#include "compiler/frontend/GraphLoader.h"
#include "compiler/frontend/ProtoIO.h"
#include "compiler/frontend/proto/tf2xla.pb.h"

namespace tfcc::frontend {

namespace {

std::vector<int64_t> dimsOf(const tensorflow::TensorShapeProto &shape) {
  std::vector<int64_t> dims;
  for (const auto &d : shape.dim())
    dims.push_back(d.size() < 0 ? -1 : d.size());
  return dims;
}

// Config.TensorId -> TensorId; `what` is e.g. "feed 2" for messages.
Status convertId(const std::string &file, const std::string &what,
                 const tensorflow::tf2xla::TensorId &in, TensorId *out) {
  if (in.node_name().empty())
    return Status::error(file + ": " + what + " has no id.node_name");
  if (in.output_index() < 0 || in.output_index() > INT32_MAX)
    return Status::error(file + ": " + what + " '" + in.node_name() +
                         "' has bad id.output_index " +
                         std::to_string(in.output_index()));
  out->node = in.node_name();
  out->index = static_cast<int>(in.output_index());
  out->control = false;
  return {};
}

} // namespace

Status loadTfcompileConfig(const std::string &path, Signature *sig) {
  std::string bytes, err;
  if (!readWholeFile(path, &bytes, &err))
    return Status::error(err);
  tensorflow::tf2xla::Config config;
  if (path.size() >= 3 && path.compare(path.size() - 3, 3, ".pb") == 0) {
    if (!parseBinaryProto(bytes, &config))
      return Status::error(path + ": not a valid tfcompile Config "
                                  "(truncated or garbage protobuf)");
  } else if (!parseTextProto(bytes, &config, &err)) {
    return Status::error(path + ":" + err + " (not a valid tfcompile Config)");
  }

  Signature out;
  out.name = sig->name;
  std::set<std::string> seen;
  for (int i = 0; i < config.feed_size(); ++i) {
    const auto &f = config.feed(i);
    Feed feed;
    Status st = convertId(path, "feed " + std::to_string(i), f.id(), &feed.id);
    if (!st.ok())
      return st;
    if (!seen.insert(feed.id.str()).second)
      return Status::error(path + ": feed '" + feed.id.str() +
                           "' is listed twice");
    feed.name = f.name().empty() ? feed.id.str() : f.name();
    feed.dtype = f.type();
    // No shape (or unknown rank) means: take it from the graph.
    if (f.has_shape() && !f.shape().unknown_rank())
      feed.shape = dimsOf(f.shape());
    out.feeds.push_back(std::move(feed));
  }
  for (int i = 0; i < config.fetch_size(); ++i) {
    const auto &f = config.fetch(i);
    Fetch fetch;
    Status st =
        convertId(path, "fetch " + std::to_string(i), f.id(), &fetch.id);
    if (!st.ok())
      return st;
    fetch.name = f.name().empty() ? fetch.id.str() : f.name();
    out.fetches.push_back(std::move(fetch));
  }
  for (int i = 0; i < config.variable_size(); ++i) {
    const auto &v = config.variable(i);
    if (v.node_name().empty())
      return Status::error(path + ": variable " + std::to_string(i) +
                           " has no node_name");
    ConfigVariable var;
    var.node = v.node_name();
    var.name = v.name().empty() ? v.node_name() : v.name();
    var.dtype = v.type();
    var.shape = dimsOf(v.shape());
    var.readonly = v.readonly();
    out.variables.push_back(std::move(var));
  }
  if (out.fetches.empty())
    return Status::error(path + ": tfcompile Config has no fetch");
  *sig = std::move(out);
  return {};
}

} // namespace tfcc::frontend
