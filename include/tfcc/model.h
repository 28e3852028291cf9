// tfcc/model.h: a header-only C++17 wrapper that runs a compiled model.
//
// CompiledModel owns every buffer a model's signatures read and write
// (args, results, variables, one arena), laid out once in the constructor,
// so Run() allocates nothing. The headers that `tfcc compile` generates
// derive from it and add typed accessors; users may also drive any
// tfcc_model_info through it directly:
//
//   tfcc::CompiledModel model(mymodel_info, runtime);
//   std::memcpy(model.arg_data(0, 0), input, bytes);
//   tfcc::Status s = model.Run();
//   if (!s.ok()) std::cerr << s.message() << "\n";
//
// A CompiledModel serves one Run() at a time: concurrent callers each create
// their own (variables are then per instance).
#ifndef TFCC_MODEL_H
#define TFCC_MODEL_H

#include "tfcc/abi.h"
#include "tfcc/runtime.h"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace tfcc {

// A status code (tfcc_status_code, TensorFlow's numbering) and a message.
// Constructing or copying an OK status allocates nothing.
class Status {
public:
  Status() = default;
  Status(int code, std::string message)
      : code_(code), message_(std::move(message)) {}
  static Status OK() { return Status(); }

  bool ok() const { return code_ == TFCC_OK; }
  int code() const { return code_; }
  const std::string &message() const { return message_; }

private:
  int code_ = TFCC_OK;
  std::string message_;
};

class CompiledModel {
public:
  // Checks the model's ABI version and allocates its buffers, 64-byte
  // aligned and zeroed. Failures do not throw: status() says what went
  // wrong and Run() returns it. `runtime` (may be null: kernels then run on
  // the calling thread) must outlive the model.
  explicit CompiledModel(const tfcc_model_info &info,
                         tfcc_runtime *runtime = nullptr)
      : info_(&info), runtime_(runtime) {
    if (info.abi_version != TFCC_ABI_VERSION) {
      status_ = Status(TFCC_INVALID_ARGUMENT,
                       "model '" + Name(info.name) +
                           "' was compiled for tfcc ABI version " +
                           std::to_string(info.abi_version) +
                           ", this code expects version " +
                           std::to_string(TFCC_ABI_VERSION));
      return;
    }
    Allocate();
  }

  CompiledModel(const CompiledModel &) = delete;
  CompiledModel &operator=(const CompiledModel &) = delete;
  CompiledModel(CompiledModel &&) noexcept = default;
  CompiledModel &operator=(CompiledModel &&) noexcept = default;
  ~CompiledModel() = default;

  const Status &status() const { return status_; }

  // Runs one signature on the buffers as they are; results are in
  // result_data() afterwards.
  Status Run(int signature = 0) {
    if (!status_.ok())
      return status_;
    if (signature < 0 || signature >= int(signatures_.size()))
      return Status(TFCC_INVALID_ARGUMENT,
                    "signature index " + std::to_string(signature) +
                        " is out of range: model '" + Name(info_->name) +
                        "' has " + std::to_string(signatures_.size()));
    const tfcc_signature_info &sig = info_->signatures[signature];
    if (sig.checkpoint)
      return Status(TFCC_INVALID_ARGUMENT,
                    "signature '" + Name(sig.name) +
                        "' saves or restores a checkpoint: run it through "
                        "tfcc::Session");
    Buffers &b = signatures_[size_t(signature)];
    tfcc_call_frame frame{b.args.data(), b.results.data(),
                          variables_.data(), arena_, runtime_, nullptr};
    int32_t code = sig.entry(&frame);
    if (code == TFCC_OK)
      return Status::OK();
    return Status(code, frame.message ? std::string(frame.message)
                                      : "signature '" + Name(sig.name) +
                                            "' failed with code " +
                                            std::to_string(code));
  }

  int num_signatures() const { return int(signatures_.size()); }

  // Indices by name, -1 when absent. A tensor name also matches with ":0"
  // appended ("x:0" finds the feed "x").
  int signature_index(const char *name) const {
    for (int i = 0; i < num_signatures(); ++i)
      if (Matches(info_->signatures[i].name, name))
        return i;
    return -1;
  }
  int arg_index(int sig, const char *name) const {
    if (!ValidSignature(sig))
      return -1;
    const tfcc_signature_info &s = info_->signatures[sig];
    return Find(s.args, s.num_args, name);
  }
  int result_index(int sig, const char *name) const {
    if (!ValidSignature(sig))
      return -1;
    const tfcc_signature_info &s = info_->signatures[sig];
    return Find(s.results, s.num_results, name);
  }
  int variable_index(const char *name) const {
    return Find(info_->variables, int(variables_.size()), name);
  }

  // Buffer pointers, null for an index out of range.
  void *arg_data(int sig, int i) {
    return ValidSignature(sig) ? At(signatures_[size_t(sig)].args, i)
                               : nullptr;
  }
  void *result_data(int sig, int i) {
    return ValidSignature(sig) ? At(signatures_[size_t(sig)].results, i)
                               : nullptr;
  }
  void *variable_data(int i) { return At(variables_, i); }
  const void *arg_data(int sig, int i) const {
    return const_cast<CompiledModel *>(this)->arg_data(sig, i);
  }
  const void *result_data(int sig, int i) const {
    return const_cast<CompiledModel *>(this)->result_data(sig, i);
  }
  const void *variable_data(int i) const {
    return const_cast<CompiledModel *>(this)->variable_data(i);
  }

  const tfcc_model_info &info() const { return *info_; }
  tfcc_runtime *runtime() const { return runtime_; }

private:
  struct Buffers {
    std::vector<void *> args, results;
  };
  struct FreeDeleter {
    void operator()(void *p) const { std::free(p); }
  };
  // A buffer placed in the one allocation; tensors with the same name, dtype
  // and shape on the same side (args or results) share it.
  struct Placement {
    const tfcc_tensor_info *tensor;
    size_t offset;
  };

  static constexpr size_t kAlign = TFCC_BUFFER_ALIGNMENT;

  static std::string Name(const char *s) { return s ? s : "?"; }
  static bool Matches(const char *have, const char *want) {
    if (!have || !want)
      return false;
    size_t n = std::strlen(have);
    return std::strcmp(have, want) == 0 ||
           (std::strncmp(have, want, n) == 0 && std::strcmp(want + n, ":0") == 0);
  }
  static int Find(const tfcc_tensor_info *tensors, int count,
                  const char *name) {
    for (int i = 0; i < count; ++i)
      if (Matches(tensors[i].name, name))
        return i;
    return -1;
  }
  static bool SameTensor(const tfcc_tensor_info &a, const tfcc_tensor_info &b) {
    if (!a.name || !b.name || std::strcmp(a.name, b.name) != 0 ||
        a.dtype != b.dtype || a.rank != b.rank)
      return false;
    for (int32_t d = 0; d < a.rank; ++d)
      if (a.dims[d] != b.dims[d])
        return false;
    return true;
  }
  static size_t PaddedSize(const tfcc_tensor_info &t) {
    // Every buffer gets at least one aligned block, so even an empty
    // tensor has a distinct, valid pointer.
    size_t bytes = t.byte_size > 0 ? size_t(t.byte_size) : 0;
    return bytes == 0 ? kAlign : (bytes + kAlign - 1) / kAlign * kAlign;
  }
  static size_t Place(std::vector<Placement> &placed, size_t &total,
                      const tfcc_tensor_info &t) {
    for (const Placement &p : placed)
      if (SameTensor(*p.tensor, t))
        return p.offset;
    placed.push_back({&t, total});
    total += PaddedSize(t);
    return placed.back().offset;
  }
  bool ValidSignature(int sig) const {
    return sig >= 0 && sig < num_signatures();
  }
  template <typename T> static T At(const std::vector<T> &v, int i) {
    return i >= 0 && size_t(i) < v.size() ? v[size_t(i)] : nullptr;
  }

  void Allocate() {
    const tfcc_model_info &info = *info_;
    const int num_sigs = info.num_signatures > 0 ? info.num_signatures : 0;
    const int num_vars = info.num_variables > 0 ? info.num_variables : 0;
    for (int i = 0; i < num_sigs; ++i) {
      if (!info.signatures[i].entry && !info.signatures[i].checkpoint) {
        status_ = Status(TFCC_INVALID_ARGUMENT,
                         "model '" + Name(info.name) + "': signature '" +
                             Name(info.signatures[i].name) +
                             "' has no entry function");
        return;
      }
    }
    // First the offsets of every buffer, then one allocation for all.
    std::vector<Placement> arg_buffers, result_buffers;
    std::vector<std::vector<size_t>> arg_offsets(static_cast<size_t>(num_sigs));
    std::vector<std::vector<size_t>> result_offsets(static_cast<size_t>(num_sigs));
    std::vector<size_t> var_offsets;
    size_t total = 0;
    int64_t arena_size = 0;
    for (int i = 0; i < num_sigs; ++i) {
      const tfcc_signature_info &s = info.signatures[i];
      for (int j = 0; j < s.num_args; ++j)
        arg_offsets[size_t(i)].push_back(Place(arg_buffers, total, s.args[j]));
      for (int j = 0; j < s.num_results; ++j)
        result_offsets[size_t(i)].push_back(
            Place(result_buffers, total, s.results[j]));
      if (s.arena_size > arena_size)
        arena_size = s.arena_size;
    }
    for (int v = 0; v < num_vars; ++v) {
      var_offsets.push_back(total);
      total += PaddedSize(info.variables[v]);
    }
    const size_t arena_offset = total;
    total += (size_t(arena_size) + kAlign - 1) / kAlign * kAlign;

    if (total > 0) {
      memory_.reset(std::aligned_alloc(kAlign, total));
      if (!memory_) {
        status_ = Status(TFCC_INTERNAL, "model '" + Name(info.name) +
                                            "': cannot allocate " +
                                            std::to_string(total) +
                                            " bytes for its buffers");
        return;
      }
      std::memset(memory_.get(), 0, total);
    }
    char *base = static_cast<char *>(memory_.get());
    signatures_.resize(size_t(num_sigs));
    for (size_t i = 0; i < size_t(num_sigs); ++i) {
      for (size_t off : arg_offsets[i])
        signatures_[i].args.push_back(base + off);
      for (size_t off : result_offsets[i])
        signatures_[i].results.push_back(base + off);
    }
    for (size_t off : var_offsets)
      variables_.push_back(base + off);
    arena_ = arena_size > 0 ? base + arena_offset : nullptr;
  }

  const tfcc_model_info *info_;
  tfcc_runtime *runtime_;
  Status status_;
  std::unique_ptr<void, FreeDeleter> memory_;
  std::vector<Buffers> signatures_;
  std::vector<void *> variables_;
  void *arena_ = nullptr;
};

} // namespace tfcc

#endif // TFCC_MODEL_H
