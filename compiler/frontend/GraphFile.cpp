// loadGraphDef: finds the GraphDef in a GraphDef, SavedModel or MetaGraphDef
// file (binary or text) and reports failures as one line naming the file.
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "compiler/frontend/GraphLoader.h"
#include "compiler/frontend/ProtoIO.h"
#include "compiler/frontend/proto/meta_graph.pb.h"
#include "compiler/frontend/proto/saved_model.pb.h"

namespace tfcc::frontend {

namespace {

bool endsWith(const std::string &s, const std::string &suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool isFile(const std::string &path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

// Cheap structural checks that catch bytes which happen to decode as a
// GraphDef but are not one (every real node has a name and an op).
Status checkGraphDef(const std::string &file, const std::string &what,
                     const tensorflow::GraphDef &graph) {
  if (!graph.GetReflection()->GetUnknownFields(graph).empty())
    return Status::error(file + ": not a valid " + what +
                         " (garbage protobuf: unknown top-level fields)");
  for (int i = 0; i < graph.node_size(); ++i) {
    const tensorflow::NodeDef &node = graph.node(i);
    if (node.name().empty())
      return Status::error(file + ": node " + std::to_string(i) +
                           " has no name");
    if (node.op().empty())
      return Status::error(file + ": node '" + node.name() + "' has no op");
  }
  return {};
}

// Parses `bytes` as `msg`: text when `text`, else binary.
Status parseAs(const std::string &file, const std::string &bytes, bool text,
               const std::string &what, google::protobuf::Message *msg) {
  if (bytes.empty())
    return Status::error(file + ": empty file, not a " + what);
  if (text) {
    std::string err;
    if (!parseTextProto(bytes, msg, &err))
      return Status::error(file + ":" + err + " (not a valid text " + what +
                           ")");
    return {};
  }
  if (!parseBinaryProto(bytes, msg))
    return Status::error(file + ": not a valid " + what +
                         " (truncated or garbage protobuf)");
  return {};
}

std::string tagsPresent(const tensorflow::SavedModel &model) {
  std::string out;
  for (const auto &mg : model.meta_graphs()) {
    if (!out.empty())
      out += "; ";
    std::string tags;
    for (const auto &t : mg.meta_info_def().tags())
      tags += (tags.empty() ? "" : ",") + t;
    out += tags.empty() ? "(no tags)" : tags;
  }
  return out.empty() ? "none" : out;
}

Status graphOfMetaGraph(const std::string &file,
                        const tensorflow::MetaGraphDef &mg,
                        tensorflow::GraphDef *out) {
  if (!mg.has_graph_def())
    return Status::error(file + ": MetaGraphDef holds no graph_def");
  *out = mg.graph_def();
  return checkGraphDef(file, "GraphDef", *out);
}

// With an empty tag the first MetaGraphDef is used.
Status selectMetaGraph(const std::string &file,
                       const tensorflow::SavedModel &model,
                       const std::string &tag, tensorflow::GraphDef *out) {
  if (model.meta_graphs_size() == 0)
    return Status::error(file + ": SavedModel holds no MetaGraphDef");
  for (const auto &mg : model.meta_graphs()) {
    const auto &tags = mg.meta_info_def().tags();
    if (tag.empty() || std::find(tags.begin(), tags.end(), tag) != tags.end())
      return graphOfMetaGraph(file, mg, out);
  }
  return Status::error(file + ": no MetaGraphDef with tag '" + tag +
                       "' (tags present: " + tagsPresent(model) + ")");
}

Status loadSavedModel(const std::string &file, const std::string &tag,
                      tensorflow::GraphDef *out) {
  std::string bytes, err;
  if (!readWholeFile(file, &bytes, &err))
    return Status::error(err);
  tensorflow::SavedModel model;
  Status st = parseAs(file, bytes, hasTextExtension(file), "SavedModel", &model);
  if (!st.ok())
    return st;
  return selectMetaGraph(file, model, tag, out);
}

// A file that is text by name may hold any of the three containers; the
// parser that got furthest gives the message when none succeeds.
Status loadTextContainer(const std::string &file, const std::string &bytes,
                         const std::string &tag, tensorflow::GraphDef *out) {
  std::string err;
  int line = 0;
  if (parseTextProto(bytes, out, &err, &line))
    return checkGraphDef(file, "GraphDef", *out);
  std::string bestErr = err + " (not a valid text GraphDef)";
  int bestLine = line;

  tensorflow::MetaGraphDef mg;
  if (parseTextProto(bytes, &mg, &err, &line))
    return graphOfMetaGraph(file, mg, out);
  if (line > bestLine) {
    bestErr = err + " (not a valid text MetaGraphDef)";
    bestLine = line;
  }

  tensorflow::SavedModel model;
  if (parseTextProto(bytes, &model, &err, &line))
    return selectMetaGraph(file, model, tag, out);
  if (line > bestLine)
    bestErr = err + " (not a valid text SavedModel)";
  out->Clear();
  return Status::error(file + ":" + bestErr);
}

} // namespace

Status loadGraphDef(const std::string &path, const std::string &tag,
                    tensorflow::GraphDef *out) {
  out->Clear();
  struct stat st;
  if (::stat(path.c_str(), &st) != 0)
    return Status::error("cannot open '" + path + "': " + std::strerror(errno));

  if (S_ISDIR(st.st_mode)) {
    std::string dir = path;
    if (dir.back() != '/')
      dir += '/';
    if (isFile(dir + "saved_model.pb"))
      return loadSavedModel(dir + "saved_model.pb", tag, out);
    if (isFile(dir + "saved_model.pbtxt"))
      return loadSavedModel(dir + "saved_model.pbtxt", tag, out);
    return Status::error(path +
                         ": directory holds no saved_model.pb or "
                         "saved_model.pbtxt");
  }

  std::string base = baseName(path);
  if (base == "saved_model.pb" || base == "saved_model.pbtxt")
    return loadSavedModel(path, tag, out);

  std::string bytes, err;
  if (!readWholeFile(path, &bytes, &err))
    return Status::error(err);

  if (endsWith(path, ".meta")) {
    tensorflow::MetaGraphDef mg;
    Status s = parseAs(path, bytes, /*text=*/false, "MetaGraphDef", &mg);
    if (!s.ok())
      return s;
    return graphOfMetaGraph(path, mg, out);
  }

  if (bytes.empty())
    return Status::error(path + ": empty file, not a GraphDef");

  if (hasTextExtension(path))
    return loadTextContainer(path, bytes, tag, out);

  if (endsWith(path, ".pb")) {
    Status s = parseAs(path, bytes, /*text=*/false, "GraphDef", out);
    if (!s.ok())
      return s;
    return checkGraphDef(path, "GraphDef", *out);
  }

  // Unknown extension: binary first, then text.
  if (parseBinaryProto(bytes, out) && checkGraphDef(path, "GraphDef", *out).ok())
    return {};
  out->Clear();
  Status textStatus = loadTextContainer(path, bytes, tag, out);
  if (textStatus.ok())
    return textStatus;
  return Status::error(path +
                       ": not a valid GraphDef (neither binary protobuf nor "
                       "text format; as text: " +
                       textStatus.message.substr(path.size() + 1) + ")");
}

} // namespace tfcc::frontend
