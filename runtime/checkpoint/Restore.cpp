#include "runtime/checkpoint/Restore.h"
#include "runtime/checkpoint/BundleInternal.h"

#include "compiler/frontend/proto/trackable_object_graph.pb.h"

#include <cstring>

namespace tfcc::checkpoint {
namespace {

bool endsWith(const std::string &s, const char *suffix) {
  size_t n = std::strlen(suffix);
  return s.size() >= n && s.compare(s.size() - n, n, suffix) == 0;
}

// checkpoint key -> the variable's full name, from the TF2 object graph;
// empty for checkpoints without one.
Status objectGraphNames(const Reader &reader,
                        std::map<std::string, std::string> *names) {
  names->clear();
  if (!reader.find(kObjectGraphKey))
    return Status();
  std::vector<std::string> graph;
  TFCC_CKPT_RETURN_IF_ERROR(reader.readStrings(kObjectGraphKey, {}, &graph));
  tensorflow::TrackableObjectGraph proto;
  if (graph.size() != 1 || !proto.ParseFromString(graph[0]))
    return Status::error(reader.indexPath() + ": tensor \"" +
                         std::string(kObjectGraphKey) +
                         "\": not a TrackableObjectGraph");
  for (const auto &node : proto.nodes())
    for (const auto &attr : node.attributes())
      if (attr.name() == "VARIABLE_VALUE" && !attr.full_name().empty())
        (*names)[attr.checkpoint_key()] = attr.full_name();
  return Status();
}

Status notFound(const Reader &reader, const std::string &name,
                const std::string &tried) {
  return Status::error(reader.indexPath() + ": variable \"" + name +
                       "\" not found in the checkpoint (tried " + tried + ")");
}

} // namespace

Status resolveKey(const Reader &reader, const std::string &name,
                  const RestoreOptions &options, std::string *key) {
  auto mapped = options.keys.find(name);
  if (mapped != options.keys.end() || options.mapName) {
    *key = mapped != options.keys.end() ? mapped->second
                                        : options.mapName(name);
    if (reader.find(*key))
      return Status();
    return notFound(reader, name, "its mapped key \"" + *key + "\"");
  }
  for (const std::string &candidate : {name, name + kVariableValueSuffix}) {
    if (reader.find(candidate)) {
      *key = candidate;
      return Status();
    }
  }
  std::map<std::string, std::string> fullNames;
  TFCC_CKPT_RETURN_IF_ERROR(objectGraphNames(reader, &fullNames));
  std::vector<std::string> matches;
  for (const auto &[ckptKey, fullName] : fullNames)
    if (fullName == name && reader.find(ckptKey))
      matches.push_back(ckptKey);
  if (matches.size() == 1) {
    *key = matches[0];
    return Status();
  }
  if (matches.size() > 1)
    return Status::error(reader.indexPath() + ": variable \"" + name +
                         "\" is ambiguous: the object graph gives that name "
                         "to \"" +
                         matches[0] + "\" and \"" + matches[1] +
                         "\"; map it to a key explicitly");
  return notFound(reader, name,
                  "\"" + name + "\", \"" + name + kVariableValueSuffix +
                      "\" and the object graph's variable names");
}

Status restore(const Reader &reader, const std::vector<RestoreTarget> &targets,
               const RestoreOptions &options) {
  const Reader::Impl &impl = reader.impl();
  struct Checked {
    std::string_view bytes;
    std::vector<std::string> strings;
  };
  std::vector<Checked> checked(targets.size());
  for (size_t t = 0; t < targets.size(); ++t) {
    const RestoreTarget &target = targets[t];
    std::string key;
    TFCC_CKPT_RETURN_IF_ERROR(resolveKey(reader, target.name, options, &key));
    size_t entry = impl.byName.at(key);
    // Errors name the key; say which variable it was for when they differ.
    auto forTarget = [&](const Status &s) {
      return key == target.name
                 ? s
                 : Status::error("restoring variable \"" + target.name +
                                 "\": " + s.message());
    };
    Status s = impl.checkType(entry, target.dtype, target.shape);
    if (s.ok() && target.dtype == DType::String && !target.strings)
      s = impl.tensorError(impl.indexPath, entry,
                           "no string destination given");
    if (s.ok() && target.dtype != DType::String &&
        (target.byteSize != uint64_t(impl.entries[entry].byteSize) ||
         (target.byteSize && !target.data)))
      s = impl.tensorError(impl.indexPath, entry,
                           "the destination holds " +
                               std::to_string(target.byteSize) +
                               " bytes, the tensor " +
                               std::to_string(impl.entries[entry].byteSize));
    if (s.ok())
      s = impl.load(entry, &checked[t].bytes, &checked[t].strings);
    if (!s.ok())
      return forTarget(s);
  }
  for (size_t t = 0; t < targets.size(); ++t) {
    if (targets[t].dtype == DType::String)
      targets[t].strings->swap(checked[t].strings);
    else if (!checked[t].bytes.empty())
      std::memcpy(targets[t].data, checked[t].bytes.data(),
                  checked[t].bytes.size());
  }
  return Status();
}

Status restore(const std::string &prefix,
               const std::vector<RestoreTarget> &targets,
               const RestoreOptions &options) {
  std::unique_ptr<Reader> reader;
  TFCC_CKPT_RETURN_IF_ERROR(Reader::open(prefix, &reader));
  return restore(*reader, targets, options);
}

Status listVariableKeys(const Reader &reader, std::vector<VariableKey> *keys) {
  std::map<std::string, std::string> fullNames;
  TFCC_CKPT_RETURN_IF_ERROR(objectGraphNames(reader, &fullNames));
  keys->clear();
  const size_t suffix = std::strlen(kVariableValueSuffix);
  for (const EntryInfo &e : reader.entries()) {
    if (!endsWith(e.name, kVariableValueSuffix))
      continue;
    VariableKey k;
    k.key = e.name;
    k.objectPath = e.name.substr(0, e.name.size() - suffix);
    auto full = fullNames.find(e.name);
    if (full != fullNames.end())
      k.fullName = full->second;
    k.dtype = e.dtype;
    k.shape = e.shape;
    k.optimizerSlot = e.name.find("/.OPTIMIZER_SLOT/") != std::string::npos;
    keys->push_back(std::move(k));
  }
  return Status();
}

} // namespace tfcc::checkpoint
