//===- CallKernels.cpp - the tfcc-call-kernels pass -----------------------===//
#include "compiler/codegen/Passes.h"

#include "mlir/IR/Matchers.h"
#include "tfcc/kernels.h"

namespace mlir::tfcc {
#define GEN_PASS_DEF_CALLKERNELS
#include "compiler/codegen/Passes.h.inc"
} // namespace mlir::tfcc

using namespace mlir;

namespace {
bool contiguousF32(Value v) {
  auto t = dyn_cast<MemRefType>(v.getType());
  return t && t.hasStaticShape() && t.getLayout().isIdentity() && t.getElementType().isF32();
}

/// A bias-and-activation epilogue reading `buffer`: an elementwise generic
/// with inputs (buffer, bias[last dim]) whose body is add, then optionally
/// max(., 0) and min(., 6).
struct Epilogue {
  linalg::GenericOp op;
  Value bias, output;
  int32_t activation = TFCC_ACT_NONE;
};

bool isConstantFloat(Value v, double expected) {
  FloatAttr attr;
  return matchPattern(v, m_Constant(&attr)) && attr.getValueAsDouble() == expected;
}

/// A fill or copy that only gives `buffer` the product's initial value.
bool isInit(Operation *op, Value buffer) {
  if (auto fill = dyn_cast<linalg::FillOp>(op))
    return fill.getDpsInitOperand(0)->get() == buffer;
  if (auto copy = dyn_cast<memref::CopyOp>(op))
    return copy.getTarget() == buffer;
  return false;
}

/// The one generic that reads `buffer` besides its writer and its
/// initialization, or null when there is none or something else reads it
/// too (then the result must stay in `buffer`).
linalg::GenericOp soleReader(Value buffer, Operation *writer) {
  linalg::GenericOp found;
  for (Operation *user : buffer.getUsers()) {
    if (user == writer || isInit(user, buffer))
      continue;
    auto g = dyn_cast<linalg::GenericOp>(user);
    if (!g || found)
      return {};
    found = g;
  }
  return found;
}

std::optional<Epilogue> matchEpilogue(Value buffer, Operation *producer) {
  linalg::GenericOp found = soleReader(buffer, producer);
  if (!found || found.getNumDpsInputs() != 2 || found.getNumDpsInits() != 1 ||
      found.getNumLoops() != found.getNumParallelLoops() ||
      found.getDpsInputOperand(0)->get() != buffer)
    return std::nullopt;
  auto maps = found.getIndexingMapsArray();
  int64_t rank = maps[0].getNumDims();
  if (!maps[0].isIdentity() || !maps[2].isIdentity() || maps[1].getNumResults() != 1 ||
      maps[1].getResult(0) != getAffineDimExpr(rank - 1, found.getContext()))
    return std::nullopt;
  Value bias = found.getDpsInputOperand(1)->get();
  Value out = found.getDpsInitOperand(0)->get();
  if (!contiguousF32(bias) || !contiguousF32(out) || out.getType() != buffer.getType())
    return std::nullopt;
  // The body: add(in0, in1) [-> maximumf(., 0) [-> minimumf(., 6)]] -> yield.
  Block &body = found.getRegion().front();
  Value in0 = body.getArgument(0), in1 = body.getArgument(1);
  auto it = body.begin();
  auto add = dyn_cast<arith::AddFOp>(*it);
  if (!add || !((add.getLhs() == in0 && add.getRhs() == in1) ||
                (add.getLhs() == in1 && add.getRhs() == in0)))
    return std::nullopt;
  Value v = add;
  int32_t act = TFCC_ACT_NONE;
  ++it;
  if (auto mx = dyn_cast<arith::MaximumFOp>(*it)) {
    Value other = mx.getLhs() == v ? mx.getRhs() : mx.getLhs();
    if ((mx.getLhs() != v && mx.getRhs() != v) || !isConstantFloat(other, 0.0))
      return std::nullopt;
    v = mx, act = TFCC_ACT_RELU, ++it;
    if (auto mn = dyn_cast<arith::MinimumFOp>(*it)) {
      Value o = mn.getLhs() == v ? mn.getRhs() : mn.getLhs();
      if ((mn.getLhs() != v && mn.getRhs() != v) || !isConstantFloat(o, 6.0))
        return std::nullopt;
      v = mn, act = TFCC_ACT_RELU6, ++it;
    }
  }
  auto yield = dyn_cast<linalg::YieldOp>(*it);
  if (!yield || yield.getNumOperands() != 1 || yield.getOperand(0) != v)
    return std::nullopt;
  return Epilogue{found, bias, out, act};
}

/// A max-pool that alone reads `buffer`, written by `writer`: the window
/// nest buildMaxPool makes (ConvLowering.cpp) over unpadded windows,
/// maxnumf(best, tap) from a fill of its output with the lowest finite
/// value. The runtime's fused kernel computes exactly that.
struct MaxPool {
  linalg::GenericOp op;
  linalg::FillOp init;
  Value output;
  int64_t h, w, strideH, strideW, pooledH, pooledW;
};

/// The coefficient of dimension `dim` in the affine function `e`.
std::optional<int64_t> coefficient(AffineExpr e, unsigned dim, unsigned numDims) {
  MLIRContext *ctx = e.getContext();
  SmallVector<AffineExpr> zeros(numDims, getAffineConstantExpr(0, ctx));
  SmallVector<AffineExpr> unit = zeros;
  unit[dim] = getAffineConstantExpr(1, ctx);
  auto at = [&](ArrayRef<AffineExpr> dims) -> std::optional<int64_t> {
    if (auto c = dyn_cast<AffineConstantExpr>(e.replaceDims(dims)))
      return c.getValue();
    return std::nullopt;
  };
  std::optional<int64_t> base = at(zeros), one = at(unit);
  if (!base || !one)
    return std::nullopt;
  return *one - *base;
}

std::optional<MaxPool> matchMaxPool(Value buffer, Operation *writer) {
  linalg::GenericOp found = soleReader(buffer, writer);
  if (!found || found.getNumDpsInputs() != 2 || found.getNumDpsInits() != 1 ||
      found.getNumLoops() != 6 || found.getDpsInputOperand(0)->get() != buffer)
    return std::nullopt;
  auto iterators = found.getIteratorTypesArray();
  for (unsigned i = 0; i < 6; ++i)
    if (iterators[i] != (i < 4 ? utils::IteratorType::parallel : utils::IteratorType::reduction))
      return std::nullopt;
  // The body: yield maxnumf(out, in0).
  Block &body = found.getRegion().front();
  auto max = dyn_cast<arith::MaxNumFOp>(body.front());
  auto yield = dyn_cast<linalg::YieldOp>(body.getTerminator());
  Value in0 = body.getArgument(0), acc = body.getArgument(2);
  if (!max || !yield || yield.getNumOperands() != 1 || yield.getOperand(0) != max ||
      !((max.getLhs() == acc && max.getRhs() == in0) ||
        (max.getLhs() == in0 && max.getRhs() == acc)))
    return std::nullopt;
  // Maps: input (n, y*sh + ky, x*sw + kx, c), window (ky, kx), output (n, y, x, c).
  MLIRContext *ctx = found.getContext();
  auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
  auto maps = found.getIndexingMapsArray();
  if (maps[0].getNumResults() != 4)
    return std::nullopt;
  std::optional<int64_t> sh = coefficient(maps[0].getResult(1), 1, 6),
                         sw = coefficient(maps[0].getResult(2), 2, 6);
  if (!sh || !sw || *sh < 1 || *sw < 1 ||
      maps[0] != AffineMap::get(6, 0, {d(0), d(1) * *sh + d(4), d(2) * *sw + d(5), d(3)}, ctx) ||
      maps[1] != AffineMap::get(6, 0, {d(4), d(5)}, ctx) ||
      maps[2] != AffineMap::get(6, 0, {d(0), d(1), d(2), d(3)}, ctx))
    return std::nullopt;
  auto window = dyn_cast<MemRefType>(found.getDpsInputOperand(1)->get().getType());
  Value output = found.getDpsInitOperand(0)->get();
  if (!window || !window.hasStaticShape() || window.getRank() != 2 || !contiguousF32(output))
    return std::nullopt;
  // The output starts from the lowest finite float, as the kernel's windows do.
  linalg::FillOp init;
  for (Operation *user : output.getUsers())
    if (auto fill = dyn_cast<linalg::FillOp>(user);
        fill && fill.getDpsInitOperand(0)->get() == output)
      init = fill;
  FloatAttr lowest;
  if (!init || !matchPattern(init.getDpsInputOperand(0)->get(), m_Constant(&lowest)) ||
      lowest.getValue() != APFloat::getLargest(APFloat::IEEEsingle(), /*Negative=*/true))
    return std::nullopt;
  // The call needs the output before the product: a block argument, or an
  // allocation that can move there.
  Operation *def = output.getDefiningOp();
  if (def && !isa<memref::AllocOp>(def))
    return std::nullopt;
  auto out = cast<MemRefType>(output.getType());
  return MaxPool{found, init, output,          window.getDimSize(0), window.getDimSize(1),
                 *sh,   *sw,  out.getDimSize(1), out.getDimSize(2)};
}

/// The zero padding the lowering puts around a convolution's input
/// (padSpatial, bufferized): an allocation that a linalg.map fills with
/// zero and a copy of the input into its interior. The kernels pad rows
/// themselves, in scratch (DirectConv.cpp) or as they build patches, so the
/// call can read the input where it is; the padded copy is never made.
struct ZeroPadding {
  Value source;
  int64_t top, left;
  linalg::MapOp fill;
  memref::SubViewOp view;
  memref::CopyOp copy;
};

/// Whether `user` of `buffer` may write it.
bool mayWrite(Operation *user, Value buffer) {
  auto iface = dyn_cast<MemoryEffectOpInterface>(user);
  if (!iface)
    return true;
  SmallVector<MemoryEffects::EffectInstance> effects;
  iface.getEffects(effects);
  return llvm::any_of(effects, [&](const MemoryEffects::EffectInstance &e) {
    return isa<MemoryEffects::Write>(e.getEffect()) && (!e.getValue() || e.getValue() == buffer);
  });
}

/// A linalg.map that fills `buffer` with +0.
bool isZeroFill(Operation *op, Value buffer) {
  auto map = dyn_cast<linalg::MapOp>(op);
  if (!map || !map.getInputs().empty() || map.getInit() != buffer)
    return false;
  auto yield = cast<linalg::YieldOp>(map.getMapper().front().getTerminator());
  FloatAttr zero;
  return yield.getNumOperands() == 1 && matchPattern(yield.getOperand(0), m_Constant(&zero)) &&
         zero.getValue().isPosZero();
}

std::optional<ZeroPadding> matchZeroPadding(Value padded, Operation *conv) {
  if (!padded.getDefiningOp<memref::AllocOp>())
    return std::nullopt;
  ZeroPadding pad{};
  for (Operation *user : padded.getUsers()) {
    if (user == conv)
      continue;
    if (!pad.fill && isZeroFill(user, padded))
      pad.fill = cast<linalg::MapOp>(user);
    else if (auto view = dyn_cast<memref::SubViewOp>(user); view && !pad.view)
      pad.view = view;
    else
      return std::nullopt;
  }
  if (!pad.fill || !pad.view || !pad.view->hasOneUse())
    return std::nullopt;
  auto type = cast<MemRefType>(padded.getType());
  ArrayRef<int64_t> offsets = pad.view.getStaticOffsets(), sizes = pad.view.getStaticSizes();
  if (type.getRank() != 4 || ShapedType::isDynamicShape(offsets) ||
      ShapedType::isDynamicShape(sizes) || !pad.view.hasUnitStride() || offsets[0] != 0 ||
      offsets[3] != 0 || sizes[0] != type.getDimSize(0) || sizes[3] != type.getDimSize(3))
    return std::nullopt;
  pad.copy = dyn_cast<memref::CopyOp>(*pad.view->getUsers().begin());
  if (!pad.copy || pad.copy.getTarget() != pad.view.getResult() ||
      !contiguousF32(pad.copy.getSource()) || pad.copy->getBlock() != conv->getBlock() ||
      !pad.fill->isBeforeInBlock(pad.copy))
    return std::nullopt;
  // The call reads the source where the convolution reads the copy: nothing
  // in between may write it, directly, through a view (not followed here)
  // or through a raw pointer that a kernel call takes.
  pad.source = pad.copy.getSource();
  Block *block = conv->getBlock();
  for (Operation *user : pad.source.getUsers()) {
    if (user == pad.copy)
      continue;
    if (isa<ViewLikeOpInterface>(user))
      return std::nullopt;
    Operation *at = block->findAncestorOpInBlock(*user);
    if (!at)
      return std::nullopt;
    if (pad.copy->isBeforeInBlock(at) && at->isBeforeInBlock(conv) &&
        (isa<memref::ExtractAlignedPointerAsIndexOp>(user) || mayWrite(user, pad.source)))
      return std::nullopt;
  }
  for (Operation *op = pad.copy->getNextNode(); op != conv; op = op->getNextNode())
    if (isa<CallOpInterface>(op))
      return std::nullopt; // it may write through a pointer taken before the copy
  pad.top = offsets[1];
  pad.left = offsets[2];
  return pad;
}

struct CallKernelsPass : public tfcc::impl::CallKernelsBase<CallKernelsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    for (auto fn : llvm::to_vector(module.getOps<func::FuncOp>())) {
      if (fn.isPrivate() || fn.isExternal())
        continue;
      Type ptr = LLVM::LLVMPointerType::get(&getContext());
      unsigned index = fn.getNumArguments();
      OpBuilder b(&getContext());
      if (failed(fn.insertArgument(index, ptr,
                                   b.getDictionaryAttr(b.getNamedAttr("tfcc.runtime", b.getUnitAttr())),
                                   fn.getLoc())))
        return signalPassFailure();
      Value runtime = fn.getArgument(index);
      SmallVector<Operation *> marked;
      fn.walk([&](Operation *op) {
        if (op->hasAttr("tfcc.kernel"))
          marked.push_back(op);
      });
      for (Operation *op : marked) {
        if (auto g = dyn_cast<linalg::GenericOp>(op))
          rewriteMatMul(g, runtime);
        else if (auto c = dyn_cast<linalg::Conv2DNhwcHwcfOp>(op))
          rewriteConv(c, runtime);
      }
    }
  }

  func::FuncOp declare(StringRef name, ArrayRef<Type> args) {
    ModuleOp module = getOperation();
    if (auto fn = module.lookupSymbol<func::FuncOp>(name))
      return fn;
    OpBuilder b(module.getBodyRegion());
    auto fn = func::FuncOp::create(b, module.getLoc(), name, b.getFunctionType(args, {}));
    fn.setPrivate();
    return fn;
  }

  Value pointer(OpBuilder &b, Location loc, Value memref) {
    Value idx = memref::ExtractAlignedPointerAsIndexOp::create(b, loc, memref);
    Value i64 = arith::IndexCastOp::create(b, loc, b.getI64Type(), idx);
    return LLVM::IntToPtrOp::create(b, loc, LLVM::LLVMPointerType::get(b.getContext()), i64);
  }

  /// Erases what only initialized `buffer` for the product: the kernel
  /// overwrites all of it.
  void eraseInitFill(Value buffer) {
    for (Operation *user : llvm::to_vector(buffer.getUsers()))
      if (isInit(user, buffer))
        user->erase();
  }

  /// Common tail: bias/activation operands and the output, folding an
  /// epilogue and, for a convolution, a max-pool after it.
  void finish(OpBuilder &b, Location loc, Operation *op, Value out,
              const std::optional<Epilogue> &ep, StringRef name, SmallVector<Value> &operands,
              SmallVector<Type> &types, const std::optional<MaxPool> &pool = std::nullopt) {
    Type ptr = LLVM::LLVMPointerType::get(b.getContext());
    Value target = out;
    if (ep) {
      operands.push_back(pointer(b, loc, ep->bias));
      operands.push_back(arith::ConstantIntOp::create(b, loc, ep->activation, 32));
      target = ep->output;
    } else {
      operands.push_back(LLVM::ZeroOp::create(b, loc, ptr));
      operands.push_back(arith::ConstantIntOp::create(b, loc, TFCC_ACT_NONE, 32));
    }
    types.append({ptr, b.getI32Type()});
    if (pool) {
      for (int64_t v : {pool->h, pool->w, pool->strideH, pool->strideW, pool->pooledH,
                        pool->pooledW}) {
        operands.push_back(arith::ConstantIntOp::create(b, loc, v, 64));
        types.push_back(b.getI64Type());
      }
      target = pool->output;
    }
    // The epilogue's or pool's buffer is allocated after the product; the
    // call needs it first.
    if (auto alloc = target.getDefiningOp<memref::AllocOp>())
      if (op->isBeforeInBlock(alloc))
        alloc->moveBefore(op);
    operands.push_back(pointer(b, loc, target));
    types.push_back(ptr);
    func::CallOp::create(b, loc, declare(name, types), operands);
    eraseInitFill(out);
    if (pool) {
      pool->op->erase();
      pool->init->erase();
    }
    if (ep)
      ep->op->erase();
    op->erase();
  }

  void rewriteMatMul(linalg::GenericOp g, Value runtime) {
    if (g.getNumDpsInputs() != 2 || g.getNumDpsInits() != 1 || g.getNumLoops() != 3)
      return;
    Value a = g.getDpsInputOperand(0)->get(), bm = g.getDpsInputOperand(1)->get(),
          c = g.getDpsInitOperand(0)->get();
    if (!contiguousF32(a) || !contiguousF32(bm) || !contiguousF32(c))
      return;
    // Loops are (i, k, j): A is (i,k) or transposed (k,i); B is (k,j) or (j,k).
    auto maps = g.getIndexingMapsArray();
    MLIRContext *ctx = g.getContext();
    AffineExpr i = getAffineDimExpr(0, ctx), k = getAffineDimExpr(1, ctx),
               j = getAffineDimExpr(2, ctx);
    auto is = [](AffineMap m, AffineExpr r0, AffineExpr r1) {
      return m.getNumResults() == 2 && m.getResult(0) == r0 && m.getResult(1) == r1;
    };
    bool ta = is(maps[0], k, i), tb = is(maps[1], j, k);
    if ((!ta && !is(maps[0], i, k)) || (!tb && !is(maps[1], k, j)) || !is(maps[2], i, j))
      return;
    auto ct = cast<MemRefType>(c.getType());
    int64_t m = ct.getDimSize(0), n = ct.getDimSize(1);
    int64_t kk = cast<MemRefType>(a.getType()).getDimSize(ta ? 0 : 1);
    OpBuilder b(g);
    Location loc = g.getLoc();
    Type ptr = LLVM::LLVMPointerType::get(ctx), i64 = b.getI64Type(), i32 = b.getI32Type();
    auto cst64 = [&](int64_t v) { return Value(arith::ConstantIntOp::create(b, loc, v, 64)); };
    auto cst32 = [&](int64_t v) { return Value(arith::ConstantIntOp::create(b, loc, v, 32)); };
    SmallVector<Value> operands = {runtime,      cst64(m),          cst64(n),
                                   cst64(kk),    pointer(b, loc, a), cst32(ta),
                                   pointer(b, loc, bm), cst32(tb)};
    SmallVector<Type> types = {ptr, i64, i64, i64, ptr, i32, ptr, i32};
    StringRef kernel = "tfcc_rt_matmul_f32";
    if (memref::GlobalOp weight = constantGlobal(bm)) {
      operands.insert(operands.begin() + 1,
                      packingSlot(b, loc, weight, tb, TFCC_MATMUL_SLOT_POINTERS));
      types.insert(types.begin() + 1, ptr);
      kernel = "tfcc_rt_matmul_const_b_f32";
    }
    finish(b, loc, g, c, matchEpilogue(c, g), kernel, operands, types);
  }

  /// The constant global `v` reads (a weight compiled into the model), or null.
  static memref::GlobalOp constantGlobal(Value v) {
    auto get = v.getDefiningOp<memref::GetGlobalOp>();
    if (!get)
      return {};
    auto global = SymbolTable::lookupNearestSymbolFrom<memref::GlobalOp>(get, get.getNameAttr());
    return global && global.getConstant() ? global : memref::GlobalOp();
  }

  /// A pointer to the packing slot of `weight` read as op(b) with transpose
  /// `tb`: one zeroed private global of `pointers` pointers per (weight, tb),
  /// which the kernel's first calls fill with op(b) packed in the runtime's
  /// own layouts. Packing at run time rather than here keeps those layouts
  /// (Eigen's, as built into the runtime) out of the compiler and the ABI.
  Value packingSlot(OpBuilder &b, Location loc, memref::GlobalOp weight, bool tb,
                    int64_t pointers = 1) {
    ModuleOp module = getOperation();
    std::string name = ("__tfcc_packed_" + weight.getSymName() + (tb ? "_t" : "")).str();
    auto type = MemRefType::get({pointers}, b.getI64Type());
    if (!module.lookupSymbol(name)) {
      OpBuilder top(module.getBodyRegion());
      auto zero = DenseElementsAttr::get(RankedTensorType::get({pointers}, b.getI64Type()),
                                         b.getI64IntegerAttr(0).getValue());
      memref::GlobalOp::create(top, loc, name, b.getStringAttr("private"), type, zero,
                               /*constant=*/false, b.getI64IntegerAttr(8));
    }
    return pointer(b, loc, memref::GetGlobalOp::create(b, loc, type, name));
  }

  void rewriteConv(linalg::Conv2DNhwcHwcfOp conv, Value runtime) {
    Value in = conv.getDpsInputOperand(0)->get(), filter = conv.getDpsInputOperand(1)->get(),
          out = conv.getDpsInitOperand(0)->get();
    if (!contiguousF32(in) || !contiguousF32(filter) || !contiguousF32(out))
      return;
    std::optional<ZeroPadding> pad = matchZeroPadding(in, conv);
    if (pad)
      in = pad->source;
    auto it = cast<MemRefType>(in.getType()), ft = cast<MemRefType>(filter.getType()),
         ot = cast<MemRefType>(out.getType());
    auto strides = llvm::to_vector(conv.getStrides().getValues<int64_t>());
    auto dilations = llvm::to_vector(conv.getDilations().getValues<int64_t>());
    OpBuilder b(conv);
    Location loc = conv.getLoc();
    MLIRContext *ctx = conv.getContext();
    Type ptr = LLVM::LLVMPointerType::get(ctx), i64 = b.getI64Type();
    auto cst64 = [&](int64_t v) { return Value(arith::ConstantIntOp::create(b, loc, v, 64)); };
    SmallVector<Value> operands = {runtime,
                                   pointer(b, loc, in),
                                   cst64(it.getDimSize(0)),
                                   cst64(it.getDimSize(1)),
                                   cst64(it.getDimSize(2)),
                                   cst64(it.getDimSize(3)),
                                   pointer(b, loc, filter),
                                   cst64(ft.getDimSize(0)),
                                   cst64(ft.getDimSize(1)),
                                   cst64(ft.getDimSize(3)),
                                   cst64(ot.getDimSize(1)),
                                   cst64(ot.getDimSize(2)),
                                   cst64(strides[0]),
                                   cst64(strides[1]),
                                   cst64(dilations[0]),
                                   cst64(dilations[1]),
                                   cst64(pad ? pad->top : 0),
                                   cst64(pad ? pad->left : 0)};
    SmallVector<Type> types = {ptr, ptr, i64, i64, i64, i64, ptr, i64, i64,
                               i64, i64, i64, i64, i64, i64, i64, i64, i64};
    std::optional<Epilogue> ep = matchEpilogue(out, conv);
    std::optional<MaxPool> pool = matchMaxPool(ep ? ep->output : out,
                                               ep ? ep->op.getOperation() : conv.getOperation());
    // Fused where no convolution row is computed twice (windows that do
    // not overlap in height) and a window's rows fit the kernel's scratch.
    if (pool && (pool->h > pool->strideH ||
                 pool->h * ot.getDimSize(2) * ot.getDimSize(3) > TFCC_CONV_MAX_POOL_ROW_FLOATS))
      pool.reset();
    StringRef kernel = pool ? "tfcc_rt_conv2d_max_pool_f32" : "tfcc_rt_conv2d_f32";
    if (memref::GlobalOp weight = constantGlobal(filter)) {
      operands.insert(operands.begin() + 1, packingSlot(b, loc, weight, /*tb=*/false));
      types.insert(types.begin() + 1, ptr);
      if (!pool)
        kernel = "tfcc_rt_conv2d_const_filter_f32";
    } else if (pool) {
      operands.insert(operands.begin() + 1, LLVM::ZeroOp::create(b, loc, ptr));
      types.insert(types.begin() + 1, ptr);
    }
    finish(b, loc, conv, out, ep, kernel, operands, types, pool);
    if (pad) {
      pad->copy->erase();
      pad->view->erase();
      pad->fill->erase();
    }
  }
};
} // namespace
