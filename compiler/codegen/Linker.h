//===- Linker.h - packaging objects as libraries and executables -*- C++ -*-===//
#ifndef TFCC_CODEGEN_LINKER_H
#define TFCC_CODEGEN_LINKER_H

#include "llvm/Support/Error.h"

#include <string>

namespace tfcc::codegen {

/// Writes a static archive holding one object (named `member`).
llvm::Error writeStaticLibrary(const std::string &path, const std::string &object,
                               const std::string &member);

/// Links `objectPath` with the runtime (and, for executables, the .npy driver)
/// from `runtimeLibDir` using the system C++ compiler driver ($CXX or c++).
/// Errors name `displayPath` (the final output; outPath may be a temporary).
llvm::Error linkSharedLibrary(const std::string &objectPath, const std::string &outPath,
                              const std::string &runtimeLibDir, const std::string &displayPath);
llvm::Error linkExecutable(const std::string &objectPath, const std::string &outPath,
                           const std::string &runtimeLibDir, const std::string &displayPath);

} // namespace tfcc::codegen

#endif // TFCC_CODEGEN_LINKER_H
