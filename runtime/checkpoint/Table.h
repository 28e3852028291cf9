// LevelDB-format tables (SSTables), the container of a bundle's .index file.
// Internal to tfcc_checkpoint.
//
// Layout: data blocks, a metaindex block, an index block, a 48-byte footer.
// A block is a run of prefix-compressed entries (varint32 shared key bytes,
// varint32 unshared bytes, varint32 value size, key suffix, value) followed by
// fixed32 restart offsets and their count, then a trailer of one compression
// byte and the masked crc32c of block+compression byte. The index block maps
// a separator key (>= every key of its block) to the block's handle (varint64
// offset, varint64 size). The footer holds the metaindex and index handles,
// zero padding to 40 bytes and the magic 0xdb4775248b80fb57.
#ifndef TFCC_RUNTIME_CHECKPOINT_TABLE_H
#define TFCC_RUNTIME_CHECKPOINT_TABLE_H

#include "runtime/checkpoint/Status.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tfcc::checkpoint::table {

constexpr uint64_t kTableMagic = 0xdb4775248b80fb57ull;
constexpr size_t kFooterSize = 48;
constexpr size_t kBlockTrailerSize = 5;

// TensorFlow's table options for bundles: 256 KiB data blocks, a restart
// point every 16 keys, no compression. Matching them (and TF's key
// shortening in the index) makes our .index files byte-identical to TF's.
constexpr size_t kBlockSize = 262144;
constexpr int kRestartInterval = 16;

class BlockBuilder {
public:
  explicit BlockBuilder(int restartInterval);
  void add(std::string_view key, std::string_view value);
  size_t sizeEstimate() const;
  bool empty() const { return buffer_.empty(); }
  // The finished block; the builder is reset for the next one.
  std::string take();

private:
  int restartInterval_;
  std::string buffer_;
  std::vector<uint32_t> restarts_{0};
  int counter_ = 0;
  std::string lastKey_;
};

// Builds a whole table in memory; keys must be added in strictly increasing
// bytewise order.
class TableBuilder {
public:
  TableBuilder();
  void add(std::string_view key, std::string_view value);
  std::string finish();

private:
  struct Handle {
    uint64_t offset = 0, size = 0;
  };
  void flush();
  Handle writeBlock(BlockBuilder &block);
  static void encodeHandle(const Handle &h, std::string *dst);

  std::string out_;
  BlockBuilder data_;
  BlockBuilder index_;
  std::string lastKey_;
  int64_t numEntries_ = 0;
  bool pendingIndexEntry_ = false;
  Handle pendingHandle_;
};

struct KeyValue {
  std::string key;
  std::string value;
};

// Reads every entry of the table `contents`, verifying the footer, each
// block's checksum and the key order. `fileName` prefixes error messages.
// `dataBlocks`, when given, receives the number of data blocks.
Status readTable(std::string_view contents, const std::string &fileName,
                 std::vector<KeyValue> *entries, size_t *dataBlocks = nullptr);

} // namespace tfcc::checkpoint::table

#endif // TFCC_RUNTIME_CHECKPOINT_TABLE_H
