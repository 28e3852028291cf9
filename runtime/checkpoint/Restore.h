// Restoring a set of variables from a checkpoint, all or nothing, by TF1
// variable names or TF2 object keys.
#ifndef TFCC_RUNTIME_CHECKPOINT_RESTORE_H
#define TFCC_RUNTIME_CHECKPOINT_RESTORE_H

#include "runtime/checkpoint/Checkpoint.h"

#include <functional>
#include <map>

namespace tfcc::checkpoint {

// TF2 (tf.train.Checkpoint) keys end with this after the object path, as in
// "layer_with_weights-0/kernel/.ATTRIBUTES/VARIABLE_VALUE".
inline constexpr char kVariableValueSuffix[] = "/.ATTRIBUTES/VARIABLE_VALUE";
// The TF2 checkpoint's serialized TrackableObjectGraph (a string scalar).
inline constexpr char kObjectGraphKey[] = "_CHECKPOINTABLE_OBJECT_GRAPH";

// Where one variable is restored to. `data` must hold exactly the tensor's
// bytes (elements x dtypeSize); string variables go to `strings` instead.
struct RestoreTarget {
  std::string name;
  DType dtype = DType::Invalid;
  Shape shape;
  void *data = nullptr;
  size_t byteSize = 0;
  std::vector<std::string> *strings = nullptr;
};

// How a variable name becomes a checkpoint key. A name in `keys` maps to its
// value; otherwise `mapName`, when set, gives the key. With neither, the
// first of these that the checkpoint holds is used: the name itself (TF1
// checkpoints: "dense/kernel"), "<name>/.ATTRIBUTES/VARIABLE_VALUE" (a TF2
// object path), and the TF2 variable whose name in the object graph is
// `name` (Keras' "dense/kernel" for "layer_with_weights-0/kernel/...").
struct RestoreOptions {
  std::map<std::string, std::string> keys;
  std::function<std::string(const std::string &)> mapName;
};

Status resolveKey(const Reader &reader, const std::string &name,
                  const RestoreOptions &options, std::string *key);

// Checks every target first (its key exists, dtype, shape, destination size,
// checksum) and only then copies them all: on any error no destination has
// been written.
Status restore(const Reader &reader, const std::vector<RestoreTarget> &targets,
               const RestoreOptions &options = {});
Status restore(const std::string &prefix,
               const std::vector<RestoreTarget> &targets,
               const RestoreOptions &options = {});

// A variable of a TF2 checkpoint.
struct VariableKey {
  std::string key;        // "layer_with_weights-0/kernel/.ATTRIBUTES/VARIABLE_VALUE"
  std::string objectPath; // "layer_with_weights-0/kernel"
  std::string fullName;   // the variable's own name from the object graph, or ""
  DType dtype = DType::Invalid;
  Shape shape;
  bool optimizerSlot = false; // an optimizer's slot ("/.OPTIMIZER_SLOT/")
};

// The variable keys of a TF2 checkpoint, sorted by key (none for TF1 ones).
Status listVariableKeys(const Reader &reader, std::vector<VariableKey> *keys);

} // namespace tfcc::checkpoint

#endif // TFCC_RUNTIME_CHECKPOINT_RESTORE_H
