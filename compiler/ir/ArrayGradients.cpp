//===- ArrayGradients.cpp - gradient rules of the ArrayOps.td ops ---------===//
//
// Data movement: each gradient moves the upstream gradient back to where
// the element came from (see MathGradients.cpp for the conventions).
//
//===----------------------------------------------------------------------===//
#include "compiler/ir/OpBuild.h"
#include "compiler/ir/TfccDialect.h"

using namespace mlir;
using namespace mlir::tfcc;

static RankedTensorType typeOf(Value v) { return cast<RankedTensorType>(v.getType()); }

#define GRADIENT(Op)                                                                       \
  LogicalResult Op::buildGradients(OpBuilder &b, ArrayRef<Value> g,                        \
                                   SmallVectorImpl<Value> &out)

GRADIENT(IdentityOp) { out.push_back(g[0]); return success(); }
GRADIENT(IdentityNOp) {
  out.append(g.begin(), g.end());
  return success();
}
// No gradient flows back through StopGradient.
GRADIENT(StopGradientOp) { out.push_back(Value()); return success(); }
// TF raises when a gradient reaches PreventGradient; so does tfcc.
GRADIENT(PreventGradientOp) {
  return emitError() << "a gradient reached PreventGradient"
                     << (getMessage().empty() ? "" : ": ") << getMessage();
}
GRADIENT(BroadcastToOp) {
  out.append({unbroadcast(b, getLoc(), g[0], typeOf(getInput())), Value()});
  return success();
}
// Reshapes move no data: the gradient takes the input's shape back.
GRADIENT(ReshapeOp) {
  out.append({reshape(b, getLoc(), g[0], typeOf(getTensor()).getShape()), Value()});
  return success();
}
GRADIENT(SqueezeOp) {
  out.push_back(reshape(b, getLoc(), g[0], typeOf(getInput()).getShape()));
  return success();
}
GRADIENT(ExpandDimsOp) {
  out.append({reshape(b, getLoc(), g[0], typeOf(getInput()).getShape()), Value()});
  return success();
}
// The inverse permutation.
GRADIENT(TransposeOp) {
  SmallVector<int64_t> perm = *constantInts(getPerm());
  SmallVector<int64_t> inverse(perm.size());
  for (auto [i, p] : llvm::enumerate(perm))
    inverse[p] = int64_t(i);
  out.append({createInferred<TransposeOp>(b, getLoc(), {g[0], intsConst(b, getLoc(), inverse)}),
              Value()});
  return success();
}

/// The part of `g` from `offset` along `axis` of size `size`.
static Value sliceAlong(OpBuilder &b, Location loc, Value g, int64_t axis, int64_t offset,
                        int64_t size) {
  RankedTensorType t = typeOf(g);
  SmallVector<int64_t> begin(t.getRank(), 0), sizes(t.getShape());
  begin[axis] = offset;
  sizes[axis] = size;
  return createInferred<SliceOp>(b, loc, {g, intsConst(b, loc, begin), intsConst(b, loc, sizes)});
}

GRADIENT(PackOp) {
  int64_t axis = getAxis();
  if (axis < 0)
    axis += typeOf(getOutput()).getRank();
  for (Value v : getValues())
    out.push_back(reshape(b, getLoc(),
                          sliceAlong(b, getLoc(), g[0], axis, int64_t(out.size()), 1),
                          typeOf(v).getShape()));
  return success();
}
/// Each joined piece gets its part of the gradient.
static void piecesGrads(OpBuilder &b, Location loc, ValueRange pieces, Value axisValue, Value g,
                        SmallVectorImpl<Value> &out) {
  int64_t axis = (*constantInts(axisValue))[0];
  if (axis < 0)
    axis += typeOf(g).getRank();
  int64_t offset = 0;
  for (Value v : pieces) {
    int64_t size = typeOf(v).getDimSize(axis);
    out.push_back(sliceAlong(b, loc, g, axis, offset, size));
    offset += size;
  }
}
GRADIENT(ConcatV2Op) {
  piecesGrads(b, getLoc(), getValues(), getAxis(), g[0], out);
  out.push_back(Value());
  return success();
}
/// The results' gradients as full tensors (zeros where none flows).
static SmallVector<Value> denseGrads(OpBuilder &b, Location loc, Operation *op,
                                     ArrayRef<Value> g) {
  SmallVector<Value> out;
  for (auto [r, gr] : llvm::zip(op->getResults(), g))
    out.push_back(gr ? gr : splatConst(b, loc, typeOf(r), 0.0));
  return out;
}
/// The pieces' gradients joined back along `axis` (a constant operand).
static Value concatGrads(OpBuilder &b, Location loc, Operation *op, ArrayRef<Value> g,
                         Value axis) {
  SmallVector<Value> operands = denseGrads(b, loc, op, g);
  operands.push_back(axis);
  return createInferred<ConcatV2Op>(b, loc, operands);
}
GRADIENT(SplitOp) {
  out.append({Value(), concatGrads(b, getLoc(), *this, g, getSplitDim())});
  return success();
}
GRADIENT(SplitVOp) {
  out.append({concatGrads(b, getLoc(), *this, g, getSplitDim()), Value(), Value()});
  return success();
}
GRADIENT(UnpackOp) {
  out.push_back(createInferred<PackOp>(b, getLoc(), denseGrads(b, getLoc(), *this, g),
                                       {b.getNamedAttr("axis", getAxisAttr())}));
  return success();
}
// TF1 Concat: the axis comes first.
GRADIENT(ConcatOp) {
  out.push_back(Value());
  piecesGrads(b, getLoc(), getValues(), getConcatDim(), g[0], out);
  return success();
}

// The slice's gradient sits where the slice was, zeros elsewhere.
GRADIENT(SliceOp) {
  RankedTensorType in = typeOf(getInput()), res = typeOf(getOutput());
  SmallVector<int64_t> begin = *constantInts(getBegin());
  SmallVector<int64_t> pads;
  for (int64_t i = 0; i < in.getRank(); ++i)
    pads.append({begin[i], in.getDimSize(i) - begin[i] - res.getDimSize(i)});
  Value paddings = intsConst(b, getLoc(), pads, {in.getRank(), 2});
  out.append({createInferred<PadOp>(b, getLoc(), {g[0], paddings}), Value(), Value()});
  return success();
}
// Tile repeats the input multiples[i] times along dim i: view the gradient
// as [m0, d0, m1, d1, ...] and sum over the m's.
GRADIENT(TileOp) {
  RankedTensorType in = typeOf(getInput());
  SmallVector<int64_t> multiples = *constantInts(getMultiples());
  SmallVector<int64_t> split, axes;
  for (int64_t i = 0; i < in.getRank(); ++i) {
    axes.push_back(int64_t(split.size()));
    split.append({multiples[i], in.getDimSize(i)});
  }
  Value viewed = reshape(b, getLoc(), g[0], split);
  out.append({reshape(b, getLoc(), sumOver(b, getLoc(), viewed, axes), in.getShape()), Value()});
  return success();
}
/// The unpadded region of `g`.
static Value unpadGrad(OpBuilder &b, Location loc, Value g, Value input, Value paddings) {
  RankedTensorType in = typeOf(input);
  SmallVector<int64_t> pads = *constantInts(paddings);
  SmallVector<int64_t> begin;
  for (int64_t i = 0; i < in.getRank(); ++i)
    begin.push_back(pads[2 * i]);
  return createInferred<SliceOp>(
      b, loc, {g, intsConst(b, loc, begin), intsConst(b, loc, in.getShape())});
}
// The padding value's gradient would be the padded region's sum; TF gives
// none for it, and neither does tfcc.
GRADIENT(PadV2Op) {
  out.append({unpadGrad(b, getLoc(), g[0], getInput(), getPaddings()), Value(), Value()});
  return success();
}
// Pad's gradient is the slice of the unpadded region.
GRADIENT(PadOp) {
  out.append({unpadGrad(b, getLoc(), g[0], getInput(), getPaddings()), Value()});
  return success();
}

/// Gathering rows of `params` along axis 0: each gathered row's gradient is
/// added back to the row it came from (UnsortedSegmentSum; TF's IndexedSlices
/// gradient made dense).
static LogicalResult gatherRowsGrad(Operation *op, OpBuilder &b, Value params, Value indices,
                                    Value g, SmallVectorImpl<Value> &out) {
  RankedTensorType pt = typeOf(params), it = typeOf(indices);
  int64_t n = it.getNumElements();
  SmallVector<int64_t> rows = {n};
  rows.append(pt.getShape().begin() + 1, pt.getShape().end());
  Location loc = op->getLoc();
  Value flatIds = reshape(b, loc, indices, {n});
  Value segments = scalarConst(b, loc, b.getI32Type(), double(pt.getDimSize(0)));
  out.push_back(createInferred<UnsortedSegmentSumOp>(
      b, loc, {reshape(b, loc, g, rows), flatIds, segments}));
  out.push_back(Value());
  return success();
}
GRADIENT(GatherV2Op) {
  auto axis = constantInts(getAxis());
  if (!axis || (*axis)[0] != 0 || getBatchDims() != 0)
    return emitError() << "tfcc-autodiff: GatherV2 is differentiable along axis 0 without "
                          "batch_dims only, so far";
  if (failed(gatherRowsGrad(*this, b, getParams(), getIndices(), g[0], out)))
    return failure();
  out.push_back(Value());
  return success();
}
GRADIENT(GatherOp) { return gatherRowsGrad(*this, b, getParams(), getIndices(), g[0], out); }

// StridedSliceGrad, as TF's gradient graph has it.
GRADIENT(StridedSliceOp) {
  Value shape = intsConst(b, getLoc(), typeOf(getInput()).getShape());
  SmallVector<NamedAttribute> attrs;
  for (StringRef mask : {"begin_mask", "end_mask", "ellipsis_mask", "new_axis_mask",
                         "shrink_axis_mask"})
    if (Attribute a = (*this)->getAttr(mask))
      attrs.push_back(b.getNamedAttr(mask, a));
  out.append({createInferred<StridedSliceGradOp>(
                  b, getLoc(), {shape, getBegin(), getEnd(), getStrides(), g[0]}, attrs),
              Value(), Value(), Value()});
  return success();
}
