// Reader: the index, the data shards, and checked reads.
#include "runtime/checkpoint/BundleInternal.h"
#include "runtime/checkpoint/Crc32c.h"
#include "runtime/checkpoint/Table.h"

#include "compiler/frontend/proto/tensor_bundle.pb.h"

#include <cinttypes>
#include <cstdio>
#include <cstring>

namespace tfcc::checkpoint {
namespace {

Status corrupt(const std::string &file, const std::string &what) {
  return Status::error(file + ": corrupt checkpoint index: " + what);
}

// fileio errors start with the path; tensor errors put it first themselves.
std::string withoutPath(const std::string &message, const std::string &path) {
  if (message.compare(0, path.size() + 2, path + ": ") == 0)
    return message.substr(path.size() + 2);
  return message;
}

Status checkHeader(const std::string &file, const table::KeyValue &first,
                   int *numShards) {
  tensorflow::BundleHeaderProto header;
  if (first.key != kHeaderKey)
    return corrupt(file, "the bundle header entry is missing");
  if (!header.ParseFromString(first.value))
    return corrupt(file, "the bundle header does not parse");
  if (header.endianness() != tensorflow::BundleHeaderProto::LITTLE)
    return Status::error(file + ": big-endian checkpoints are not supported");
  const tensorflow::VersionDef &v = header.version();
  if (v.min_consumer() > kBundleVersion)
    return Status::error(file + ": the checkpoint needs a reader of version " +
                         std::to_string(v.min_consumer()) +
                         " or later; tfcc reads version " +
                         std::to_string(kBundleVersion));
  for (int bad : v.bad_consumers())
    if (bad == kBundleVersion)
      return Status::error(file + ": the checkpoint disallows readers of "
                                  "version " +
                           std::to_string(kBundleVersion));
  if (header.num_shards() < 1)
    return corrupt(file, "bad shard count " +
                             std::to_string(header.num_shards()));
  *numShards = header.num_shards();
  return Status();
}

Status addEntry(Reader::Impl &impl, int numShards, const table::KeyValue &kv) {
  const std::string &file = impl.indexPath;
  auto bad = [&](const std::string &why) {
    return corrupt(file, "tensor \"" + kv.key + "\": " + why);
  };
  tensorflow::BundleEntryProto proto;
  if (!proto.ParseFromString(kv.value))
    return bad("its entry does not parse");
  EntryInfo info;
  info.name = kv.key;
  info.dtype = static_cast<DType>(proto.dtype());
  if (proto.shape().unknown_rank())
    return bad("its shape has unknown rank");
  for (const auto &dim : proto.shape().dim())
    info.shape.push_back(dim.size());
  int64_t n;
  if (!numElements(info.shape, &n))
    return bad("bad shape " + shapeString(info.shape));
  info.byteSize = proto.size();
  info.sliced = proto.slices_size() > 0;
  if (proto.shard_id() < 0 || proto.shard_id() >= numShards ||
      proto.offset() < 0 || proto.size() < 0)
    return bad("bad location (shard " + std::to_string(proto.shard_id()) +
               ", offset " + std::to_string(proto.offset()) + ", size " +
               std::to_string(proto.size()) + ")");
  size_t elementSize = dtypeSize(info.dtype);
  int64_t expected;
  if (elementSize && !info.sliced &&
      (__builtin_mul_overflow(n, static_cast<int64_t>(elementSize),
                              &expected) ||
       expected != proto.size()))
    return bad(std::to_string(proto.size()) + " bytes do not hold shape " +
               shapeString(info.shape) + " of " + dtypeName(info.dtype));
  impl.byName.emplace(info.name, impl.entries.size());
  impl.entries.push_back(std::move(info));
  impl.locations.push_back({proto.shard_id(), uint64_t(proto.offset()),
                            uint64_t(proto.size()), proto.crc32c()});
  return Status();
}

} // namespace

Status Reader::Impl::tensorError(const std::string &file, size_t entry,
                                 const std::string &what) const {
  return Status::error(file + ": tensor \"" + entries[entry].name + "\": " +
                       what);
}

Status Reader::Impl::checkType(size_t entry, DType dtype,
                               const Shape &shape) const {
  const EntryInfo &e = entries[entry];
  if (e.dtype != dtype)
    return tensorError(indexPath, entry,
                       "dtype mismatch: the checkpoint has " +
                           dtypeName(e.dtype) + ", expected " +
                           dtypeName(dtype));
  if (e.shape != shape)
    return tensorError(indexPath, entry,
                       "shape mismatch: the checkpoint has " +
                           shapeString(e.shape) + ", expected " +
                           shapeString(shape));
  return Status();
}

Status Reader::Impl::checkExtent(size_t entry, uint64_t fileSize) const {
  const Location &loc = locations[entry];
  if (loc.offset <= fileSize && loc.size <= fileSize - loc.offset)
    return Status();
  return tensorError(dataPaths[loc.shard], entry,
                     "the data file is truncated: the tensor needs bytes [" +
                         std::to_string(loc.offset) + ", " +
                         std::to_string(loc.offset + loc.size) +
                         ") and the file has " + std::to_string(fileSize));
}

Status Reader::Impl::dataFileError(size_t entry, const Status &s) const {
  const std::string &path = dataPaths[locations[entry].shard];
  return tensorError(path, entry, "cannot read the data file: " +
                                      withoutPath(s.message(), path));
}

Status Reader::Impl::mapShard(size_t entry,
                              const fileio::MappedFile **file) const {
  int shard = locations[entry].shard;
  std::lock_guard<std::mutex> lock(mutex);
  if (!shards[shard]) {
    Status s = fileio::MappedFile::open(dataPaths[shard], &shards[shard]);
    if (!s.ok())
      return dataFileError(entry, s);
  }
  *file = shards[shard].get();
  return Status();
}

Status Reader::Impl::load(size_t entry, std::string_view *bytes,
                          std::vector<std::string> *strings) const {
  const EntryInfo &e = entries[entry];
  const Location &loc = locations[entry];
  if (e.sliced)
    return tensorError(indexPath, entry,
                       "is a partitioned (sliced) variable, which tfcc "
                       "cannot read");
  if (!isSupportedDType(e.dtype))
    return tensorError(indexPath, entry,
                       "dtype " + dtypeName(e.dtype) + " cannot be read");
  const fileio::MappedFile *file;
  TFCC_CKPT_RETURN_IF_ERROR(mapShard(entry, &file));
  TFCC_CKPT_RETURN_IF_ERROR(checkExtent(entry, file->size()));
  const std::string &path = dataPaths[loc.shard];
  file->willRead(loc.offset, loc.size);
  std::string_view view(file->data() + loc.offset, loc.size);
  uint32_t crc;
  if (e.dtype == DType::String) {
    int64_t n = 0;
    (void)numElements(e.shape, &n);
    std::string why;
    std::vector<std::string> scratch; // when the caller only verifies
    if (!decodeStrings(view, n, strings ? strings : &scratch, &crc, &why))
      return tensorError(path, entry, "corrupt string data: " + why);
  } else {
    crc = crc32c::value(view.data(), view.size());
  }
  uint32_t stored = crc32c::unmask(loc.maskedCrc);
  if (crc != stored) {
    char buf[128];
    std::snprintf(buf, sizeof buf,
                  "checksum mismatch (offset %" PRIu64 ", %" PRIu64
                  " bytes): stored crc32c %08x, computed %08x",
                  loc.offset, loc.size, stored, crc);
    return tensorError(path, entry, buf);
  }
  *bytes = view;
  return Status();
}

Reader::Reader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Reader::~Reader() = default;

Status Reader::open(const std::string &prefix,
                    std::unique_ptr<Reader> *reader) {
  auto impl = std::make_unique<Impl>();
  impl->prefix = prefix;
  // A save interrupted after its commit point left its files ".pending";
  // they are the checkpoint now (see save()).
  const std::string pendingIndex = indexFileName(prefix) + kPendingSuffix;
  const bool pending = fileio::exists(pendingIndex);
  impl->indexPath = pending ? pendingIndex : indexFileName(prefix);

  std::string contents;
  TFCC_CKPT_RETURN_IF_ERROR(fileio::readFile(impl->indexPath, &contents));
  std::vector<table::KeyValue> kvs;
  TFCC_CKPT_RETURN_IF_ERROR(table::readTable(contents, impl->indexPath, &kvs));
  if (kvs.empty())
    return corrupt(impl->indexPath, "the table is empty");
  int numShards = 0;
  TFCC_CKPT_RETURN_IF_ERROR(checkHeader(impl->indexPath, kvs[0], &numShards));
  for (int s = 0; s < numShards; ++s)
    impl->dataPaths.push_back(dataFileName(prefix, s, numShards));
  const std::string pendingData = impl->dataPaths[0] + kPendingSuffix;
  if (pending && numShards == 1 && fileio::exists(pendingData))
    impl->dataPaths[0] = pendingData;
  impl->shards.resize(numShards);
  for (size_t i = 1; i < kvs.size(); ++i) {
    // The slices of a partitioned variable have binary keys starting with a
    // NUL byte; only the variable's own entry (marked sliced) is listed.
    if (kvs[i].key[0] == '\0')
      continue;
    TFCC_CKPT_RETURN_IF_ERROR(addEntry(*impl, numShards, kvs[i]));
  }
  reader->reset(new Reader(std::move(impl)));
  return Status();
}

const std::string &Reader::prefix() const { return impl_->prefix; }
const std::string &Reader::indexPath() const { return impl_->indexPath; }
const std::vector<EntryInfo> &Reader::entries() const {
  return impl_->entries;
}

const EntryInfo *Reader::find(const std::string &name) const {
  auto it = impl_->byName.find(name);
  return it == impl_->byName.end() ? nullptr : &impl_->entries[it->second];
}

namespace {
Status notFound(const Reader::Impl &impl, const std::string &name) {
  return Status::error(impl.indexPath + ": tensor \"" + name +
                       "\" not found in the checkpoint");
}
} // namespace

Status Reader::read(const std::string &name, DType dtype, const Shape &shape,
                    void *dst, size_t dstBytes) const {
  auto it = impl_->byName.find(name);
  if (it == impl_->byName.end())
    return notFound(*impl_, name);
  size_t i = it->second;
  TFCC_CKPT_RETURN_IF_ERROR(impl_->checkType(i, dtype, shape));
  if (dtype == DType::String)
    return impl_->tensorError(impl_->indexPath, i,
                              "is a string tensor: read it with readStrings");
  if (static_cast<uint64_t>(impl_->entries[i].byteSize) != dstBytes)
    return impl_->tensorError(
        impl_->indexPath, i,
        "the destination holds " + std::to_string(dstBytes) +
            " bytes, the tensor " +
            std::to_string(impl_->entries[i].byteSize));
  std::string_view bytes;
  TFCC_CKPT_RETURN_IF_ERROR(impl_->load(i, &bytes, nullptr));
  if (!bytes.empty())
    std::memcpy(dst, bytes.data(), bytes.size());
  return Status();
}

Status Reader::readStrings(const std::string &name, const Shape &shape,
                           std::vector<std::string> *out) const {
  auto it = impl_->byName.find(name);
  if (it == impl_->byName.end())
    return notFound(*impl_, name);
  TFCC_CKPT_RETURN_IF_ERROR(
      impl_->checkType(it->second, DType::String, shape));
  std::string_view bytes;
  std::vector<std::string> strings;
  TFCC_CKPT_RETURN_IF_ERROR(impl_->load(it->second, &bytes, &strings));
  *out = std::move(strings);
  return Status();
}

Status Reader::read(const std::string &name, Tensor *out) const {
  auto it = impl_->byName.find(name);
  if (it == impl_->byName.end())
    return notFound(*impl_, name);
  const EntryInfo &e = impl_->entries[it->second];
  std::string_view bytes;
  std::vector<std::string> strings;
  TFCC_CKPT_RETURN_IF_ERROR(impl_->load(it->second, &bytes, &strings));
  out->dtype = e.dtype;
  out->shape = e.shape;
  out->bytes.assign(bytes.begin(), bytes.end());
  out->strings = std::move(strings);
  if (e.dtype == DType::String)
    out->bytes.clear();
  return Status();
}

Status Reader::checkDataFiles() const {
  std::vector<uint64_t> sizes(impl_->dataPaths.size());
  std::vector<bool> seen(sizes.size());
  for (size_t i = 0; i < impl_->entries.size(); ++i) {
    int shard = impl_->locations[i].shard;
    if (!seen[shard]) {
      Status s = fileio::fileSize(impl_->dataPaths[shard], &sizes[shard]);
      if (!s.ok())
        return impl_->dataFileError(i, s);
      seen[shard] = true;
    }
    TFCC_CKPT_RETURN_IF_ERROR(impl_->checkExtent(i, sizes[shard]));
  }
  return Status();
}

} // namespace tfcc::checkpoint
