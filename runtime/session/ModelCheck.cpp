// Checking a model's tables before a session trusts them.
#include "runtime/Dtype.h"
#include "runtime/driver/Report.h"
#include "runtime/session/SessionImpl.h"

#include <cstring>
#include <limits>

namespace tfcc::session {
namespace {

constexpr size_t kAlign = TFCC_BUFFER_ALIGNMENT;

std::string Name(const char *s) { return s ? s : "?"; }

// An empty string when the tensor's entry is consistent, else what is not.
std::string TensorProblem(const tfcc_tensor_info &t) {
  if (!t.name)
    return "has no name";
  const int64_t size = DtypeSize(t.dtype);
  if (size == 0)
    return "has unknown dtype " + std::to_string(t.dtype);
  if (t.rank < 0 || (t.rank > 0 && !t.dims))
    return "has no valid shape";
  int64_t n = 1;
  for (int32_t d = 0; d < t.rank; ++d) {
    if (t.dims[d] < 0 ||
        (t.dims[d] > 0 && n > std::numeric_limits<int64_t>::max() / size / t.dims[d]))
      return "has an invalid shape " + ShapeOf(t);
    n *= t.dims[d];
  }
  if (t.num_elements != n || t.byte_size != n * size)
    return "has shape " + ShapeOf(t) + " but says it has " +
           std::to_string(t.num_elements) + " elements in " +
           std::to_string(t.byte_size) + " bytes";
  return "";
}

Status Bad(const tfcc_model_info &model, const std::string &what) {
  return Status(TFCC_INVALID_ARGUMENT,
                "model '" + Name(model.name) + "': " + what);
}

Status CheckTensors(const tfcc_model_info &model, const std::string &where,
                    const char *kind, const tfcc_tensor_info *tensors,
                    int count) {
  if (count < 0 || (count > 0 && !tensors))
    return Bad(model, where + "has no valid table of " + kind + "s");
  for (int i = 0; i < count; ++i) {
    std::string problem = TensorProblem(tensors[i]);
    if (!problem.empty())
      return Bad(model, where + kind + " " + std::to_string(i) + " '" +
                            Name(tensors[i].name) + "' " + problem);
  }
  return Status::OK();
}

// A checkpoint signature: one string prefix in, the prefix out (saves
// only), and entries that name variables of the model.
Status CheckCheckpointPlan(const tfcc_model_info &model, const std::string &where,
                           const tfcc_signature_info &sig) {
  const tfcc_checkpoint_plan &plan = *sig.checkpoint;
  if (plan.kind != TFCC_CHECKPOINT_SAVE && plan.kind != TFCC_CHECKPOINT_RESTORE)
    return Bad(model, where + "has an unknown checkpoint kind " + std::to_string(plan.kind));
  if (sig.num_args != 1 || !sig.args || sig.args[0].dtype != TFCC_STRING ||
      sig.args[0].rank != 0)
    return Bad(model, where + "must take the checkpoint prefix, one string scalar");
  for (int r = 0; r < sig.num_results; ++r)
    if (plan.kind != TFCC_CHECKPOINT_SAVE || !sig.results ||
        sig.results[r].dtype != TFCC_STRING || sig.results[r].rank != 0)
      return Bad(model, where + "output " + std::to_string(r) +
                            " is not the checkpoint prefix of a save");
  if (plan.num_entries < 0 || (plan.num_entries > 0 && !plan.entries))
    return Bad(model, where + "has no valid table of checkpoint entries");
  for (int e = 0; e < plan.num_entries; ++e) {
    const tfcc_checkpoint_entry &entry = plan.entries[e];
    const bool constant = entry.variable == -1 && plan.kind == TFCC_CHECKPOINT_SAVE &&
                          entry.constant_size >= 0 &&
                          (entry.constant || entry.constant_size == 0);
    if (!entry.key || (!constant && (entry.variable < 0 ||
                                     entry.variable >= model.num_variables)))
      return Bad(model, where + "checkpoint entry " + std::to_string(e) +
                            " names no variable of the model");
  }
  return Status::OK();
}

} // namespace

std::string ShapeOf(const tfcc_tensor_info &t) {
  return driver::ShapeText(t.dims, t.rank);
}

std::string TypeText(int32_t dtype, const int64_t *dims, int rank) {
  return DtypeName(dtype) + driver::ShapeText(dims, rank);
}

bool AllocateAligned(size_t bytes, AlignedMemory *memory) {
  if (bytes == 0) {
    memory->reset();
    return true;
  }
  void *p = std::aligned_alloc(kAlign, bytes);
  if (!p)
    return false;
  std::memset(p, 0, bytes);
  memory->reset(p);
  return true;
}

size_t PaddedSize(const tfcc_tensor_info &t) {
  const size_t bytes = t.byte_size > 0 ? size_t(t.byte_size) : 0;
  return bytes == 0 ? kAlign : (bytes + kAlign - 1) / kAlign * kAlign;
}

Status ValidateModel(const tfcc_model_info &model) {
  if (model.abi_version != TFCC_ABI_VERSION)
    return Bad(model, "compiled for tfcc ABI version " +
                          std::to_string(model.abi_version) +
                          ", this runtime expects version " +
                          std::to_string(TFCC_ABI_VERSION));
  if (model.num_signatures < 0 || (model.num_signatures > 0 && !model.signatures))
    return Bad(model, "has no valid table of signatures");
  for (int s = 0; s < model.num_signatures; ++s) {
    const tfcc_signature_info &sig = model.signatures[s];
    const std::string where = "signature '" + Name(sig.name) + "': ";
    if (!sig.name || (!sig.entry && !sig.checkpoint))
      return Bad(model, where + "has no " + (sig.name ? "entry function" : "name"));
    if (sig.checkpoint)
      if (Status st = CheckCheckpointPlan(model, where, sig); !st.ok())
        return st;
    if (sig.arena_size < 0)
      return Bad(model, where + "has a negative arena size");
    if (Status st = CheckTensors(model, where, "input", sig.args, sig.num_args); !st.ok())
      return st;
    if (Status st = CheckTensors(model, where, "output", sig.results, sig.num_results);
        !st.ok())
      return st;
    if (sig.num_targets < 0 || (sig.num_targets > 0 && !sig.targets))
      return Bad(model, where + "has no valid table of targets");
    for (int t = 0; t < sig.num_targets; ++t)
      if (!sig.targets[t])
        return Bad(model, where + "target " + std::to_string(t) + " has no name");
  }
  if (Status st = CheckTensors(model, "", "variable", model.variables,
                               model.num_variables);
      !st.ok())
    return st;
  for (int v = 0; v < model.num_variables; ++v)
    for (int w = 0; w < v; ++w)
      if (std::strcmp(model.variables[v].name, model.variables[w].name) == 0)
        return Bad(model, "variable '" + Name(model.variables[v].name) +
                              "' appears twice");
  return Status::OK();
}

} // namespace tfcc::session
