// The `checkpoint` state file of a directory and a CheckpointManager that
// saves numbered checkpoints, keeps the last N and finds the latest, as
// tf.train.CheckpointManager does (and compatible with it).
#ifndef TFCC_RUNTIME_CHECKPOINT_CHECKPOINTMANAGER_H
#define TFCC_RUNTIME_CHECKPOINT_CHECKPOINTMANAGER_H

#include "runtime/checkpoint/Checkpoint.h"

namespace tfcc::checkpoint {

inline constexpr char kStateFileName[] = "checkpoint";

// TF's CheckpointState, written as the text proto TF writes and reads:
//   model_checkpoint_path: "ckpt-3"
//   all_model_checkpoint_paths: "ckpt-2"
//   all_model_checkpoint_paths: "ckpt-3"
// Paths are as stored: relative to the directory, or absolute.
struct CheckpointState {
  std::string modelCheckpointPath;
  std::vector<std::string> allModelCheckpointPaths; // oldest first
  std::vector<double> allModelCheckpointTimestamps; // seconds since 1970
  double lastPreservedTimestamp = 0;
};

Status readCheckpointState(const std::string &directory,
                           CheckpointState *state);
// Replaces the state file atomically (temporary file, fsync, rename).
Status writeCheckpointState(const std::string &directory,
                            const CheckpointState &state);

// The prefix of the directory's latest checkpoint, "" when the state file is
// missing or names a checkpoint whose index is gone.
std::string latestCheckpoint(const std::string &directory);

// Deletes the checkpoint's files: index, data shards, and what an
// interrupted save left (".pending", ".tempstate*").
Status removeCheckpoint(const std::string &prefix);

class CheckpointManager {
public:
  struct Options {
    std::string name = "ckpt"; // checkpoints are <directory>/<name>-<step>
    int maxToKeep = 5;         // <= 0 keeps every checkpoint
    SaveOptions save;
  };

  // Creates the directory if needed and takes over the checkpoints its state
  // file lists, so the keep-last-N count continues across runs.
  static Status open(const std::string &directory, const Options &options,
                     std::unique_ptr<CheckpointManager> *manager);

  // Saves <directory>/<name>-<step>, records it as the latest and deletes
  // the oldest beyond maxToKeep. The state file is updated before anything
  // is deleted, so it never names a deleted checkpoint.
  Status save(int64_t step, const std::vector<NamedTensor> &tensors,
              std::string *prefix = nullptr);

  std::string latest() const; // "" before the first save
  const std::vector<std::string> &checkpoints() const { return prefixes_; }

private:
  CheckpointManager(std::string directory, Options options);
  Status writeState() const;

  std::string directory_;
  Options options_;
  std::vector<std::string> prefixes_; // oldest first
  std::vector<double> timestamps_;
  double lastPreserved_ = 0;
};

} // namespace tfcc::checkpoint

#endif // TFCC_RUNTIME_CHECKPOINT_CHECKPOINTMANAGER_H
