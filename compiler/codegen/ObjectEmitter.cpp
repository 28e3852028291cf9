//===- ObjectEmitter.cpp - LLVM dialect to an x86-64 object ---------------===//
//
// Translates the lowered module to LLVM IR, adds one C entry point per
// signature (unpacking the call frame of include/tfcc/abi.h) and the
// metadata table, optimizes at -O3 for the target CPU and writes an ELF
// object, all in-process.
//
//===----------------------------------------------------------------------===//
#include "compiler/codegen/Codegen.h"
#include "tfcc/abi.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"
#include "llvm/TargetParser/Host.h"

namespace tfcc::codegen {
namespace {

llvm::Error error(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

/// Builds the constant tables of abi.h in `m`.
class MetadataBuilder {
public:
  explicit MetadataBuilder(llvm::Module &m)
      : m(m), ctx(m.getContext()), ptr(llvm::PointerType::getUnqual(ctx)),
        i32(llvm::Type::getInt32Ty(ctx)), i64(llvm::Type::getInt64Ty(ctx)) {
    tensorInfo = llvm::StructType::create(ctx, {ptr, i32, i32, ptr, i64, i64}, "tfcc_tensor_info");
    signatureInfo = llvm::StructType::create(
        ctx, {ptr, ptr, i32, i32, ptr, ptr, i32, i32, ptr, i64, ptr}, "tfcc_signature_info");
    checkpointEntry =
        llvm::StructType::create(ctx, {ptr, i32, i32, ptr, i64}, "tfcc_checkpoint_entry");
    checkpointPlan = llvm::StructType::create(ctx, {i32, i32, ptr}, "tfcc_checkpoint_plan");
    modelInfo = llvm::StructType::create(ctx, {i32, i32, ptr, ptr, i32, i32, ptr}, "tfcc_model_info");
  }

  llvm::Constant *string(llvm::StringRef s) {
    auto *data = llvm::ConstantDataArray::getString(ctx, s, /*AddNull=*/true);
    auto *g = new llvm::GlobalVariable(m, data->getType(), true, llvm::GlobalValue::PrivateLinkage,
                                       data, ".tfcc.str");
    g->setUnnamedAddr(llvm::GlobalValue::UnnamedAddr::Global);
    return g;
  }

  llvm::Constant *array(llvm::Type *elt, llvm::ArrayRef<llvm::Constant *> items, const char *name) {
    if (items.empty())
      return llvm::ConstantPointerNull::get(ptr);
    auto *type = llvm::ArrayType::get(elt, items.size());
    return new llvm::GlobalVariable(m, type, true, llvm::GlobalValue::PrivateLinkage,
                                    llvm::ConstantArray::get(type, items), name);
  }

  llvm::Constant *tensors(const std::vector<TensorDesc> &list) {
    std::vector<llvm::Constant *> items;
    for (const TensorDesc &t : list) {
      std::vector<llvm::Constant *> dims;
      for (int64_t d : t.dims)
        dims.push_back(llvm::ConstantInt::get(i64, d));
      items.push_back(llvm::ConstantStruct::get(
          tensorInfo, {string(t.name), llvm::ConstantInt::get(i32, t.dtype),
                       llvm::ConstantInt::get(i32, t.dims.size()), array(i64, dims, ".tfcc.dims"),
                       llvm::ConstantInt::get(i64, t.numElements),
                       llvm::ConstantInt::get(i64, t.byteSize)}));
    }
    return array(tensorInfo, items, ".tfcc.tensors");
  }

  /// The tfcc_checkpoint_plan of a checkpoint signature, else null.
  llvm::Constant *checkpoint(const SignatureDesc &sig) {
    if (!sig.checkpointKind)
      return llvm::ConstantPointerNull::get(ptr);
    std::vector<llvm::Constant *> entries;
    for (const CheckpointEntryDesc &e : sig.checkpointEntries)
      entries.push_back(llvm::ConstantStruct::get(
          checkpointEntry,
          {string(e.key), llvm::ConstantInt::get(i32, e.variable), llvm::ConstantInt::get(i32, 0),
           e.variable < 0 ? string(e.constant) : llvm::ConstantPointerNull::get(ptr),
           llvm::ConstantInt::get(i64, e.constant.size())}));
    auto *plan = llvm::ConstantStruct::get(
        checkpointPlan, {llvm::ConstantInt::get(i32, sig.checkpointKind),
                         llvm::ConstantInt::get(i32, entries.size()),
                         array(checkpointEntry, entries, ".tfcc.checkpoint_entries")});
    return new llvm::GlobalVariable(m, checkpointPlan, true, llvm::GlobalValue::PrivateLinkage,
                                    plan, ".tfcc.checkpoint");
  }

  llvm::GlobalVariable *model(const ModelDesc &desc, llvm::ArrayRef<llvm::Function *> entries) {
    std::vector<llvm::Constant *> sigs;
    for (auto [sig, entry] : llvm::zip(desc.signatures, entries)) {
      std::vector<llvm::Constant *> targets;
      for (const std::string &t : sig.targets)
        targets.push_back(string(t));
      sigs.push_back(llvm::ConstantStruct::get(
          signatureInfo,
          {string(sig.name),
           entry ? static_cast<llvm::Constant *>(entry) : llvm::ConstantPointerNull::get(ptr),
           llvm::ConstantInt::get(i32, sig.args.size()),
           llvm::ConstantInt::get(i32, sig.results.size()), tensors(sig.args), tensors(sig.results),
           llvm::ConstantInt::get(i32, targets.size()),
           llvm::ConstantInt::get(i32, sig.writesVariables ? 1 : 0),
           array(ptr, targets, ".tfcc.targets"), llvm::ConstantInt::get(i64, sig.arenaSize),
           checkpoint(sig)}));
    }
    auto *info = llvm::ConstantStruct::get(
        modelInfo, {llvm::ConstantInt::get(i32, TFCC_ABI_VERSION),
                    llvm::ConstantInt::get(i32, sigs.size()), string(desc.name),
                    array(signatureInfo, sigs, ".tfcc.signatures"),
                    llvm::ConstantInt::get(i32, desc.variables.size()), llvm::ConstantInt::get(i32, 0),
                    tensors(desc.variables)});
    return new llvm::GlobalVariable(m, modelInfo, true, llvm::GlobalValue::ExternalLinkage, info,
                                    desc.prefix + "_info");
  }

private:
  llvm::Module &m;
  llvm::LLVMContext &ctx;
  llvm::PointerType *ptr;
  llvm::IntegerType *i32, *i64;
  llvm::StructType *tensorInfo, *signatureInfo, *modelInfo, *checkpointEntry, *checkpointPlan;
};

/// int32_t <symbol>(tfcc_call_frame *frame): loads the buffers out of the
/// frame and calls the implementation.
llvm::Expected<llvm::Function *> buildEntry(llvm::Module &m, const SignatureDesc &sig,
                                            size_t numVariables) {
  llvm::Function *impl = m.getFunction(sig.symbol + "_impl");
  if (!impl)
    return error("internal error: no implementation for signature " + sig.name);
  // feeds, variables, results, runtime, arena
  size_t expected = sig.args.size() + numVariables + sig.results.size() + 2;
  if (impl->arg_size() != expected)
    return error("internal error: signature " + sig.name + " lowered to " +
                 llvm::Twine(impl->arg_size()) + " parameters, expected " + llvm::Twine(expected));
  impl->setLinkage(llvm::GlobalValue::InternalLinkage);
  // The ABI promises distinct buffers, which lets LLVM vectorize freely
  // (the runtime context is opaque, the last two are runtime and arena).
  for (llvm::Argument &a : impl->args())
    if (a.getArgNo() + 2 != impl->arg_size())
      a.addAttr(llvm::Attribute::NoAlias);

  llvm::LLVMContext &ctx = m.getContext();
  auto *ptr = llvm::PointerType::getUnqual(ctx);
  auto *i32 = llvm::Type::getInt32Ty(ctx);
  auto *fnType = llvm::FunctionType::get(i32, {ptr}, false);
  auto *entry = llvm::Function::Create(fnType, llvm::GlobalValue::ExternalLinkage, sig.symbol, m);
  llvm::IRBuilder<> b(llvm::BasicBlock::Create(ctx, "entry", entry));
  auto *frameType = llvm::StructType::get(ctx, {ptr, ptr, ptr, ptr, ptr, ptr});
  llvm::Value *frame = entry->getArg(0);
  auto field = [&](unsigned i) {
    return b.CreateLoad(ptr, b.CreateStructGEP(frameType, frame, i));
  };
  llvm::Value *args = field(0), *results = field(1), *variables = field(2), *arena = field(3),
              *runtime = field(4);
  std::vector<llvm::Value *> operands;
  for (size_t i = 0; i < sig.args.size(); ++i)
    operands.push_back(b.CreateLoad(ptr, b.CreateConstGEP1_64(ptr, args, i)));
  for (size_t i = 0; i < numVariables; ++i)
    operands.push_back(b.CreateLoad(ptr, b.CreateConstGEP1_64(ptr, variables, i)));
  for (size_t i = 0; i < sig.results.size(); ++i)
    operands.push_back(b.CreateLoad(ptr, b.CreateConstGEP1_64(ptr, results, i)));
  operands.push_back(runtime);
  operands.push_back(arena);
  b.CreateCall(impl, operands);
  b.CreateRet(llvm::ConstantInt::get(i32, 0));
  return entry;
}

llvm::Expected<std::unique_ptr<llvm::TargetMachine>> makeTargetMachine(const TargetOptions &opts,
                                                                       std::string &features) {
  static bool init = [] {
    LLVMInitializeX86TargetInfo();
    LLVMInitializeX86Target();
    LLVMInitializeX86TargetMC();
    LLVMInitializeX86AsmPrinter();
    return true;
  }();
  (void)init;
  llvm::Triple triple("x86_64-unknown-linux-gnu");
  std::string err;
  const llvm::Target *target = llvm::TargetRegistry::lookupTarget(triple, err);
  if (!target)
    return error("no x86-64 target in this LLVM: " + err);
  std::string cpu = opts.cpu;
  features = opts.features;
  if (cpu == "native") {
    cpu = llvm::sys::getHostCPUName().str();
    for (auto &f : llvm::sys::getHostCPUFeatures())
      features += std::string(features.empty() ? "" : ",") + (f.second ? "+" : "-") + f.first().str();
  }
  llvm::MCSubtargetInfo *probe = target->createMCSubtargetInfo(triple, cpu, "");
  bool known = probe && probe->isCPUStringValid(cpu);
  delete probe;
  if (!known)
    return error("unknown target CPU '" + cpu + "' (try x86-64-v3, skylake-avx512, native)");
  llvm::TargetOptions to;
  std::unique_ptr<llvm::TargetMachine> tm(target->createTargetMachine(
      triple, cpu, features, to, llvm::Reloc::PIC_, std::nullopt,
      opts.optLevel >= 3 ? llvm::CodeGenOptLevel::Aggressive : llvm::CodeGenOptLevel::Default));
  if (!tm)
    return error("cannot create a target machine for " + cpu);
  return tm;
}

} // namespace

llvm::Expected<std::string> emitObject(mlir::ModuleOp module, const ModelDesc &desc,
                                       const TargetOptions &opts, std::string *llvmIR) {
  std::string features;
  auto tm = makeTargetMachine(opts, features);
  if (!tm)
    return tm.takeError();

  // The tfcc.* argument attributes (feed/fetch names, runtime, arena) are
  // in `desc` already. Left on, each would make the translation build a
  // warning that prints the whole function: quadratic in the model's size
  // (minutes for ResNet-50's 430 variables).
  module.walk([](mlir::LLVM::LLVMFuncOp fn) {
    for (unsigned i = 0, e = fn.getNumArguments(); i < e; ++i) {
      mlir::DictionaryAttr attrs = fn.getArgAttrDict(i);
      if (!attrs)
        continue;
      llvm::SmallVector<mlir::NamedAttribute> kept;
      for (mlir::NamedAttribute a : attrs)
        if (!a.getName().strref().starts_with("tfcc."))
          kept.push_back(a);
      fn.setArgAttrs(i, kept);
    }
  });
  llvm::LLVMContext ctx;
  std::unique_ptr<llvm::Module> m = mlir::translateModuleToLLVMIR(module, ctx, desc.name);
  if (!m)
    return error("internal error: the lowered module does not translate to LLVM IR");
  m->setTargetTriple((*tm)->getTargetTriple());
  m->setDataLayout((*tm)->createDataLayout());

  std::vector<llvm::Function *> entries;
  for (const SignatureDesc &sig : desc.signatures) {
    if (sig.checkpointKind) { // run by the runtime
      entries.push_back(nullptr);
      continue;
    }
    auto entry = buildEntry(*m, sig, desc.variables.size());
    if (!entry)
      return entry.takeError();
    entries.push_back(*entry);
  }
  MetadataBuilder meta(*m);
  llvm::GlobalVariable *info = meta.model(desc, entries);
  if (opts.exportFixedSymbol)
    llvm::GlobalAlias::create(llvm::GlobalValue::ExternalLinkage, "tfcc_model_info_v1", info);

  std::string cpu = (*tm)->getTargetCPU().str();
  std::string allFeatures = (*tm)->getTargetFeatureString().str();
  for (llvm::Function &f : *m) {
    if (f.isDeclaration())
      continue;
    f.addFnAttr("target-cpu", cpu);
    if (!allFeatures.empty())
      f.addFnAttr("target-features", allFeatures);
  }
  if (llvm::verifyModule(*m, &llvm::errs()))
    return error("internal error: generated LLVM IR does not verify");

  // -O3 with the target's cost model, then code generation.
  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  llvm::OptimizationLevel level = opts.optLevel >= 3   ? llvm::OptimizationLevel::O3
                                  : opts.optLevel == 2 ? llvm::OptimizationLevel::O2
                                  : opts.optLevel == 1 ? llvm::OptimizationLevel::O1
                                                       : llvm::OptimizationLevel::O0;
  // PipelineTuningOptions leaves the SLP vectorizer off; clang and opt turn
  // it on from -O2. Without it the fully unrolled small loops (bias adds,
  // optimizer updates of short vectors) stay scalar.
  llvm::PipelineTuningOptions tuning;
  tuning.SLPVectorization = opts.optLevel >= 2;
  tuning.LoopVectorization = opts.optLevel >= 2;
  tuning.LoopInterleaving = opts.optLevel >= 2;
  llvm::PassBuilder pb(tm->get(), tuning);
  pb.registerModuleAnalyses(mam);
  pb.registerCGSCCAnalyses(cgam);
  pb.registerFunctionAnalyses(fam);
  pb.registerLoopAnalyses(lam);
  pb.crossRegisterProxies(lam, fam, cgam, mam);
  if (level == llvm::OptimizationLevel::O0)
    pb.buildO0DefaultPipeline(level).run(*m, mam);
  else
    pb.buildPerModuleDefaultPipeline(level).run(*m, mam);
  if (llvmIR) {
    llvm::raw_string_ostream os(*llvmIR);
    m->print(os, nullptr);
  }

  llvm::SmallVector<char, 0> buffer;
  llvm::raw_svector_ostream os(buffer);
  llvm::legacy::PassManager codegen;
  if ((*tm)->addPassesToEmitFile(codegen, os, nullptr, llvm::CodeGenFileType::ObjectFile))
    return error("the target cannot emit object files");
  codegen.run(*m);
  return std::string(buffer.begin(), buffer.end());
}

} // namespace tfcc::codegen
