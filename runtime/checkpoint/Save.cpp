// save(): the data file, the index, and the commit protocol.
#include "runtime/checkpoint/BundleInternal.h"
#include "runtime/checkpoint/Crc32c.h"
#include "runtime/checkpoint/Table.h"

#include "compiler/frontend/proto/tensor_bundle.pb.h"

#include <algorithm>
#include <cstdio>
#include <unordered_set>

namespace tfcc::checkpoint {

NamedTensor::NamedTensor(std::string name, DType dtype, Shape shape,
                         const void *data)
    : name(std::move(name)), dtype(dtype), shape(std::move(shape)),
      data(data) {}

NamedTensor::NamedTensor(std::string name, Shape shape,
                         const std::string *strings)
    : name(std::move(name)), dtype(DType::String), shape(std::move(shape)),
      strings(strings) {}

NamedTensor::NamedTensor(std::string name, const Tensor &tensor)
    : name(std::move(name)), dtype(tensor.dtype), shape(tensor.shape),
      data(tensor.bytes.data()), strings(tensor.strings.data()) {}

std::string indexFileName(const std::string &prefix) {
  return prefix + ".index";
}

std::string dataFileName(const std::string &prefix, int shard, int numShards) {
  char suffix[48];
  std::snprintf(suffix, sizeof suffix, ".data-%05d-of-%05d", shard, numShards);
  return prefix + suffix;
}

Status finishInterruptedSave(const std::string &prefix) {
  const std::string index = indexFileName(prefix);
  const std::string data = dataFileName(prefix, 0, 1);
  const std::string indexPending = index + kPendingSuffix;
  const std::string dataPending = data + kPendingSuffix;
  if (fileio::exists(indexPending)) {
    if (fileio::exists(dataPending))
      TFCC_CKPT_RETURN_IF_ERROR(fileio::renameFile(dataPending, data));
    TFCC_CKPT_RETURN_IF_ERROR(fileio::renameFile(indexPending, index));
    return fileio::syncDirectory(fileio::dirName(prefix));
  }
  return fileio::removeFile(dataPending);
}

namespace {

Status checkInputs(const std::string &prefix,
                   const std::vector<NamedTensor> &tensors) {
  std::unordered_set<std::string> names;
  for (const NamedTensor &t : tensors) {
    auto bad = [&](const std::string &why) {
      return Status::error(prefix + ": cannot save tensor \"" + t.name +
                           "\": " + why);
    };
    if (t.name.empty())
      return bad("the empty name is reserved for the bundle header");
    if (!names.insert(t.name).second)
      return bad("the name appears twice");
    if (!isSupportedDType(t.dtype))
      return bad("dtype " + dtypeName(t.dtype) + " is not supported");
    int64_t n;
    if (!numElements(t.shape, &n))
      return bad("bad shape " + shapeString(t.shape));
    if (t.dtype == DType::String) {
      if (n > 0 && !t.strings)
        return bad("no strings given");
    } else {
      int64_t bytes;
      if (__builtin_mul_overflow(n, static_cast<int64_t>(dtypeSize(t.dtype)),
                                 &bytes))
        return bad("shape " + shapeString(t.shape) + " is too large");
      if (n > 0 && !t.data)
        return bad("no data given");
    }
  }
  return Status();
}

// Appends the tensor's bytes, checksumming them in cache-sized pieces just
// before each is written.
Status appendTensor(fileio::OutputFile &file, const NamedTensor &t,
                    tensorflow::BundleEntryProto *entry) {
  entry->set_dtype(static_cast<tensorflow::DataType>(t.dtype));
  tensorflow::TensorShapeProto *shape = entry->mutable_shape(); // even scalars
  for (int64_t d : t.shape)
    shape->add_dim()->set_size(d);
  entry->set_offset(static_cast<int64_t>(file.size()));
  int64_t n = 0;
  (void)numElements(t.shape, &n);
  uint32_t crc = 0;
  uint64_t size = 0;
  if (t.dtype == DType::String) {
    std::string encoded;
    encodeStrings(t.strings, n, &encoded, &crc);
    TFCC_CKPT_RETURN_IF_ERROR(file.append(encoded.data(), encoded.size()));
    size = encoded.size();
  } else {
    constexpr size_t kPiece = 4 << 20;
    size = static_cast<uint64_t>(n) * dtypeSize(t.dtype);
    const char *p = static_cast<const char *>(t.data);
    for (uint64_t done = 0; done < size;) {
      size_t piece = static_cast<size_t>(std::min<uint64_t>(kPiece, size - done));
      crc = crc32c::extend(crc, p + done, piece);
      TFCC_CKPT_RETURN_IF_ERROR(file.append(p + done, piece));
      done += piece;
    }
  }
  entry->set_size(static_cast<int64_t>(size));
  entry->set_crc32c(crc32c::mask(crc));
  return Status();
}

std::string buildIndex(const std::vector<NamedTensor> &tensors,
                       const std::vector<tensorflow::BundleEntryProto> &entries) {
  tensorflow::BundleHeaderProto header;
  header.set_num_shards(1);
  header.set_endianness(tensorflow::BundleHeaderProto::LITTLE);
  header.mutable_version()->set_producer(kBundleVersion);
  table::TableBuilder builder;
  builder.add(kHeaderKey, header.SerializeAsString());
  std::vector<size_t> order(tensors.size());
  for (size_t i = 0; i < order.size(); ++i)
    order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return tensors[a].name < tensors[b].name;
  });
  for (size_t i : order)
    builder.add(tensors[i].name, entries[i].SerializeAsString());
  return builder.finish();
}

} // namespace

Status save(const std::string &prefix, const std::vector<NamedTensor> &tensors,
            const SaveOptions &options) {
  TFCC_CKPT_RETURN_IF_ERROR(checkInputs(prefix, tensors));
  const std::string dir = fileio::dirName(prefix);
  TFCC_CKPT_RETURN_IF_ERROR(fileio::makeDirectories(dir));
  TFCC_CKPT_RETURN_IF_ERROR(finishInterruptedSave(prefix));

  const std::string data = dataFileName(prefix, 0, 1);
  const std::string index = indexFileName(prefix);
  const std::string dataTemp = data + kTempSuffix + fileio::randomSuffix();
  const std::string indexTemp = index + kTempSuffix + fileio::randomSuffix();
  const std::string dataPending = data + kPendingSuffix;
  const std::string indexPending = index + kPendingSuffix;
  auto sync = [&]() {
    return options.sync ? fileio::syncDirectory(dir) : Status();
  };

  std::vector<tensorflow::BundleEntryProto> entries;
  Status s = fileio::writeNewFile(
      dataTemp, options.sync, [&](fileio::OutputFile &file) {
        entries.resize(tensors.size());
        for (size_t i = 0; i < tensors.size(); ++i)
          TFCC_CKPT_RETURN_IF_ERROR(appendTensor(file, tensors[i], &entries[i]));
        return Status();
      });
  if (s.ok()) {
    std::string table = buildIndex(tensors, entries);
    s = fileio::writeNewFile(indexTemp, options.sync,
                             [&](fileio::OutputFile &file) {
                               return file.append(table.data(), table.size());
                             });
  }
  if (s.ok())
    s = fileio::renameFile(dataTemp, dataPending);
  if (s.ok())
    s = sync();
  if (s.ok())
    s = fileio::renameFile(indexTemp, indexPending); // the commit point
  if (!s.ok()) {
    (void)fileio::removeFile(dataTemp);
    (void)fileio::removeFile(indexTemp);
    (void)fileio::removeFile(dataPending);
    return s;
  }
  TFCC_CKPT_RETURN_IF_ERROR(sync());
  TFCC_CKPT_RETURN_IF_ERROR(fileio::renameFile(dataPending, data));
  TFCC_CKPT_RETURN_IF_ERROR(fileio::renameFile(indexPending, index));
  return sync();
}

} // namespace tfcc::checkpoint
