#include "runtime/checkpoint/FileIO.h"

#include <cerrno>
#include <cstring>
#include <random>

#include <dirent.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace tfcc::checkpoint::fileio {
namespace {

Status ioError(const std::string &path, const char *what, int err) {
  return Status::error(path + ": " + what + ": " + std::strerror(err));
}

constexpr size_t kBufferSize = 1 << 20;

} // namespace

std::string dirName(const std::string &path) {
  size_t slash = path.find_last_of('/');
  if (slash == std::string::npos)
    return ".";
  if (slash == 0)
    return "/";
  return path.substr(0, slash);
}

std::string baseName(const std::string &path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string joinPath(const std::string &dir, const std::string &name) {
  if (dir.empty() || dir == ".")
    return name;
  return dir.back() == '/' ? dir + name : dir + "/" + name;
}

std::string randomSuffix() {
  // One engine per thread, seeded from the OS, and reseeded in a forked
  // child: concurrent savers (threads or processes) must not pick the same
  // temporary name, nor a child the names its parent or siblings picked.
  thread_local std::mt19937_64 engine;
  thread_local pid_t seededIn = 0;
  if (seededIn != getpid()) {
    std::random_device device;
    engine.seed((uint64_t(device()) << 32) ^ device());
    seededIn = getpid();
  }
  return std::to_string(engine());
}

bool exists(const std::string &path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

Status fileSize(const std::string &path, uint64_t *size) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0)
    return ioError(path, "cannot stat", errno);
  *size = static_cast<uint64_t>(st.st_size);
  return Status();
}

Status readFile(const std::string &path, std::string *contents) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return ioError(path, "cannot open", errno);
  contents->clear();
  char buf[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      int err = errno;
      ::close(fd);
      return ioError(path, "read failed", err);
    }
    if (n == 0)
      break;
    contents->append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return Status();
}

Status makeDirectories(const std::string &dir) {
  if (dir.empty() || dir == "." || dir == "/")
    return Status();
  struct stat st;
  if (::stat(dir.c_str(), &st) == 0)
    return S_ISDIR(st.st_mode)
               ? Status()
               : Status::error(dir + ": exists and is not a directory");
  TFCC_CKPT_RETURN_IF_ERROR(makeDirectories(dirName(dir)));
  if (::mkdir(dir.c_str(), 0777) != 0 && errno != EEXIST)
    return ioError(dir, "cannot create directory", errno);
  return Status();
}

Status listDirectory(const std::string &dir, std::vector<std::string> *names) {
  DIR *d = ::opendir(dir.c_str());
  if (!d)
    return ioError(dir, "cannot list directory", errno);
  names->clear();
  while (struct dirent *e = ::readdir(d)) {
    std::string name = e->d_name;
    if (name != "." && name != "..")
      names->push_back(std::move(name));
  }
  ::closedir(d);
  return Status();
}

Status renameFile(const std::string &from, const std::string &to) {
  if (::rename(from.c_str(), to.c_str()) != 0)
    return Status::error(to + ": cannot rename " + from + " to it: " +
                         std::strerror(errno));
  return Status();
}

Status removeFile(const std::string &path) {
  if (::unlink(path.c_str()) != 0 && errno != ENOENT)
    return ioError(path, "cannot remove", errno);
  return Status();
}

Status syncDirectory(const std::string &dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    return ioError(dir, "cannot open directory to sync it", errno);
  int rc = ::fsync(fd);
  int err = errno;
  ::close(fd);
  // Some file systems cannot fsync a directory; the renames still happened.
  if (rc != 0 && err != EINVAL && err != ENOTSUP)
    return ioError(dir, "cannot sync directory", err);
  return Status();
}

Status writeFileAtomically(const std::string &path,
                           const std::string &contents) {
  std::string tmp = path + ".tmp" + randomSuffix();
  Status s = writeNewFile(tmp, /*sync=*/true, [&](OutputFile &file) {
    return file.append(contents.data(), contents.size());
  });
  if (s.ok())
    s = renameFile(tmp, path);
  if (!s.ok()) {
    (void)removeFile(tmp);
    return s;
  }
  return syncDirectory(dirName(path));
}

Status writeNewFile(const std::string &path, bool sync,
                    const std::function<Status(OutputFile &)> &write) {
  std::unique_ptr<OutputFile> file;
  TFCC_CKPT_RETURN_IF_ERROR(OutputFile::create(path, &file));
  Status s = write(*file);
  Status closed = file->close(sync);
  return s.ok() ? closed : s;
}

OutputFile::OutputFile(std::string path, int fd)
    : path_(std::move(path)), fd_(fd) {
  buffer_.reserve(kBufferSize);
}

OutputFile::~OutputFile() {
  if (fd_ >= 0)
    ::close(fd_);
}

Status OutputFile::create(const std::string &path,
                          std::unique_ptr<OutputFile> *out) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0)
    return ioError(path, "cannot create", errno);
  out->reset(new OutputFile(path, fd));
  return Status();
}

Status OutputFile::writeAll(const void *data, size_t n) {
  const char *p = static_cast<const char *>(data);
  while (n > 0) {
    // Linux writes at most ~2 GiB per call; loop for the rest.
    ssize_t w = ::write(fd_, p, n < (1u << 30) ? n : (1u << 30));
    if (w < 0 && errno == EINTR)
      continue;
    if (w < 0)
      return ioError(path_, "write failed", errno);
    p += w;
    n -= static_cast<size_t>(w);
    written_ += static_cast<uint64_t>(w);
  }
  return Status();
}

Status OutputFile::flush() {
  Status s = writeAll(buffer_.data(), buffer_.size());
  buffer_.clear();
  return s;
}

Status OutputFile::append(const void *data, size_t n) {
  if (buffer_.size() + n <= kBufferSize) {
    buffer_.append(static_cast<const char *>(data), n);
    return Status();
  }
  TFCC_CKPT_RETURN_IF_ERROR(flush());
  if (n >= kBufferSize)
    return writeAll(data, n);
  buffer_.append(static_cast<const char *>(data), n);
  return Status();
}

Status OutputFile::close(bool sync) {
  Status s = flush();
  if (s.ok() && sync && ::fsync(fd_) != 0)
    s = ioError(path_, "fsync failed", errno);
  if (::close(fd_) != 0 && s.ok())
    s = ioError(path_, "close failed", errno);
  fd_ = -1;
  return s;
}

MappedFile::~MappedFile() {
  if (size_ > 0)
    ::munmap(const_cast<char *>(data_), size_);
}

Status MappedFile::open(const std::string &path,
                        std::unique_ptr<MappedFile> *out) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return ioError(path, "cannot open", errno);
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    return ioError(path, "cannot stat", err);
  }
  uint64_t size = static_cast<uint64_t>(st.st_size);
  void *data = nullptr;
  if (size > 0) {
    data = ::mmap(nullptr, size, PROT_READ, MAP_SHARED, fd, 0);
    if (data == MAP_FAILED) {
      int err = errno;
      ::close(fd);
      return ioError(path, "cannot map", err);
    }
  }
  ::close(fd); // the mapping keeps the file open
  out->reset(new MappedFile(static_cast<const char *>(data), size));
  return Status();
}

void MappedFile::willRead(uint64_t offset, uint64_t n) const {
  if (n == 0)
    return;
  long page = ::sysconf(_SC_PAGESIZE);
  uint64_t start = offset - offset % static_cast<uint64_t>(page);
  char *p = const_cast<char *>(data_) + start;
  size_t len = offset + n - start;
#ifdef MADV_POPULATE_READ
  // Maps the whole range in one call instead of a page fault per 64 KiB;
  // it also reads it in when it is not cached. Older kernels refuse it.
  if (::madvise(p, len, MADV_POPULATE_READ) == 0)
    return;
#endif
  ::madvise(p, len, MADV_WILLNEED);
}

} // namespace tfcc::checkpoint::fileio
