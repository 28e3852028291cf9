// TensorFlow V2 checkpoints (tensor bundles): save, read, restore.
//
// A checkpoint at `prefix` is two files: `<prefix>.index`, a LevelDB table
// mapping "" to a BundleHeaderProto and each tensor name to a
// BundleEntryProto (dtype, shape, shard, offset, size, masked crc32c), and
// `<prefix>.data-00000-of-00001`, the tensors' little-endian bytes back to
// back. Files written here are byte-identical to TensorFlow's for the same
// tensors in the same order, and TensorFlow's files read here.
//
// Supported: every fixed-size dtype (see dtypeSize) and DT_STRING (stored
// as TF does: varint64 lengths, the masked crc32c of the lengths, then the
// bytes). Reading also handles checkpoints split into several data shards.
// Not supported, each with a clear error: partitioned (sliced) variables,
// DT_VARIANT and DT_RESOURCE tensors, big-endian bundles, snappy-compressed
// index blocks (TF never writes them for bundles).
//
// Saves are atomic per prefix: a crash or SIGKILL at any point leaves the
// previous checkpoint or the new one, never a mix (see save()). Reads check
// every checksum before anything is copied out, so a failed read or restore
// leaves its destinations untouched. Nothing here throws.
#ifndef TFCC_RUNTIME_CHECKPOINT_CHECKPOINT_H
#define TFCC_RUNTIME_CHECKPOINT_CHECKPOINT_H

#include "runtime/checkpoint/DType.h"
#include "runtime/checkpoint/Status.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace tfcc::checkpoint {

// A tensor held in memory, as read() returns it.
struct Tensor {
  DType dtype = DType::Invalid;
  Shape shape;
  std::vector<uint8_t> bytes;       // fixed-size dtypes: row-major, little-endian
  std::vector<std::string> strings; // DType::String: one per element
};

// A tensor to save. The data is borrowed: it must stay valid during save().
struct NamedTensor {
  std::string name;
  DType dtype = DType::Invalid;
  Shape shape;
  const void *data = nullptr;           // fixed-size dtypes
  const std::string *strings = nullptr; // DType::String

  NamedTensor() = default;
  NamedTensor(std::string name, DType dtype, Shape shape, const void *data);
  // A DType::String tensor of shape `shape`.
  NamedTensor(std::string name, Shape shape, const std::string *strings);
  // A view of `tensor`, which must outlive the NamedTensor.
  NamedTensor(std::string name, const Tensor &tensor);
};

struct SaveOptions {
  // fsync the files and the directory so the checkpoint survives power loss.
  bool sync = true;
};

// Writes the checkpoint `prefix` (creating its directory when needed). The
// data goes to the file in the order given; the index is sorted by name.
//
// Atomicity: both files are first written as "<file>.tempstate<random>" and
// fsynced. They then become "<file>.pending" — the index last, which is the
// commit point — and are renamed to their final names. Reader::open and the
// next save() finish an interrupted commit, so after a crash the prefix reads
// as the old checkpoint (before the commit point) or the new one (after it).
// TensorFlow itself only sees a mix if the crash falls between the last two
// renames, a window of two system calls.
Status save(const std::string &prefix, const std::vector<NamedTensor> &tensors,
            const SaveOptions &options = {});

std::string indexFileName(const std::string &prefix);
std::string dataFileName(const std::string &prefix, int shard, int numShards);

// One tensor of a checkpoint, from the index (no data is read).
struct EntryInfo {
  std::string name;
  DType dtype = DType::Invalid;
  Shape shape;
  int64_t byteSize = 0; // bytes in the data file
  bool sliced = false;  // a partitioned variable, which tfcc cannot read
};

class Reader {
public:
  // Reads and verifies the index. Data files are opened on first use.
  static Status open(const std::string &prefix, std::unique_ptr<Reader> *reader);
  ~Reader();

  const std::string &prefix() const;
  // The index file that was read: "<prefix>.index", or its ".pending"
  // successor when a save was interrupted after its commit point.
  const std::string &indexPath() const;
  // Every tensor, sorted by name.
  const std::vector<EntryInfo> &entries() const;
  const EntryInfo *find(const std::string &name) const;

  // Copies tensor `name` into dst (dstBytes bytes) when its dtype and shape
  // are the ones given and its checksum matches; otherwise dst is untouched.
  Status read(const std::string &name, DType dtype, const Shape &shape,
              void *dst, size_t dstBytes) const;
  // The same for a DType::String tensor.
  Status readStrings(const std::string &name, const Shape &shape,
                     std::vector<std::string> *out) const;
  // Any supported tensor, whatever its dtype and shape.
  Status read(const std::string &name, Tensor *out) const;

  // Checks that every data file exists and is long enough for its entries
  // (file sizes only; checksums are verified when tensors are read).
  Status checkDataFiles() const;

  struct Impl;
  const Impl &impl() const { return *impl_; }

private:
  explicit Reader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

} // namespace tfcc::checkpoint

#endif // TFCC_RUNTIME_CHECKPOINT_CHECKPOINT_H
