#include "runtime/checkpoint/Coding.h"
#include "runtime/checkpoint/Crc32c.h"
#include "runtime/checkpoint/Table.h"

#include <cinttypes>
#include <cstdio>

namespace tfcc::checkpoint::table {
namespace {

struct Handle {
  uint64_t offset = 0, size = 0;
};

class Parser {
public:
  Parser(std::string_view contents, const std::string &fileName)
      : contents_(contents), fileName_(fileName) {}

  Status fail(const std::string &what) const {
    return Status::error(fileName_ + ": corrupt checkpoint index: " + what);
  }

  Status readFooter(Handle *metaindex, Handle *index) const {
    if (contents_.size() < kFooterSize)
      return fail("file is " + std::to_string(contents_.size()) +
                  " bytes, too short for the 48-byte table footer "
                  "(truncated?)");
    const char *footer = contents_.data() + contents_.size() - kFooterSize;
    uint64_t magic = coding::decodeFixed64(footer + kFooterSize - 8);
    if (magic != kTableMagic) {
      char buf[80];
      std::snprintf(buf, sizeof buf, "0x%016" PRIx64, magic);
      return fail(std::string("bad table magic ") + buf +
                  " (not a TensorFlow V2 checkpoint, or truncated)");
    }
    const char *p = footer, *limit = footer + kFooterSize - 8;
    if (!decodeHandle(&p, limit, metaindex) || !decodeHandle(&p, limit, index))
      return fail("unreadable block handles in the footer");
    return Status();
  }

  static bool decodeHandle(const char **p, const char *limit, Handle *h) {
    return coding::getVarint64(p, limit, &h->offset) &&
           coding::getVarint64(p, limit, &h->size);
  }

  // The contents of the block at `h`, its trailer checked.
  Status readBlock(const Handle &h, const char *what,
                   std::string_view *block) const {
    const uint64_t end = contents_.size() - kFooterSize;
    if (h.offset > end || h.size > end - h.offset ||
        kBlockTrailerSize > end - h.offset - h.size)
      return fail(std::string(what) + " block (offset " +
                  std::to_string(h.offset) + ", " + std::to_string(h.size) +
                  " bytes) lies outside the file");
    const char *p = contents_.data() + h.offset;
    uint32_t stored = crc32c::unmask(coding::decodeFixed32(p + h.size + 1));
    uint32_t actual = crc32c::value(p, h.size + 1);
    if (stored != actual) {
      char buf[96];
      std::snprintf(buf, sizeof buf,
                    " block at offset %" PRIu64
                    ": checksum mismatch (stored %08x, computed %08x)",
                    h.offset, stored, actual);
      return fail(what + std::string(buf));
    }
    if (p[h.size] != 0)
      return fail(std::string(what) + " block at offset " +
                  std::to_string(h.offset) +
                  (p[h.size] == 1 ? " is snappy-compressed, which tfcc does "
                                    "not read (TensorFlow writes bundles "
                                    "uncompressed)"
                                  : " has unknown compression type " +
                                        std::to_string(p[h.size] & 0xff)));
    *block = std::string_view(p, h.size);
    return Status();
  }

  // Calls onEntry(key, value) for each entry of `block`, in order.
  template <typename Fn>
  Status forEachEntry(std::string_view block, const char *what, uint64_t at,
                      Fn onEntry) const {
    auto bad = [&](const std::string &why) {
      return fail(std::string(what) + " block at offset " +
                  std::to_string(at) + ": " + why);
    };
    if (block.size() < 4)
      return bad("shorter than its restart count");
    uint64_t numRestarts = coding::decodeFixed32(block.end() - 4);
    if (numRestarts == 0 || numRestarts > (block.size() - 4) / 4)
      return bad("bad restart count " + std::to_string(numRestarts));
    const char *restarts = block.end() - 4 - 4 * numRestarts;
    const char *p = block.data(), *limit = restarts;
    std::string key;
    uint64_t nextRestart = 0;
    while (p < limit) {
      bool isRestart =
          nextRestart < numRestarts &&
          static_cast<size_t>(p - block.data()) ==
              coding::decodeFixed32(restarts + 4 * nextRestart);
      uint32_t shared, unshared, valueSize;
      if (!coding::getVarint32(&p, limit, &shared) ||
          !coding::getVarint32(&p, limit, &unshared) ||
          !coding::getVarint32(&p, limit, &valueSize))
        return bad("truncated entry header");
      if (shared > key.size() || (isRestart && shared != 0))
        return bad("bad key prefix length");
      if (unshared > static_cast<size_t>(limit - p) ||
          valueSize > static_cast<size_t>(limit - p) - unshared)
        return bad("entry runs past the end of the block");
      key.resize(shared);
      key.append(p, unshared);
      p += unshared;
      TFCC_CKPT_RETURN_IF_ERROR(onEntry(key, std::string_view(p, valueSize)));
      p += valueSize;
      if (isRestart)
        ++nextRestart;
    }
    if (nextRestart != numRestarts &&
        !(nextRestart == 0 && numRestarts == 1 && block.data() == limit))
      return bad("restart points do not match the entries");
    return Status();
  }

  Status readAll(std::vector<KeyValue> *entries, size_t *dataBlocks) const {
    Handle metaHandle, indexHandle;
    TFCC_CKPT_RETURN_IF_ERROR(readFooter(&metaHandle, &indexHandle));
    std::string_view metaBlock, indexBlock;
    TFCC_CKPT_RETURN_IF_ERROR(readBlock(metaHandle, "metaindex", &metaBlock));
    TFCC_CKPT_RETURN_IF_ERROR(readBlock(indexHandle, "index", &indexBlock));
    entries->clear();
    *dataBlocks = 0;
    return forEachEntry(
        indexBlock, "index", indexHandle.offset,
        [&](const std::string &separator, std::string_view value) {
          Handle h;
          const char *p = value.data(), *limit = value.data() + value.size();
          if (!decodeHandle(&p, limit, &h))
            return fail("unreadable block handle for index key \"" +
                        separator + "\"");
          std::string_view data;
          TFCC_CKPT_RETURN_IF_ERROR(readBlock(h, "data", &data));
          ++*dataBlocks;
          return forEachEntry(
              data, "data", h.offset,
              [&](const std::string &key, std::string_view v) {
                if (!entries->empty() && !(entries->back().key < key))
                  return fail("keys out of order at \"" + key + "\"");
                if (separator < key)
                  return fail("key \"" + key +
                              "\" lies past its index entry");
                entries->push_back({key, std::string(v)});
                return Status();
              });
        });
  }

private:
  std::string_view contents_;
  const std::string &fileName_;
};

} // namespace

Status readTable(std::string_view contents, const std::string &fileName,
                 std::vector<KeyValue> *entries, size_t *dataBlocks) {
  size_t blocks;
  return Parser(contents, fileName)
      .readAll(entries, dataBlocks ? dataBlocks : &blocks);
}

} // namespace tfcc::checkpoint::table
