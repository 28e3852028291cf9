//===- Linker.cpp - packaging objects as libraries and executables ---------===//
#include "compiler/codegen/Linker.h"

#include "llvm/Object/ArchiveWriter.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Program.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"

namespace tfcc::codegen {

static llvm::Error error(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

llvm::Error writeStaticLibrary(const std::string &path, const std::string &object,
                               const std::string &member) {
  auto buffer = llvm::MemoryBuffer::getMemBuffer(object, member, false);
  std::vector<llvm::NewArchiveMember> members;
  members.emplace_back(buffer->getMemBufferRef());
  return llvm::writeArchive(path, members, llvm::SymtabWritingMode::NormalSymtab,
                            llvm::object::Archive::K_GNU, /*Deterministic=*/true,
                            /*Thin=*/false);
}

static llvm::Error runLinker(std::vector<std::string> args, const std::string &outPath,
                             const std::string &displayPath) {
  const char *cxxEnv = std::getenv("CXX");
  std::string driver = cxxEnv && *cxxEnv ? cxxEnv : "c++";
  auto program = llvm::sys::findProgramByName(driver);
  if (!program)
    return error("cannot find the C++ compiler driver '" + driver +
                 "' needed to link (set CXX, or emit an object or static library)");
  args.insert(args.begin(), *program);
#ifdef TFCC_RUNTIME_LINK_FLAGS
  args.push_back(TFCC_RUNTIME_LINK_FLAGS);
#endif
  std::vector<llvm::StringRef> argv(args.begin(), args.end());
  // The linker's own messages go into the one error line, not to the terminal.
  llvm::SmallString<128> log;
  if (llvm::sys::fs::createTemporaryFile("tfcc-link", "log", log))
    return error("cannot create a temporary file for the linker's messages");
  std::optional<llvm::StringRef> redirects[] = {std::nullopt, log.str(), log.str()};
  std::string message;
  int rc = llvm::sys::ExecuteAndWait(*program, argv, std::nullopt, redirects, 0, 0, &message);
  std::string output;
  if (auto buf = llvm::MemoryBuffer::getFile(log))
    output = (*buf)->getBuffer().trim().str();
  llvm::sys::fs::remove(log);
  if (rc != 0) {
    llvm::sys::fs::remove(outPath);
    std::string first;
    for (llvm::StringRef line : llvm::split(output, '\n'))
      if (line.contains("error") || line.contains("undefined")) {
        first = line.trim().str();
        break;
      }
    if (first.empty())
      first = message.empty() ? "exit " + std::to_string(rc) : message;
    return error("linking " + displayPath + " with " + *program + " failed: " + first);
  }
  return llvm::Error::success();
}

static llvm::Error checkRuntime(const std::string &dir, const char *lib) {
  std::string path = dir + "/" + lib;
  if (!llvm::sys::fs::exists(path))
    return error("the tfcc runtime library " + path + " is missing");
  return llvm::Error::success();
}

llvm::Error linkSharedLibrary(const std::string &objectPath, const std::string &outPath,
                              const std::string &runtimeLibDir, const std::string &displayPath) {
  if (auto e = checkRuntime(runtimeLibDir, "libtfcc_runtime.a"))
    return e;
  return runLinker({"-shared", "-o", outPath, objectPath, "-L" + runtimeLibDir, "-ltfcc_runtime",
                    "-lpthread", "-lm"},
                   outPath, displayPath);
}

llvm::Error linkExecutable(const std::string &objectPath, const std::string &outPath,
                           const std::string &runtimeLibDir, const std::string &displayPath) {
  if (auto e = checkRuntime(runtimeLibDir, "libtfcc_driver.a"))
    return e;
  return runLinker({"-o", outPath, objectPath, "-L" + runtimeLibDir, "-ltfcc_driver",
                    "-ltfcc_runtime", "-lpthread", "-lm"},
                   outPath, displayPath);
}

} // namespace tfcc::codegen
