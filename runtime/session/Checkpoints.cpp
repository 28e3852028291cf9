// A session's variables in TensorFlow V2 checkpoints, through
// tfcc_checkpoint.
#include "runtime/checkpoint/CheckpointManager.h"
#include "runtime/checkpoint/Restore.h"
#include "runtime/session/SessionImpl.h"

namespace tfcc {

namespace ckpt = tfcc::checkpoint;

namespace {

Status FromCheckpoint(const ckpt::Status &s, int code) {
  return s.ok() ? Status::OK() : Status(code, s.message());
}

ckpt::Shape ShapeOf(const tfcc_tensor_info &t) {
  return ckpt::Shape(t.dims, t.dims + t.rank);
}

// The variables as the checkpoint library saves them (borrowed: hold the
// writer mutex while the list is used).
std::vector<ckpt::NamedTensor> VariableTensors(const Session::Impl &im) {
  std::vector<ckpt::NamedTensor> tensors;
  for (int v = 0; v < im.model->num_variables; ++v) {
    const tfcc_tensor_info &t = im.model->variables[v];
    tensors.emplace_back(t.name, ckpt::DType(t.dtype), ShapeOf(t),
                         im.variables[size_t(v)]);
  }
  return tensors;
}

} // namespace

void Session::Impl::ReplaceVariables(const void *values) {
  session::ContextPool::ExclusiveLock lock(*pool);
  if (variable_bytes > 0)
    std::memcpy(variable_memory.get(), values, variable_bytes);
}

// Holds the writer mutex while writing: writers wait, inference goes on.
Status Session::Save(const std::string &prefix, const SaveOptions &options) const {
  std::lock_guard<std::mutex> lock(impl_->pool->writer_mutex());
  ckpt::SaveOptions save;
  save.sync = options.sync;
  return FromCheckpoint(ckpt::save(prefix, VariableTensors(*impl_), save),
                        TFCC_INTERNAL);
}

// Reads into a copy of the variable store without any lock (the
// checkpoint library checks everything before it writes anything), then
// swaps the values in under the exclusive lock.
Status Session::Restore(const std::string &prefix, const RestoreOptions &options) {
  Impl &im = *impl_;
  session::AlignedMemory staging;
  if (!session::AllocateAligned(im.variable_bytes, &staging))
    return Status(TFCC_INTERNAL, "cannot allocate " +
                                     std::to_string(im.variable_bytes) +
                                     " bytes to restore " + prefix);
  const char *base = static_cast<const char *>(im.variable_memory.get());
  std::vector<ckpt::RestoreTarget> targets;
  for (int v = 0; v < im.model->num_variables; ++v) {
    const tfcc_tensor_info &t = im.model->variables[v];
    ckpt::RestoreTarget target;
    target.name = t.name;
    target.dtype = ckpt::DType(t.dtype);
    target.shape = ShapeOf(t);
    target.data = static_cast<char *>(staging.get()) +
                  (static_cast<const char *>(im.variables[size_t(v)]) - base);
    target.byteSize = size_t(t.byte_size);
    targets.push_back(std::move(target));
  }
  ckpt::RestoreOptions restore;
  restore.keys = options.keys;
  restore.mapName = options.map_name;
  if (Status s = FromCheckpoint(ckpt::restore(prefix, targets, restore),
                                TFCC_INVALID_ARGUMENT);
      !s.ok())
    return s;
  im.ReplaceVariables(staging.get());
  return Status::OK();
}

Status Session::Impl::RunCheckpoint(const tfcc_signature_info &sig,
                                    const std::string &prefix) {
  const tfcc_checkpoint_plan &plan = *sig.checkpoint;
  if (prefix.empty())
    return Status(TFCC_INVALID_ARGUMENT, "signature '" + std::string(sig.name) +
                                             "': the checkpoint prefix is empty");
  if (plan.kind == TFCC_CHECKPOINT_SAVE) {
    std::lock_guard<std::mutex> lock(pool->writer_mutex());
    std::vector<ckpt::NamedTensor> tensors;
    std::vector<std::string> constants(size_t(plan.num_entries));
    for (int e = 0; e < plan.num_entries; ++e) {
      const tfcc_checkpoint_entry &entry = plan.entries[e];
      if (entry.variable < 0) { // a string scalar, TF2's object graph
        constants[size_t(e)].assign(entry.constant ? entry.constant : "",
                                    size_t(entry.constant_size));
        tensors.emplace_back(entry.key, ckpt::Shape{}, &constants[size_t(e)]);
        continue;
      }
      const int v = entry.variable;
      const tfcc_tensor_info &t = model->variables[v];
      tensors.emplace_back(plan.entries[e].key, ckpt::DType(t.dtype), ShapeOf(t),
                           variables[size_t(v)]);
    }
    return FromCheckpoint(ckpt::save(prefix, tensors, ckpt::SaveOptions()), TFCC_INTERNAL);
  }
  // Restore: read every entry into staging first, so a missing key or a
  // bad checksum leaves all variables as they were.
  std::vector<session::AlignedMemory> staging(size_t(plan.num_entries));
  std::vector<ckpt::RestoreTarget> targets;
  for (int e = 0; e < plan.num_entries; ++e) {
    const tfcc_tensor_info &t = model->variables[plan.entries[e].variable];
    if (!session::AllocateAligned(session::PaddedSize(t), &staging[size_t(e)]))
      return Status(TFCC_INTERNAL, "cannot allocate memory to restore " + prefix);
    ckpt::RestoreTarget target;
    target.name = plan.entries[e].key;
    target.dtype = ckpt::DType(t.dtype);
    target.shape = ShapeOf(t);
    target.data = staging[size_t(e)].get();
    target.byteSize = size_t(t.byte_size);
    targets.push_back(std::move(target));
  }
  if (Status s = FromCheckpoint(ckpt::restore(prefix, targets, ckpt::RestoreOptions()),
                                TFCC_INVALID_ARGUMENT);
      !s.ok())
    return s;
  session::ContextPool::ExclusiveLock lock(*pool);
  for (int e = 0; e < plan.num_entries; ++e) {
    const int v = plan.entries[e].variable;
    std::memcpy(variables[size_t(v)], staging[size_t(e)].get(),
                size_t(model->variables[v].byte_size));
  }
  return Status::OK();
}

struct CheckpointManager::Impl {
  Session *session = nullptr;
  std::unique_ptr<ckpt::CheckpointManager> manager;
};

CheckpointManager::CheckpointManager(std::unique_ptr<Impl> impl)
    : impl_(std::move(impl)) {}
CheckpointManager::~CheckpointManager() = default;

Status CheckpointManager::Open(Session *session, const std::string &directory,
                               const Options &options,
                               std::unique_ptr<CheckpointManager> *manager) {
  auto im = std::make_unique<Impl>();
  im->session = session;
  ckpt::CheckpointManager::Options o;
  o.name = options.name;
  o.maxToKeep = options.max_to_keep;
  o.save.sync = options.sync;
  if (Status s = FromCheckpoint(ckpt::CheckpointManager::open(directory, o, &im->manager),
                                TFCC_INVALID_ARGUMENT);
      !s.ok())
    return s;
  manager->reset(new CheckpointManager(std::move(im)));
  return Status::OK();
}

Status CheckpointManager::Save(int64_t step, std::string *prefix) {
  Session::Impl &session = *impl_->session->impl_;
  std::lock_guard<std::mutex> lock(session.pool->writer_mutex());
  return FromCheckpoint(impl_->manager->save(step, VariableTensors(session), prefix),
                        TFCC_INTERNAL);
}

Status CheckpointManager::RestoreLatest(bool *restored,
                                        const RestoreOptions &options) {
  *restored = false;
  const std::string latest = impl_->manager->latest();
  if (latest.empty())
    return Status::OK();
  Status s = impl_->session->Restore(latest, options);
  *restored = s.ok();
  return s;
}

std::string CheckpointManager::latest() const { return impl_->manager->latest(); }

const std::vector<std::string> &CheckpointManager::checkpoints() const {
  return impl_->manager->checkpoints();
}

} // namespace tfcc
