// tfcc/session.h: running compiled models the way TensorFlow's Session does:
// by feed, fetch and target names, with variables that persist between runs,
// TensorFlow-compatible checkpoints and safe concurrent inference.
//
//   std::unique_ptr<tfcc::Session> session;
//   tfcc::Status s = tfcc::Session::OpenLibrary("model.so", &session);
//   tfcc::Tensor x = tfcc::Tensor::FromVector<float>({1, 4}, {1, 2, 3, 4});
//   std::vector<tfcc::Tensor> outputs;
//   s = session->Run({{"x", x}}, {"y"}, {}, &outputs);
//   const float *y = outputs[0].data<float>();
//
// Signatures. A compiled model holds one entry function per signature (the
// feeds, fetches and targets of a tfcompile config). Run() picks the one
// signature whose inputs are exactly the feeds given (every input must be
// fed; an input has no default), whose outputs include every fetch and whose
// targets are exactly the targets given: a signature with targets (side
// effects such as a training step) only runs when they are asked for. When
// several match, one that writes no variables wins, then the one with the
// fewest outputs, then the first in the model. Names are TensorFlow's: "x"
// and "x:0" are the same tensor.
//
// Errors. A name that no signature knows, a feed of the wrong dtype or
// shape, or a request no single signature covers returns an error naming
// the tensor (with the expected and given dtype and shape) before anything
// runs: the session and its variables are unchanged. If a compiled entry
// function itself fails, `outputs` is cleared; a signature that writes
// variables may then have updated some of them (as in TensorFlow).
//
// Concurrency. Every method may be called from any number of threads.
//  - Runs of signatures that do not write variables proceed in parallel and
//    take no lock: each claims an execution context (its own arena and
//    buffers) from a lock-free pool with one atomic compare-and-swap,
//    preferring the context the calling thread used last, and returns it
//    with one store.
//  - Runs of signatures that write variables, AssignVariable() and
//    Restore() are serialized by one mutex and run alone: they wait for
//    the reading runs in flight to finish, and runs that start meanwhile
//    wait for them. Reading runs never see a half-written variable.
//  - ReadVariable() and Save() take the same mutex, so they see no writer
//    at work, but they let reading runs continue.
//
// Allocation. Open allocates the variables and the signature tables; the
// first run of a signature packs its constant GEMM weights once (kept for
// the life of the process, shared by all sessions of the model). An
// execution context (arena, scratch buffers, pointer tables and, with
// SessionOptions::num_threads != 1, its kernel threads) is allocated the
// first time more runs are in flight at once than there are contexts, and
// is kept until the session is destroyed. After that a Run() allocates
// only:
//  - the output Tensors, and the `outputs` vector when it is too small.
//    An output whose Tensor already has the fetched dtype and shape and is
//    the sole owner of its buffer is written in place, so a loop that
//    passes the same `outputs` vector allocates nothing at all;
//  - the error message when it fails.
// Feeds are used where they lie when 64-byte aligned (every Tensor this
// header allocates is) and copied into the context's scratch otherwise;
// outputs are written by the compiled code directly into the Tensors. (This
// relies on entry functions only reading their args, as the compiler's
// lowering does: it writes results and fresh buffers only.) When memory
// runs out, C++ methods throw std::bad_alloc as the standard library does;
// the C API (tfcc/c_api.h) returns an error instead.
#ifndef TFCC_SESSION_H
#define TFCC_SESSION_H

#include "tfcc/abi.h"
#include "tfcc/model.h"
#include "tfcc/runtime.h"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace tfcc {

// The tfcc_dtype of a C++ element type. half and bfloat16 have none: use
// Tensor::data() and uint16_t bits for them.
template <typename T> struct DtypeOf;
template <> struct DtypeOf<float> { static constexpr tfcc_dtype value = TFCC_FLOAT; };
template <> struct DtypeOf<double> { static constexpr tfcc_dtype value = TFCC_DOUBLE; };
template <> struct DtypeOf<int8_t> { static constexpr tfcc_dtype value = TFCC_INT8; };
template <> struct DtypeOf<int16_t> { static constexpr tfcc_dtype value = TFCC_INT16; };
template <> struct DtypeOf<int32_t> { static constexpr tfcc_dtype value = TFCC_INT32; };
template <> struct DtypeOf<int64_t> { static constexpr tfcc_dtype value = TFCC_INT64; };
template <> struct DtypeOf<uint8_t> { static constexpr tfcc_dtype value = TFCC_UINT8; };
template <> struct DtypeOf<uint16_t> { static constexpr tfcc_dtype value = TFCC_UINT16; };
template <> struct DtypeOf<uint32_t> { static constexpr tfcc_dtype value = TFCC_UINT32; };
template <> struct DtypeOf<uint64_t> { static constexpr tfcc_dtype value = TFCC_UINT64; };
template <> struct DtypeOf<bool> { static constexpr tfcc_dtype value = TFCC_BOOL; };

// A dense row-major tensor. Copies share the data (as TensorFlow's Tensor
// does); Clone() copies it. Memory a Tensor allocates is 64-byte aligned
// and zeroed. A default-constructed Tensor, or one made from an unknown
// dtype or a negative dimension, is not valid() and holds no data.
class Tensor {
public:
  Tensor() = default;
  // Allocates; throws std::bad_alloc when memory runs out.
  Tensor(tfcc_dtype dtype, std::vector<int64_t> shape);

  // A tensor over memory the caller owns and keeps alive (and unchanged
  // while a Run reads it) as long as any copy of the tensor exists.
  static Tensor Borrow(tfcc_dtype dtype, std::vector<int64_t> shape,
                       void *data);
  // A new tensor holding `values`, which must have as many elements as the
  // shape (otherwise the result is not valid()).
  template <typename T>
  static Tensor FromVector(std::vector<int64_t> shape,
                           const std::vector<T> &values) {
    Tensor t(DtypeOf<T>::value, std::move(shape));
    if (!t.valid() || t.num_elements() != int64_t(values.size()))
      return Tensor();
    T *p = t.data<T>();
    for (size_t i = 0; i < values.size(); ++i) // works for vector<bool> too
      p[i] = values[i];
    return t;
  }
  // A string tensor (TFCC_STRING: tfcc_string elements pointing into memory
  // the tensor owns), as checkpoint signatures take and return; `values`
  // must have as many elements as the shape (otherwise not valid()).
  static Tensor FromStrings(std::vector<int64_t> shape,
                            const std::vector<std::string> &values);
  static Tensor FromString(const std::string &value) {
    return FromStrings({}, {value});
  }
  // Element i of a string tensor; empty for other dtypes.
  std::string StringAt(int64_t i) const;

  // A deep copy in memory of its own.
  Tensor Clone() const;

  bool valid() const { return data_ != nullptr; }
  tfcc_dtype dtype() const { return dtype_; }
  const std::vector<int64_t> &shape() const { return shape_; }
  int rank() const { return int(shape_.size()); }
  int64_t num_elements() const { return num_elements_; }
  size_t byte_size() const { return byte_size_; }
  bool borrowed() const { return valid() && !buffer_; }

  void *data() { return data_; }
  const void *data() const { return data_; }
  // The elements as T; null when T is not the tensor's dtype.
  template <typename T> T *data() {
    return DtypeOf<T>::value == dtype_ ? static_cast<T *>(data_) : nullptr;
  }
  template <typename T> const T *data() const {
    return DtypeOf<T>::value == dtype_ ? static_cast<const T *>(data_)
                                       : nullptr;
  }
  // A copy of the elements; empty when T is not the tensor's dtype.
  template <typename T> std::vector<T> ToVector() const {
    const T *p = data<T>();
    return p ? std::vector<T>(p, p + num_elements_) : std::vector<T>();
  }

  // "float32[2, 3]"
  std::string DebugString() const;

  // Whether a Run writes this tensor in place as an output of the given
  // dtype and shape: it has that type and owns its buffer alone.
  bool Reusable(int32_t dtype, const int64_t *dims, int rank) const;

private:
  tfcc_dtype dtype_ = tfcc_dtype(0);
  std::vector<int64_t> shape_;
  int64_t num_elements_ = 0;
  size_t byte_size_ = 0;
  std::shared_ptr<void> buffer_; // null for a borrowed tensor
  void *data_ = nullptr;
};

struct SessionOptions {
  // Kernel threads of each execution context: 1 runs kernels on the
  // calling thread (best for many concurrent callers); N > 1 gives every
  // context its own pool of N threads; <= 0 one per online CPU.
  int num_threads = 1;
  // Run the model's "init" signature (initial variable values) in Open.
  bool run_init = true;
};

struct RunOptions {
  // Kernel threads for this call instead of the context's own. It must not
  // serve another call at the same time.
  tfcc_runtime *runtime = nullptr;
};

struct SaveOptions {
  // fsync the files and their directory so the checkpoint survives a power
  // loss.
  bool sync = true;
};

// How a variable name becomes a checkpoint key: `keys` first, then
// `map_name`; with neither, the name itself (TF1 checkpoints), then the TF2
// object key "<name>/.ATTRIBUTES/VARIABLE_VALUE", then the TF2 variable
// whose name in the checkpoint's object graph is the name (Keras'
// "dense/kernel").
struct RestoreOptions {
  std::map<std::string, std::string> keys;
  std::function<std::string(const std::string &)> map_name;
};

using Feeds = std::vector<std::pair<std::string, Tensor>>;

class Session {
public:
  // A model linked into the program. `model` must outlive the session.
  static Status Open(const tfcc_model_info &model,
                     std::unique_ptr<Session> *session,
                     const SessionOptions &options = {});
  // A model built with `tfcc compile --emit=shared-lib`: loads it with
  // dlopen (closed again when the session is destroyed).
  static Status OpenLibrary(const std::string &path,
                            std::unique_ptr<Session> *session,
                            const SessionOptions &options = {});
  ~Session();
  Session(const Session &) = delete;
  Session &operator=(const Session &) = delete;

  const tfcc_model_info &model() const;

  // TensorFlow's Session::Run: `outputs` gets one Tensor per fetch, in
  // order (see the top of this file for how the signature is chosen).
  Status Run(const Feeds &feeds, const std::vector<std::string> &fetches,
             const std::vector<std::string> &targets,
             std::vector<Tensor> *outputs, const RunOptions &options = {});

  // The signature Run() would choose for these names, or an error saying
  // why there is none.
  Status FindSignature(const std::vector<std::string> &feeds,
                       const std::vector<std::string> &fetches,
                       const std::vector<std::string> &targets,
                       int *index) const;
  // The index of the signature called `name`, -1 when there is none.
  int SignatureIndex(const std::string &name) const;

  // Runs one signature by name with every one of its inputs fed; `outputs`
  // gets all its results in the model's order.
  Status RunSignature(const std::string &name, const Feeds &feeds,
                      std::vector<Tensor> *outputs,
                      const RunOptions &options = {});
  // The same with the inputs in the model's order: the quickest path.
  Status RunSignature(int index, const std::vector<Tensor> &args,
                      std::vector<Tensor> *outputs,
                      const RunOptions &options = {});

  // Variables by their TensorFlow names ("dense/kernel"; ":0" allowed).
  // ReadVariable writes into *value in place when it already has the
  // variable's dtype and shape and owns its buffer alone.
  Status ReadVariable(const std::string &name, Tensor *value) const;
  Status AssignVariable(const std::string &name, const Tensor &value);

  // TensorFlow V2 checkpoints (<prefix>.index, <prefix>.data-00000-of-00001)
  // keyed by variable name, written atomically. Restore checks every
  // variable (present, dtype, shape, checksum) before it changes any: on an
  // error the variables are as they were.
  Status Save(const std::string &prefix, const SaveOptions &options = {}) const;
  Status Restore(const std::string &prefix, const RestoreOptions &options = {});

  struct Impl;

private:
  friend class CheckpointManager;
  explicit Session(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Numbered checkpoints of a session's variables in one directory, as
// tf.train.CheckpointManager keeps them (and readable by it): saves
// <directory>/<name>-<step>, keeps the newest max_to_keep and records them
// in the directory's `checkpoint` file.
class CheckpointManager {
public:
  struct Options {
    std::string name = "ckpt";
    int max_to_keep = 5; // <= 0 keeps all
    bool sync = true;
  };

  // Creates the directory when needed and takes over the checkpoints its
  // `checkpoint` file lists. `session` must outlive the manager.
  static Status Open(Session *session, const std::string &directory,
                     const Options &options,
                     std::unique_ptr<CheckpointManager> *manager);
  ~CheckpointManager();

  Status Save(int64_t step, std::string *prefix = nullptr);
  // Restores the latest checkpoint; *restored says whether there was one
  // (no checkpoint yet is not an error).
  Status RestoreLatest(bool *restored, const RestoreOptions &options = {});
  // The newest checkpoint's prefix, "" before the first.
  std::string latest() const;
  const std::vector<std::string> &checkpoints() const;

  struct Impl;

private:
  explicit CheckpointManager(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

} // namespace tfcc

#endif // TFCC_SESSION_H
