#include "runtime/checkpoint/CheckpointManager.h"
#include "runtime/checkpoint/BundleInternal.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace tfcc::checkpoint {
namespace {

// Text-format string literals, escaped as protobuf's CEscape does.
std::string quote(const std::string &s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
    case '\n': out += "\\n"; break;
    case '\r': out += "\\r"; break;
    case '\t': out += "\\t"; break;
    case '"': out += "\\\""; break;
    case '\'': out += "\\'"; break;
    case '\\': out += "\\\\"; break;
    default:
      if (c < 0x20 || c >= 0x7f) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\%03o", c);
        out += buf;
      } else {
        out += static_cast<char>(c);
      }
    }
  }
  return out + "\"";
}

int hexDigit(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

bool isOctal(char c) { return c >= '0' && c <= '7'; }

bool unquote(const std::string &text, std::string *out) {
  if (text.size() < 2 || text.front() != text.back() ||
      (text.front() != '"' && text.front() != '\''))
    return false;
  out->clear();
  const size_t end = text.size() - 1; // the closing quote
  for (size_t i = 1; i < end; ++i) {
    if (text[i] != '\\') {
      *out += text[i];
      continue;
    }
    if (++i >= end)
      return false;
    int v = 0, digits = 0;
    switch (char c = text[i]) {
    case 'n': *out += '\n'; break;
    case 'r': *out += '\r'; break;
    case 't': *out += '\t'; break;
    case '"': case '\'': case '\\': *out += c; break;
    case 'x':
      for (; digits < 2 && i + 1 < end && hexDigit(text[i + 1]) >= 0; ++digits)
        v = v * 16 + hexDigit(text[++i]);
      if (!digits)
        return false;
      *out += static_cast<char>(v);
      break;
    default:
      if (!isOctal(c))
        return false;
      for (v = c - '0'; ++digits < 3 && i + 1 < end && isOctal(text[i + 1]);)
        v = v * 8 + (text[++i] - '0');
      *out += static_cast<char>(v);
    }
  }
  return true;
}

std::string trim(const std::string &s) {
  size_t b = s.find_first_not_of(" \t\r");
  size_t e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

std::string formatDouble(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

double now() {
  using namespace std::chrono;
  return duration<double>(system_clock::now().time_since_epoch()).count();
}

// A stored path as a prefix usable from here.
std::string resolve(const std::string &directory, const std::string &path) {
  return !path.empty() && path[0] == '/' ? path
                                         : fileio::joinPath(directory, path);
}

// The path to store for `prefix`: relative when it lies in `directory`
// (as TF2's CheckpointManager stores them), so the directory can move.
std::string relativize(const std::string &directory, const std::string &prefix) {
  const std::string inDirectory =
      fileio::joinPath(directory, fileio::baseName(prefix));
  return prefix == inDirectory ? fileio::baseName(prefix) : prefix;
}

} // namespace

Status readCheckpointState(const std::string &directory,
                           CheckpointState *state) {
  const std::string path = fileio::joinPath(directory, kStateFileName);
  std::string text;
  TFCC_CKPT_RETURN_IF_ERROR(fileio::readFile(path, &text));
  *state = CheckpointState();
  size_t lineNo = 0, start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos)
      end = text.size();
    std::string line = trim(text.substr(start, end - start));
    start = end + 1;
    ++lineNo;
    if (line.empty() || line[0] == '#')
      continue;
    auto bad = [&]() {
      return Status::error(path + ":" + std::to_string(lineNo) +
                           ": cannot parse \"" + line + "\"");
    };
    size_t colon = line.find(':');
    if (colon == std::string::npos)
      return bad();
    std::string field = trim(line.substr(0, colon));
    std::string value = trim(line.substr(colon + 1));
    std::string s;
    if (field == "model_checkpoint_path" || field == "all_model_checkpoint_paths") {
      if (!unquote(value, &s))
        return bad();
      if (field == "model_checkpoint_path")
        state->modelCheckpointPath = s;
      else
        state->allModelCheckpointPaths.push_back(s);
    } else if (field == "all_model_checkpoint_timestamps" ||
               field == "last_preserved_timestamp") {
      char *endp = nullptr;
      double v = std::strtod(value.c_str(), &endp);
      if (value.empty() || *endp != '\0')
        return bad();
      if (field == "last_preserved_timestamp")
        state->lastPreservedTimestamp = v;
      else
        state->allModelCheckpointTimestamps.push_back(v);
    } else {
      return bad();
    }
  }
  return Status();
}

Status writeCheckpointState(const std::string &directory,
                            const CheckpointState &state) {
  std::string text = "model_checkpoint_path: " +
                     quote(state.modelCheckpointPath) + "\n";
  for (const std::string &p : state.allModelCheckpointPaths)
    text += "all_model_checkpoint_paths: " + quote(p) + "\n";
  for (double t : state.allModelCheckpointTimestamps)
    text += "all_model_checkpoint_timestamps: " + formatDouble(t) + "\n";
  if (state.lastPreservedTimestamp != 0)
    text += "last_preserved_timestamp: " +
            formatDouble(state.lastPreservedTimestamp) + "\n";
  return fileio::writeFileAtomically(
      fileio::joinPath(directory, kStateFileName), text);
}

std::string latestCheckpoint(const std::string &directory) {
  CheckpointState state;
  if (!readCheckpointState(directory, &state).ok() ||
      state.modelCheckpointPath.empty())
    return "";
  std::string prefix = resolve(directory, state.modelCheckpointPath);
  // An index (or one a save committed but did not rename) makes it real;
  // temporary files never do.
  if (fileio::exists(indexFileName(prefix)) ||
      fileio::exists(indexFileName(prefix) + kPendingSuffix))
    return prefix;
  return "";
}

Status removeCheckpoint(const std::string &prefix) {
  const std::string dir = fileio::dirName(prefix);
  const std::string base = fileio::baseName(prefix);
  std::vector<std::string> names;
  TFCC_CKPT_RETURN_IF_ERROR(fileio::listDirectory(dir, &names));
  for (const std::string &name : names) {
    if (name.rfind(base + ".index", 0) == 0 ||
        name.rfind(base + ".data-", 0) == 0)
      TFCC_CKPT_RETURN_IF_ERROR(fileio::removeFile(fileio::joinPath(dir, name)));
  }
  return fileio::syncDirectory(dir);
}

CheckpointManager::CheckpointManager(std::string directory, Options options)
    : directory_(std::move(directory)), options_(std::move(options)) {}

Status CheckpointManager::open(const std::string &directory,
                               const Options &options,
                               std::unique_ptr<CheckpointManager> *manager) {
  TFCC_CKPT_RETURN_IF_ERROR(fileio::makeDirectories(directory));
  std::unique_ptr<CheckpointManager> m(
      new CheckpointManager(directory, options));
  if (fileio::exists(fileio::joinPath(directory, kStateFileName))) {
    CheckpointState state;
    TFCC_CKPT_RETURN_IF_ERROR(readCheckpointState(directory, &state));
    const auto &paths = state.allModelCheckpointPaths;
    const auto &times = state.allModelCheckpointTimestamps;
    for (size_t i = 0; i < paths.size(); ++i) {
      std::string prefix = resolve(directory, paths[i]);
      if (!fileio::exists(indexFileName(prefix)))
        continue; // deleted behind our back: nothing to keep or delete
      m->prefixes_.push_back(prefix);
      m->timestamps_.push_back(times.size() == paths.size() ? times[i] : now());
    }
    m->lastPreserved_ = state.lastPreservedTimestamp;
  }
  *manager = std::move(m);
  return Status();
}

Status CheckpointManager::writeState() const {
  CheckpointState state;
  if (!prefixes_.empty())
    state.modelCheckpointPath = relativize(directory_, prefixes_.back());
  for (const std::string &p : prefixes_)
    state.allModelCheckpointPaths.push_back(relativize(directory_, p));
  state.allModelCheckpointTimestamps = timestamps_;
  state.lastPreservedTimestamp = lastPreserved_;
  return writeCheckpointState(directory_, state);
}

Status CheckpointManager::save(int64_t step,
                               const std::vector<NamedTensor> &tensors,
                               std::string *savedPrefix) {
  const std::string prefix =
      fileio::joinPath(directory_, options_.name + "-" + std::to_string(step));
  TFCC_CKPT_RETURN_IF_ERROR(checkpoint::save(prefix, tensors, options_.save));
  auto old = std::find(prefixes_.begin(), prefixes_.end(), prefix);
  if (old != prefixes_.end()) { // saved the same step again: now the newest
    timestamps_.erase(timestamps_.begin() + (old - prefixes_.begin()));
    prefixes_.erase(old);
  }
  prefixes_.push_back(prefix);
  timestamps_.push_back(now());
  std::vector<std::string> expired;
  while (options_.maxToKeep > 0 &&
         prefixes_.size() > static_cast<size_t>(options_.maxToKeep)) {
    expired.push_back(prefixes_.front());
    prefixes_.erase(prefixes_.begin());
    timestamps_.erase(timestamps_.begin());
  }
  TFCC_CKPT_RETURN_IF_ERROR(writeState());
  for (const std::string &p : expired)
    TFCC_CKPT_RETURN_IF_ERROR(removeCheckpoint(p));
  if (savedPrefix)
    *savedPrefix = prefix;
  return Status();
}

std::string CheckpointManager::latest() const {
  return prefixes_.empty() ? "" : prefixes_.back();
}

} // namespace tfcc::checkpoint
