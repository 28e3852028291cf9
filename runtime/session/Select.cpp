#include "runtime/session/Select.h"

#include <cstring>

namespace tfcc::session {
namespace {

// Length of a name without a trailing ":0".
size_t StrippedLength(const char *name, size_t n) {
  return n >= 2 && name[n - 2] == ':' && name[n - 1] == '0' ? n - 2 : n;
}

bool Contains(NameList names, const char *name) {
  for (size_t i = 0; i < names.size(); ++i)
    if (SameName(name, names[i]))
      return true;
  return false;
}

bool HasTarget(const tfcc_signature_info &s, const std::string &name) {
  for (int i = 0; i < s.num_targets; ++i)
    if (SameName(s.targets[i], name))
      return true;
  return false;
}

// How far a signature is from a request; all zero when it runs it.
struct Mismatch {
  std::vector<std::string> unfed_args, foreign_feeds, missing_fetches,
      missing_targets, extra_targets;

  size_t total() const {
    return unfed_args.size() + foreign_feeds.size() + missing_fetches.size() +
           missing_targets.size() + extra_targets.size();
  }
};

// Whether `s` runs exactly this request: every arg fed and nothing else,
// every fetch among its results, exactly the targets asked for.
bool Runs(const tfcc_signature_info &s, NameList feeds, NameList fetches,
          NameList targets) {
  if (feeds.size() != size_t(s.num_args))
    return false; // feeds are distinct, so this is necessary
  for (size_t i = 0; i < feeds.size(); ++i)
    if (FindTensor(s.args, s.num_args, feeds[i]) < 0)
      return false;
  for (size_t i = 0; i < fetches.size(); ++i)
    if (FindTensor(s.results, s.num_results, fetches[i]) < 0)
      return false;
  for (size_t i = 0; i < targets.size(); ++i)
    if (!HasTarget(s, targets[i]))
      return false;
  for (int i = 0; i < s.num_targets; ++i)
    if (!Contains(targets, s.targets[i]))
      return false;
  return true;
}

Mismatch Compare(const tfcc_signature_info &s, NameList feeds,
                 NameList fetches, NameList targets) {
  Mismatch m;
  for (int i = 0; i < s.num_args; ++i)
    if (!Contains(feeds, s.args[i].name))
      m.unfed_args.push_back(s.args[i].name);
  for (size_t i = 0; i < feeds.size(); ++i)
    if (FindTensor(s.args, s.num_args, feeds[i]) < 0)
      m.foreign_feeds.push_back(feeds[i]);
  for (size_t i = 0; i < fetches.size(); ++i)
    if (FindTensor(s.results, s.num_results, fetches[i]) < 0)
      m.missing_fetches.push_back(fetches[i]);
  for (size_t i = 0; i < targets.size(); ++i)
    if (!HasTarget(s, targets[i]))
      m.missing_targets.push_back(targets[i]);
  for (int i = 0; i < s.num_targets; ++i)
    if (!Contains(targets, s.targets[i]))
      m.extra_targets.push_back(s.targets[i]);
  return m;
}

std::string Join(const std::vector<std::string> &names) {
  std::string s;
  for (const std::string &n : names)
    s += (s.empty() ? "" : ", ") + n;
  return s;
}

std::string Bracketed(NameList names) {
  std::vector<std::string> v;
  for (size_t i = 0; i < names.size(); ++i)
    v.push_back(names[i]);
  return "[" + Join(v) + "]";
}

void AddUnique(std::vector<std::string> *names, const char *name) {
  for (const std::string &n : *names)
    if (SameName(name, n))
      return;
  names->push_back(name);
}

enum class Kind { kFeed, kFetch, kTarget };

// Every name of one kind in the model, for "unknown ..." messages.
std::vector<std::string> ModelNames(const tfcc_model_info &model, Kind kind) {
  std::vector<std::string> names;
  for (int s = 0; s < model.num_signatures; ++s) {
    const tfcc_signature_info &sig = model.signatures[s];
    if (kind == Kind::kFeed)
      for (int i = 0; i < sig.num_args; ++i)
        AddUnique(&names, sig.args[i].name);
    if (kind == Kind::kFetch)
      for (int i = 0; i < sig.num_results; ++i)
        AddUnique(&names, sig.results[i].name);
    if (kind == Kind::kTarget)
      for (int i = 0; i < sig.num_targets; ++i)
        AddUnique(&names, sig.targets[i]);
  }
  return names;
}

bool Known(const tfcc_model_info &model, Kind kind, const std::string &name) {
  for (int s = 0; s < model.num_signatures; ++s) {
    const tfcc_signature_info &sig = model.signatures[s];
    if ((kind == Kind::kFeed && FindTensor(sig.args, sig.num_args, name) >= 0) ||
        (kind == Kind::kFetch &&
         FindTensor(sig.results, sig.num_results, name) >= 0) ||
        (kind == Kind::kTarget && HasTarget(sig, name)))
      return true;
  }
  return false;
}

Status Invalid(std::string message) {
  return Status(TFCC_INVALID_ARGUMENT, std::move(message));
}

// The first name of `names` that no signature knows, as an error.
Status CheckKnown(const tfcc_model_info &model, Kind kind, NameList names) {
  static const char *const kWhat[] = {"feed", "fetch", "target"};
  static const char *const kPlural[] = {"inputs", "outputs", "targets"};
  const int k = int(kind);
  for (size_t i = 0; i < names.size(); ++i) {
    if (Known(model, kind, names[i]))
      continue;
    std::vector<std::string> all = ModelNames(model, kind);
    return Invalid("unknown " + std::string(kWhat[k]) + " '" + names[i] +
                   "': " +
                   (all.empty() ? "the model has no " + std::string(kPlural[k])
                                : "the model's " + std::string(kPlural[k]) +
                                      " are " + Join(all)));
  }
  return Status::OK();
}

// Says what the signature nearest to the request lacks.
Status NoSignature(const tfcc_model_info &model, NameList feeds,
                   NameList fetches, NameList targets) {
  int best = 0;
  Mismatch best_m = Compare(model.signatures[0], feeds, fetches, targets);
  for (int s = 1; s < model.num_signatures; ++s) {
    Mismatch m = Compare(model.signatures[s], feeds, fetches, targets);
    if (m.total() < best_m.total()) {
      best = s;
      best_m = std::move(m);
    }
  }
  std::vector<std::string> why;
  auto add = [&why](const std::vector<std::string> &names, const char *text,
                    const char *after) {
    if (!names.empty())
      why.push_back(text + ("[" + Join(names) + "]") + after);
  };
  add(best_m.unfed_args, "needs feeds ", " that were not given");
  add(best_m.foreign_feeds, "does not take feeds ", "");
  add(best_m.missing_fetches, "does not compute fetches ", "");
  add(best_m.missing_targets, "does not run targets ", "");
  add(best_m.extra_targets, "also runs targets ", ", which were not asked for");
  std::string reasons;
  for (size_t i = 0; i < why.size(); ++i)
    reasons += (i == 0 ? "" : i + 1 == why.size() ? " and " : ", ") + why[i];
  return Invalid("no signature matches feeds " + Bracketed(feeds) +
                 ", fetches " + Bracketed(fetches) + " and targets " +
                 Bracketed(targets) + ": the closest, '" +
                 model.signatures[best].name + "', " + reasons);
}

} // namespace

// On Run()'s path for every name of every signature: one pass, no strlen.
bool SameName(const char *table_name, const std::string &name) {
  if (!table_name)
    return false;
  const size_t n = StrippedLength(name.data(), name.size());
  size_t i = 0;
  for (; i < n; ++i)
    if (table_name[i] != name[i] || table_name[i] == '\0')
      return false;
  const char *rest = table_name + i;
  return rest[0] == '\0' || (rest[0] == ':' && rest[1] == '0' && rest[2] == '\0');
}

int FindTensor(const tfcc_tensor_info *tensors, int count,
               const std::string &name) {
  for (int i = 0; i < count; ++i)
    if (SameName(tensors[i].name, name))
      return i;
  return -1;
}

Status SelectSignature(const tfcc_model_info &model, NameList feeds,
                       NameList fetches, NameList targets, int *index) {
  for (size_t i = 0; i < feeds.size(); ++i)
    for (size_t j = 0; j < i; ++j)
      if (SameName(feeds[j].c_str(), feeds[i]))
        return Invalid("feed '" + feeds[i] + "' is given twice");
  int best = -1;
  for (int s = 0; s < model.num_signatures; ++s) {
    const tfcc_signature_info &sig = model.signatures[s];
    if (!Runs(sig, feeds, fetches, targets))
      continue;
    // Prefer a signature that leaves the variables alone, then less work.
    if (best < 0 ||
        (model.signatures[best].writes_variables && !sig.writes_variables) ||
        (!model.signatures[best].writes_variables == !sig.writes_variables &&
         sig.num_results < model.signatures[best].num_results))
      best = s;
  }
  if (best >= 0) {
    *index = best;
    return Status::OK();
  }
  if (model.num_signatures <= 0)
    return Invalid("model '" + std::string(model.name ? model.name : "?") +
                   "' has no signatures");
  if (Status s = CheckKnown(model, Kind::kFeed, feeds); !s.ok())
    return s;
  if (Status s = CheckKnown(model, Kind::kFetch, fetches); !s.ok())
    return s;
  if (Status s = CheckKnown(model, Kind::kTarget, targets); !s.ok())
    return s;
  return NoSignature(model, feeds, fetches, targets);
}

} // namespace tfcc::session
