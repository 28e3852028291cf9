// What save, Reader and restore share. Internal to tfcc_checkpoint.
#ifndef TFCC_RUNTIME_CHECKPOINT_BUNDLEINTERNAL_H
#define TFCC_RUNTIME_CHECKPOINT_BUNDLEINTERNAL_H

#include "runtime/checkpoint/Checkpoint.h"
#include "runtime/checkpoint/FileIO.h"

#include <mutex>
#include <string_view>
#include <unordered_map>

namespace tfcc::checkpoint {

// The index key of the BundleHeaderProto; tensor names must not be empty.
inline constexpr char kHeaderKey[] = "";
// Files a save has committed but not yet renamed into place (see save()).
inline constexpr char kPendingSuffix[] = ".pending";
inline constexpr char kTempSuffix[] = ".tempstate";

// The format version TF writes (kTensorBundleVersion) and this reader is.
inline constexpr int kBundleVersion = 1;

// Finishes a save of `prefix` interrupted after its commit point and drops
// pending data a save left before it. Readers never call this: they read
// the pending files in place (see Reader::open).
Status finishInterruptedSave(const std::string &prefix);

// String tensors as TF stores them: varint64 lengths, the masked crc32c of
// the lengths (each as a little-endian uint32, or uint64 when larger), then
// the bytes. `crc` covers all of it the same way (lengths as integers).
void encodeStrings(const std::string *strings, int64_t count, std::string *out,
                   uint32_t *crc);
// Decodes `count` strings, checking the length checksum and that the sizes
// add up; sets `crc` as encodeStrings does. On failure, `why` says what.
bool decodeStrings(std::string_view bytes, int64_t count,
                   std::vector<std::string> *out, uint32_t *crc,
                   std::string *why);

struct Reader::Impl {
  struct Location {
    int shard = 0;
    uint64_t offset = 0;
    uint64_t size = 0;
    uint32_t maskedCrc = 0;
  };

  std::string prefix;
  std::string indexPath;
  std::vector<std::string> dataPaths; // by shard
  std::vector<EntryInfo> entries;
  std::vector<Location> locations; // parallel to entries
  std::unordered_map<std::string, size_t> byName;

  mutable std::mutex mutex; // guards `shards`
  mutable std::vector<std::unique_ptr<fileio::MappedFile>> shards;

  // "<file>: tensor "<name>": <what>", the form of every tensor error.
  Status tensorError(const std::string &file, size_t entry,
                     const std::string &what) const;
  Status checkType(size_t entry, DType dtype, const Shape &shape) const;
  // Whether the entry's bytes lie within its data file of `fileSize` bytes.
  Status checkExtent(size_t entry, uint64_t fileSize) const;
  // `s`, a failure to open or stat the entry's data file, as a tensor error.
  Status dataFileError(size_t entry, const Status &s) const;
  // The entry's bytes, checksum verified. For strings the elements are
  // decoded into `strings` (their checksum needs the lengths parsed).
  Status load(size_t entry, std::string_view *bytes,
              std::vector<std::string> *strings) const;

private:
  Status mapShard(size_t entry, const fileio::MappedFile **file) const;
};

} // namespace tfcc::checkpoint

#endif // TFCC_RUNTIME_CHECKPOINT_BUNDLEINTERNAL_H
