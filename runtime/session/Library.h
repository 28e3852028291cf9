// Loading a model built with `tfcc compile --emit=shared-lib`.
#ifndef TFCC_RUNTIME_SESSION_LIBRARY_H
#define TFCC_RUNTIME_SESSION_LIBRARY_H

#include "tfcc/abi.h"
#include "tfcc/model.h"

#include <memory>
#include <string>

namespace tfcc::session {

// dlopens `path` (RTLD_NOW | RTLD_LOCAL) and finds its model table under
// TFCC_MODEL_INFO_SYMBOL. The handle closes the library when the last copy
// goes. Errors name the file: missing, not loadable, not a tfcc model, or
// built for another ABI version.
Status LoadModelLibrary(const std::string &path, std::shared_ptr<void> *library,
                        const tfcc_model_info **model);

} // namespace tfcc::session

#endif // TFCC_RUNTIME_SESSION_LIBRARY_H
