#include "runtime/session/Library.h"

#include <dlfcn.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>

namespace tfcc::session {

Status LoadModelLibrary(const std::string &path, std::shared_ptr<void> *library,
                        const tfcc_model_info **model) {
  // dlopen would search the library path for a bare name and report a
  // missing file vaguely; check the file first.
  struct stat st;
  if (::stat(path.c_str(), &st) != 0)
    return Status(TFCC_INVALID_ARGUMENT, "cannot open model library '" + path +
                                             "': " + std::strerror(errno));
  if (!S_ISREG(st.st_mode))
    return Status(TFCC_INVALID_ARGUMENT,
                  "cannot open model library '" + path + "': not a file");
  const std::string where = path.find('/') == std::string::npos ? "./" + path : path;
  void *handle = ::dlopen(where.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char *error = ::dlerror();
    return Status(TFCC_INVALID_ARGUMENT, "cannot load model library '" + path +
                                             "': " + (error ? error : "dlopen failed"));
  }
  std::shared_ptr<void> owned(handle, [](void *h) { ::dlclose(h); });
  ::dlerror();
  const auto *info =
      static_cast<const tfcc_model_info *>(::dlsym(handle, TFCC_MODEL_INFO_SYMBOL));
  if (!info)
    return Status(TFCC_INVALID_ARGUMENT,
                  "'" + path + "' is not a tfcc model: it does not export " +
                      TFCC_MODEL_INFO_SYMBOL);
  if (info->abi_version != TFCC_ABI_VERSION)
    return Status(TFCC_INVALID_ARGUMENT,
                  "'" + path + "' was compiled for tfcc ABI version " +
                      std::to_string(info->abi_version) +
                      ", this runtime expects version " +
                      std::to_string(TFCC_ABI_VERSION));
  *library = std::move(owned);
  *model = info;
  return Status::OK();
}

} // namespace tfcc::session
