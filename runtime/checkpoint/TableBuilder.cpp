#include "runtime/checkpoint/Coding.h"
#include "runtime/checkpoint/Crc32c.h"
#include "runtime/checkpoint/Table.h"

#include <algorithm>

namespace tfcc::checkpoint::table {
namespace {

size_t commonPrefix(std::string_view a, std::string_view b) {
  size_t n = std::min(a.size(), b.size()), i = 0;
  while (i < n && a[i] == b[i])
    ++i;
  return i;
}

// Index keys only have to separate blocks, so TF shortens them: the shortest
// key k with start <= k < limit, when one byte can be bumped...
void shortenSeparator(std::string *start, std::string_view limit) {
  size_t i = commonPrefix(*start, limit);
  if (i >= std::min(start->size(), limit.size()))
    return; // one is a prefix of the other
  auto byte = static_cast<uint8_t>((*start)[i]);
  if (byte < 0xff && byte + 1 < static_cast<uint8_t>(limit[i])) {
    (*start)[i] = static_cast<char>(byte + 1);
    start->resize(i + 1);
  }
}

// ...and after the last block, the shortest key >= it.
void shortSuccessor(std::string *key) {
  for (size_t i = 0; i < key->size(); ++i) {
    auto byte = static_cast<uint8_t>((*key)[i]);
    if (byte != 0xff) {
      (*key)[i] = static_cast<char>(byte + 1);
      key->resize(i + 1);
      return;
    }
  }
}

} // namespace

BlockBuilder::BlockBuilder(int restartInterval)
    : restartInterval_(restartInterval) {}

void BlockBuilder::add(std::string_view key, std::string_view value) {
  size_t shared = 0;
  if (counter_ < restartInterval_) {
    shared = commonPrefix(lastKey_, key);
  } else {
    restarts_.push_back(static_cast<uint32_t>(buffer_.size()));
    counter_ = 0;
  }
  coding::putVarint64(&buffer_, shared);
  coding::putVarint64(&buffer_, key.size() - shared);
  coding::putVarint64(&buffer_, value.size());
  buffer_.append(key.substr(shared));
  buffer_.append(value);
  lastKey_.assign(key);
  ++counter_;
}

size_t BlockBuilder::sizeEstimate() const {
  return buffer_.size() + restarts_.size() * 4 + 4;
}

std::string BlockBuilder::take() {
  for (uint32_t r : restarts_)
    coding::putFixed32(&buffer_, r);
  coding::putFixed32(&buffer_, static_cast<uint32_t>(restarts_.size()));
  std::string block = std::move(buffer_);
  buffer_.clear();
  restarts_.assign(1, 0);
  counter_ = 0;
  lastKey_.clear();
  return block;
}

TableBuilder::TableBuilder() : data_(kRestartInterval), index_(1) {}

void TableBuilder::add(std::string_view key, std::string_view value) {
  // A huge entry gets a block of its own rather than bloating the current.
  if (numEntries_ > 0 && key.size() + value.size() >= 2 * kBlockSize)
    flush();
  if (pendingIndexEntry_) {
    shortenSeparator(&lastKey_, key);
    std::string handle;
    encodeHandle(pendingHandle_, &handle);
    index_.add(lastKey_, handle);
    pendingIndexEntry_ = false;
  }
  lastKey_.assign(key);
  ++numEntries_;
  data_.add(key, value);
  if (data_.sizeEstimate() >= kBlockSize)
    flush();
}

void TableBuilder::flush() {
  if (data_.empty())
    return;
  pendingHandle_ = writeBlock(data_);
  pendingIndexEntry_ = true;
}

TableBuilder::Handle TableBuilder::writeBlock(BlockBuilder &block) {
  std::string contents = block.take();
  Handle handle{out_.size(), contents.size()};
  out_ += contents;
  const char type = 0; // no compression, as TF writes bundles
  uint32_t crc = crc32c::extend(crc32c::value(contents.data(), contents.size()),
                                &type, 1);
  out_.push_back(type);
  coding::putFixed32(&out_, crc32c::mask(crc));
  return handle;
}

void TableBuilder::encodeHandle(const Handle &h, std::string *dst) {
  coding::putVarint64(dst, h.offset);
  coding::putVarint64(dst, h.size);
}

std::string TableBuilder::finish() {
  flush();
  BlockBuilder metaindex(kRestartInterval);
  Handle metaHandle = writeBlock(metaindex);
  if (pendingIndexEntry_) {
    shortSuccessor(&lastKey_);
    std::string handle;
    encodeHandle(pendingHandle_, &handle);
    index_.add(lastKey_, handle);
    pendingIndexEntry_ = false;
  }
  Handle indexHandle = writeBlock(index_);
  std::string footer;
  encodeHandle(metaHandle, &footer);
  encodeHandle(indexHandle, &footer);
  footer.resize(kFooterSize - 8, '\0');
  coding::putFixed64(&footer, kTableMagic);
  out_ += footer;
  return std::move(out_);
}

} // namespace tfcc::checkpoint::table
