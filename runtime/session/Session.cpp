// tfcc::Session: opening a model, running signatures, variables by name.
#include "runtime/session/Library.h"
#include "runtime/session/Select.h"
#include "runtime/session/SessionImpl.h"

#include <algorithm>
#include <cstring>
#include <optional>

namespace tfcc {

using session::ContextPool;
using session::ExecContext;

namespace {

constexpr size_t kAlign = TFCC_BUFFER_ALIGNMENT;

Status Invalid(std::string message) {
  return Status(TFCC_INVALID_ARGUMENT, std::move(message));
}

std::string Names(const char *const *names, int count) {
  std::string s;
  for (int i = 0; i < count; ++i)
    s += (i ? ", " : "") + std::string(names[i]);
  return s;
}

std::string ArgNames(const tfcc_signature_info &sig) {
  std::string s;
  for (int i = 0; i < sig.num_args; ++i)
    s += (i ? ", " : "") + std::string(sig.args[i].name);
  return s.empty() ? "none" : s;
}

bool SameType(const tfcc_tensor_info &t, const Tensor &value) {
  if (value.dtype() != t.dtype || value.rank() != t.rank)
    return false;
  for (int d = 0; d < t.rank; ++d)
    if (value.shape()[size_t(d)] != t.dims[d])
      return false;
  return true;
}

// `kind` is "feed" or "variable"; the message is only built on a mismatch.
Status CheckValue(const tfcc_tensor_info &t, const char *kind,
                  const char *name, const Tensor &value) {
  if (SameType(t, value))
    return Status::OK();
  return Invalid(std::string(kind) + " '" + name + "': expected " +
                 session::TypeText(t.dtype, t.dims, t.rank) + ", got " +
                 value.DebugString());
}

// The tensor in `*out` when a run may write it in place, else a new one.
void PrepareOutput(const tfcc_tensor_info &t, Tensor *out) {
  if (!out->Reusable(t.dtype, t.dims, t.rank))
    *out = Tensor(tfcc_dtype(t.dtype), std::vector<int64_t>(t.dims, t.dims + t.rank));
}

// A context for one run: shared, or owned under the exclusive lock when
// the signature writes variables. Given back on every path out.
class RunScope {
public:
  RunScope(ContextPool &pool, bool writes) : pool_(pool) {
    if (writes) {
      lock_.emplace(pool);
      context_ = pool.AcquireOwned();
    } else {
      context_ = pool.AcquireShared();
    }
  }
  ~RunScope() {
    if (context_)
      pool_.Release(context_);
  }
  ExecContext *context() const { return context_; }

private:
  ContextPool &pool_;
  std::optional<ContextPool::ExclusiveLock> lock_; // released after context_
  ExecContext *context_ = nullptr;
};

} // namespace

// Runs signature `s` once its feeds are checked. `for_each_feed(bind)`
// calls bind(arg index, tensor) for every arg; `result_of(k)` is the result
// that output k fetches.
template <typename ForEachFeed, typename ResultOf>
static Status Execute(Session::Impl &im, int s, ForEachFeed for_each_feed,
                      size_t num_outputs, ResultOf result_of,
                      std::vector<Tensor> *outputs, const RunOptions &options) {
  const tfcc_signature_info &sig = im.model->signatures[s];
  if (sig.checkpoint) { // no entry function: the runtime saves or restores
    std::string prefix;
    for_each_feed([&](int, const Tensor &t) { prefix = t.StringAt(0); });
    if (Status st = im.RunCheckpoint(sig, prefix); !st.ok()) {
      outputs->clear();
      return st;
    }
    outputs->assign(num_outputs, Tensor::FromString(prefix));
    return Status::OK();
  }
  const Session::Impl::Layout &layout = im.layouts[size_t(s)];
  RunScope scope(*im.pool, sig.writes_variables != 0);
  ExecContext *c = scope.context();
  if (!c)
    return Status(TFCC_INTERNAL, "cannot allocate an execution context for "
                                 "signature '" + std::string(sig.name) + "'");
  // Aligned feeds are read where they lie; others are copied.
  for_each_feed([&](int a, const Tensor &t) {
    if (reinterpret_cast<uintptr_t>(t.data()) % kAlign == 0) {
      c->args[size_t(a)] = const_cast<void *>(t.data());
    } else {
      char *dst = c->scratch + layout.arg_offsets[size_t(a)];
      std::memcpy(dst, t.data(), t.byte_size());
      c->args[size_t(a)] = dst;
    }
  });
  // Fetched results are written straight into the outputs; the others go
  // to scratch.
  for (int r = 0; r < sig.num_results; ++r)
    c->fetch_of[size_t(r)] = -1;
  outputs->resize(num_outputs);
  for (size_t k = 0; k < num_outputs; ++k) {
    const int r = result_of(k);
    if (c->fetch_of[size_t(r)] >= 0)
      continue; // fetched twice: shared after the run
    PrepareOutput(sig.results[r], &(*outputs)[k]);
    c->fetch_of[size_t(r)] = int32_t(k);
    c->results[size_t(r)] = (*outputs)[k].data();
  }
  for (int r = 0; r < sig.num_results; ++r)
    if (c->fetch_of[size_t(r)] < 0)
      c->results[size_t(r)] = c->scratch + layout.result_offsets[size_t(r)];

  tfcc_call_frame frame{c->args.data(), c->results.data(),
                        im.variables.data(), c->arena,
                        options.runtime ? options.runtime : c->runtime, nullptr};
  const int32_t code = sig.entry(&frame);
  if (code != TFCC_OK) {
    outputs->clear();
    return Status(code, frame.message ? std::string(frame.message)
                                      : "signature '" + std::string(sig.name) +
                                            "' failed with code " +
                                            std::to_string(code));
  }
  for (size_t k = 0; k < num_outputs; ++k) {
    const int32_t first = c->fetch_of[size_t(result_of(k))];
    if (size_t(first) != k)
      (*outputs)[k] = (*outputs)[size_t(first)];
  }
  return Status::OK();
}

Session::Session(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Session::~Session() = default;

const tfcc_model_info &Session::model() const { return *impl_->model; }

// Checks the model and lays out its variables and execution contexts.
static Status OpenModel(const tfcc_model_info &model,
                        const SessionOptions &options,
                        std::unique_ptr<Session::Impl> *out) {
  if (Status s = session::ValidateModel(model); !s.ok())
    return s;
  auto im = std::make_unique<Session::Impl>();
  im->model = &model;

  std::vector<size_t> offsets;
  for (int v = 0; v < model.num_variables; ++v) {
    offsets.push_back(im->variable_bytes);
    im->variable_bytes += session::PaddedSize(model.variables[v]);
  }
  if (!session::AllocateAligned(im->variable_bytes, &im->variable_memory))
    return Status(TFCC_INTERNAL, "model '" + std::string(model.name ? model.name : "?") +
                                     "': cannot allocate " +
                                     std::to_string(im->variable_bytes) +
                                     " bytes for its variables");
  for (size_t off : offsets)
    im->variables.push_back(static_cast<char *>(im->variable_memory.get()) + off);

  session::ContextSizes sizes;
  sizes.num_threads = options.num_threads;
  for (int s = 0; s < model.num_signatures; ++s) {
    const tfcc_signature_info &sig = model.signatures[s];
    Session::Impl::Layout layout;
    size_t scratch = 0;
    for (int i = 0; i < sig.num_args; ++i) {
      layout.arg_offsets.push_back(scratch);
      scratch += session::PaddedSize(sig.args[i]);
    }
    for (int i = 0; i < sig.num_results; ++i) {
      layout.result_offsets.push_back(scratch);
      scratch += session::PaddedSize(sig.results[i]);
    }
    im->layouts.push_back(std::move(layout));
    sizes.scratch_bytes = std::max(sizes.scratch_bytes, scratch);
    sizes.arena_bytes = std::max(sizes.arena_bytes,
                                 (size_t(sig.arena_size) + kAlign - 1) / kAlign * kAlign);
    sizes.max_args = std::max(sizes.max_args, sig.num_args);
    sizes.max_results = std::max(sizes.max_results, sig.num_results);
  }
  im->pool = std::make_unique<ContextPool>(sizes);
  *out = std::move(im);
  return Status::OK();
}

Status Session::Open(const tfcc_model_info &model,
                     std::unique_ptr<Session> *session,
                     const SessionOptions &options) {
  std::unique_ptr<Impl> im;
  if (Status s = OpenModel(model, options, &im); !s.ok())
    return s;
  std::unique_ptr<Session> opened(new Session(std::move(im)));
  if (options.run_init) {
    const int init = opened->SignatureIndex("init");
    if (init >= 0) {
      const tfcc_signature_info &sig = model.signatures[init];
      if (sig.num_args > 0)
        return Invalid("signature 'init' takes inputs (" + ArgNames(sig) +
                       "): open with run_init = false and run it with "
                       "RunSignature");
      std::vector<Tensor> ignored;
      if (Status s = opened->RunSignature(init, {}, &ignored); !s.ok())
        return Status(s.code(), "signature 'init' failed: " + s.message());
    }
  }
  *session = std::move(opened);
  return Status::OK();
}

Status Session::OpenLibrary(const std::string &path,
                            std::unique_ptr<Session> *session,
                            const SessionOptions &options) {
  std::shared_ptr<void> library;
  const tfcc_model_info *model = nullptr;
  if (Status s = session::LoadModelLibrary(path, &library, &model); !s.ok())
    return s;
  std::unique_ptr<Session> opened;
  if (Status s = Open(*model, &opened, options); !s.ok())
    return Status(s.code(), path + ": " + s.message());
  opened->impl_->library = std::move(library);
  *session = std::move(opened);
  return Status::OK();
}

int Session::SignatureIndex(const std::string &name) const {
  for (int s = 0; s < impl_->model->num_signatures; ++s)
    if (name == impl_->model->signatures[s].name)
      return s;
  return -1;
}

Status Session::FindSignature(const std::vector<std::string> &feeds,
                              const std::vector<std::string> &fetches,
                              const std::vector<std::string> &targets,
                              int *index) const {
  return session::SelectSignature(*impl_->model, feeds, fetches, targets, index);
}

Status Session::Run(const Feeds &feeds, const std::vector<std::string> &fetches,
                    const std::vector<std::string> &targets,
                    std::vector<Tensor> *outputs, const RunOptions &options) {
  if (!outputs)
    return Invalid("Session::Run: outputs is null");
  int s;
  if (Status st = session::SelectSignature(*impl_->model, feeds, fetches,
                                           targets, &s);
      !st.ok())
    return st;
  const tfcc_signature_info &sig = impl_->model->signatures[s];
  for (const auto &[name, value] : feeds) {
    const int a = session::FindTensor(sig.args, sig.num_args, name);
    if (Status st = CheckValue(sig.args[a], "feed", name.c_str(), value); !st.ok())
      return st;
  }
  return Execute(
      *impl_, s,
      [&](auto bind) {
        for (const auto &[name, value] : feeds)
          bind(session::FindTensor(sig.args, sig.num_args, name), value);
      },
      fetches.size(),
      [&](size_t k) {
        return session::FindTensor(sig.results, sig.num_results, fetches[k]);
      },
      outputs, options);
}

Status Session::RunSignature(const std::string &name, const Feeds &feeds,
                             std::vector<Tensor> *outputs,
                             const RunOptions &options) {
  const tfcc_model_info &model = *impl_->model;
  const int s = SignatureIndex(name);
  if (s < 0) {
    std::vector<const char *> names;
    for (int i = 0; i < model.num_signatures; ++i)
      names.push_back(model.signatures[i].name);
    return Invalid("unknown signature '" + name + "': the model's signatures are " +
                   (names.empty() ? "none" : Names(names.data(), int(names.size()))));
  }
  const tfcc_signature_info &sig = model.signatures[s];
  // Feeds by name into the signature's order, each checked.
  std::vector<Tensor> args(size_t(sig.num_args));
  for (const auto &[feed, value] : feeds) {
    const int a = session::FindTensor(sig.args, sig.num_args, feed);
    if (a < 0)
      return Invalid("unknown feed '" + feed + "' for signature '" + name +
                     "' (its inputs: " + ArgNames(sig) + ")");
    if (args[size_t(a)].valid())
      return Invalid("feed '" + feed + "' is given twice");
    if (!value.valid())
      return Invalid("feed '" + feed + "' is not a valid tensor");
    args[size_t(a)] = value;
  }
  return RunSignature(s, args, outputs, options);
}

Status Session::RunSignature(int s, const std::vector<Tensor> &args,
                             std::vector<Tensor> *outputs,
                             const RunOptions &options) {
  const tfcc_model_info &model = *impl_->model;
  if (!outputs)
    return Invalid("Session::RunSignature: outputs is null");
  if (s < 0 || s >= model.num_signatures)
    return Invalid("signature index " + std::to_string(s) +
                   " is out of range: the model has " +
                   std::to_string(model.num_signatures));
  const tfcc_signature_info &sig = model.signatures[s];
  if (args.size() > size_t(sig.num_args))
    return Invalid("signature '" + std::string(sig.name) + "' takes " +
                   std::to_string(sig.num_args) + " inputs, got " +
                   std::to_string(args.size()));
  for (int a = 0; a < sig.num_args; ++a) {
    const tfcc_tensor_info &t = sig.args[a];
    if (size_t(a) >= args.size() || !args[size_t(a)].valid())
      return Invalid("signature '" + std::string(sig.name) + "' needs feed '" +
                     t.name + "' (" + session::TypeText(t.dtype, t.dims, t.rank) +
                     ")");
    if (Status st = CheckValue(t, "feed", t.name, args[size_t(a)]); !st.ok())
      return st;
  }
  return Execute(
      *impl_, s,
      [&](auto bind) {
        for (int a = 0; a < sig.num_args; ++a)
          bind(a, args[size_t(a)]);
      },
      size_t(sig.num_results), [](size_t k) { return int(k); }, outputs,
      options);
}

int Session::Impl::VariableIndex(const std::string &name) const {
  return session::FindTensor(model->variables, model->num_variables, name);
}

static Status UnknownVariable(const tfcc_model_info &model,
                              const std::string &name) {
  std::vector<const char *> names;
  for (int v = 0; v < model.num_variables; ++v)
    names.push_back(model.variables[v].name);
  return Invalid("unknown variable '" + name + "': " +
                 (names.empty() ? std::string("the model has no variables")
                                : "the model's variables are " +
                                      Names(names.data(), int(names.size()))));
}

Status Session::ReadVariable(const std::string &name, Tensor *value) const {
  const int v = impl_->VariableIndex(name);
  if (v < 0)
    return UnknownVariable(*impl_->model, name);
  if (!value)
    return Invalid("Session::ReadVariable: value is null");
  const tfcc_tensor_info &t = impl_->model->variables[v];
  PrepareOutput(t, value);
  std::lock_guard<std::mutex> lock(impl_->pool->writer_mutex());
  std::memcpy(value->data(), impl_->variables[size_t(v)], size_t(t.byte_size));
  return Status::OK();
}

Status Session::AssignVariable(const std::string &name, const Tensor &value) {
  const int v = impl_->VariableIndex(name);
  if (v < 0)
    return UnknownVariable(*impl_->model, name);
  const tfcc_tensor_info &t = impl_->model->variables[v];
  if (Status s = CheckValue(t, "variable", name.c_str(), value); !s.ok())
    return s;
  ContextPool::ExclusiveLock lock(*impl_->pool);
  std::memcpy(impl_->variables[size_t(v)], value.data(), size_t(t.byte_size));
  return Status::OK();
}

} // namespace tfcc
