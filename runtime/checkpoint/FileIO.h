// POSIX file helpers for checkpoints: durable writes, renames, mappings.
// Internal to tfcc_checkpoint; every error names the file.
#ifndef TFCC_RUNTIME_CHECKPOINT_FILEIO_H
#define TFCC_RUNTIME_CHECKPOINT_FILEIO_H

#include "runtime/checkpoint/Status.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace tfcc::checkpoint::fileio {

std::string dirName(const std::string &path);  // "." when there is no '/'
std::string baseName(const std::string &path);
std::string joinPath(const std::string &dir, const std::string &name);

// A random decimal number for temporary file names, as TF's ".tempstate<N>".
std::string randomSuffix();

bool exists(const std::string &path);
Status fileSize(const std::string &path, uint64_t *size);
Status readFile(const std::string &path, std::string *contents);
Status makeDirectories(const std::string &dir);
Status listDirectory(const std::string &dir, std::vector<std::string> *names);
Status renameFile(const std::string &from, const std::string &to);
// Succeeds when the file is already gone.
Status removeFile(const std::string &path);
// Makes renames and creations in `dir` durable.
Status syncDirectory(const std::string &dir);

// Writes `contents` to `path` through a temporary file in the same
// directory, fsynced and renamed into place: readers see the old file or the
// new one, never a part.
Status writeFileAtomically(const std::string &path, const std::string &contents);

// A new file, written through a buffer. Large appends bypass the buffer.
class OutputFile {
public:
  ~OutputFile();
  // Creates `path`, which must not exist.
  static Status create(const std::string &path, std::unique_ptr<OutputFile> *out);
  Status append(const void *data, size_t n);
  // Flushes, fsyncs when `sync`, and closes.
  Status close(bool sync);
  uint64_t size() const { return written_ + buffer_.size(); }
  const std::string &path() const { return path_; }

private:
  OutputFile(std::string path, int fd);
  Status writeAll(const void *data, size_t n);
  Status flush();

  std::string path_;
  int fd_;
  std::string buffer_;
  uint64_t written_ = 0;
};

// Creates `path` (which must not exist), fills it with `write`, and closes
// it, fsynced when `sync`.
Status writeNewFile(const std::string &path, bool sync,
                    const std::function<Status(OutputFile &)> &write);

// A read-only mapping of a whole file. The mapping holds the file it opened
// even when the path is later replaced, which is what saves (ours and TF's)
// do; truncating the file in place under a reader would fault it.
class MappedFile {
public:
  ~MappedFile();
  static Status open(const std::string &path, std::unique_ptr<MappedFile> *out);
  const char *data() const { return data_; }
  uint64_t size() const { return size_; }
  // Hints that [offset, offset+n) is about to be read front to back.
  void willRead(uint64_t offset, uint64_t n) const;

private:
  MappedFile(const char *data, uint64_t size) : data_(data), size_(size) {}
  const char *data_;
  uint64_t size_;
};

} // namespace tfcc::checkpoint::fileio

#endif // TFCC_RUNTIME_CHECKPOINT_FILEIO_H
