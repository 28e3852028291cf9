// DT_STRING tensors in the data file, laid out as TensorFlow does.
#include "runtime/checkpoint/BundleInternal.h"
#include "runtime/checkpoint/Coding.h"
#include "runtime/checkpoint/Crc32c.h"

#include <cstdio>

namespace tfcc::checkpoint {
namespace {

// TF checksums each length as a fixed-width integer, not as its varint.
uint32_t extendWithLength(uint32_t crc, uint64_t length) {
  std::string fixed;
  if (length <= UINT32_MAX)
    coding::putFixed32(&fixed, static_cast<uint32_t>(length));
  else
    coding::putFixed64(&fixed, length);
  return crc32c::extend(crc, fixed.data(), fixed.size());
}

} // namespace

void encodeStrings(const std::string *strings, int64_t count, std::string *out,
                   uint32_t *crc) {
  out->clear();
  uint32_t c = 0;
  for (int64_t i = 0; i < count; ++i) {
    coding::putVarint64(out, strings[i].size());
    c = extendWithLength(c, strings[i].size());
  }
  coding::putFixed32(out, crc32c::mask(c));
  c = crc32c::extend(c, out->data() + out->size() - 4, 4);
  size_t start = out->size();
  for (int64_t i = 0; i < count; ++i)
    out->append(strings[i]);
  *crc = crc32c::extend(c, out->data() + start, out->size() - start);
}

bool decodeStrings(std::string_view bytes, int64_t count,
                   std::vector<std::string> *out, uint32_t *crc,
                   std::string *why) {
  *crc = 0;
  if (bytes.empty() && count == 0) { // older writers store nothing at all
    out->clear();
    return true;
  }
  // Each length takes at least one byte: this bounds the allocation below.
  if (count < 0 || static_cast<uint64_t>(count) > bytes.size()) {
    *why = "string lengths are truncated";
    return false;
  }
  const char *p = bytes.data(), *end = bytes.data() + bytes.size();
  std::vector<uint64_t> lengths(static_cast<size_t>(count));
  uint32_t c = 0;
  uint64_t total = 0;
  for (uint64_t &length : lengths) {
    if (!coding::getVarint64(&p, end, &length)) {
      *why = "string lengths are truncated";
      return false;
    }
    c = extendWithLength(c, length);
    if (__builtin_add_overflow(total, length, &total)) {
      *why = "string lengths overflow";
      return false;
    }
  }
  if (end - p < 4) {
    *why = "the string length checksum is missing";
    return false;
  }
  uint32_t stored = crc32c::unmask(coding::decodeFixed32(p));
  if (stored != c) {
    char buf[96];
    std::snprintf(buf, sizeof buf,
                  "string length checksum mismatch (stored %08x, computed %08x)",
                  stored, c);
    *why = buf;
    return false;
  }
  c = crc32c::extend(c, p, 4);
  p += 4;
  if (total != static_cast<uint64_t>(end - p)) {
    *why = "string lengths add up to " + std::to_string(total) + " bytes but " +
           std::to_string(end - p) + " bytes follow";
    return false;
  }
  *crc = crc32c::extend(c, p, static_cast<size_t>(total));
  out->resize(lengths.size());
  for (size_t i = 0; i < lengths.size(); ++i) {
    (*out)[i].assign(p, static_cast<size_t>(lengths[i]));
    p += lengths[i];
  }
  return true;
}

} // namespace tfcc::checkpoint
