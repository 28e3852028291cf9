//===- ConvLowering.cpp - convolutions and pooling to linalg --------------===//
//
// SAME/VALID/EXPLICIT padding is resolved here into explicit pads, so the
// linalg ops see VALID windows. AvgPool divides by the number of input
// elements under each window, as TF does, from a count known at compile time.
//
//===----------------------------------------------------------------------===//
#include "compiler/codegen/lowering/Lowering.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <limits>

namespace mlir::tfcc {
namespace {

struct Window {
  int64_t size, stride, dilation, padBefore, padAfter;
};

/// Padding of one spatial dim as TF computes it for SAME and VALID.
Window resolveWindow(int64_t in, int64_t out, int64_t k, int64_t stride, int64_t dilation,
                     StringRef padding, int64_t explicitBefore, int64_t explicitAfter) {
  Window w{k, stride, dilation, 0, 0};
  if (padding == "SAME") {
    int64_t effective = (k - 1) * dilation + 1;
    int64_t total = std::max<int64_t>((out - 1) * stride + effective - in, 0);
    w.padBefore = total / 2;
    w.padAfter = total - total / 2;
  } else if (padding == "EXPLICIT") {
    w.padBefore = explicitBefore;
    w.padAfter = explicitAfter;
  }
  return w;
}

/// Pads dims 1 and 2 of an NHWC tensor with `value`.
Value padSpatial(OpBuilder &b, Location loc, Value input, const Window &h, const Window &w,
                 TypedAttr value) {
  if (!h.padBefore && !h.padAfter && !w.padBefore && !w.padAfter)
    return input;
  auto t = cast<RankedTensorType>(input.getType());
  SmallVector<int64_t> shape(t.getShape());
  shape[1] += h.padBefore + h.padAfter;
  shape[2] += w.padBefore + w.padAfter;
  SmallVector<OpFoldResult> low = {b.getIndexAttr(0), b.getIndexAttr(h.padBefore),
                                   b.getIndexAttr(w.padBefore), b.getIndexAttr(0)};
  SmallVector<OpFoldResult> high = {b.getIndexAttr(0), b.getIndexAttr(h.padAfter),
                                    b.getIndexAttr(w.padAfter), b.getIndexAttr(0)};
  Value pad = arith::ConstantOp::create(b, loc, value);
  return tensor::PadOp::create(b, loc, RankedTensorType::get(shape, t.getElementType()), input, low,
                               high, pad);
}

/// Strides/dilations attributes are NHWC 4-vectors; entries 1 and 2 matter.
LogicalResult spatial(Operation *op, ArrayAttr attr, StringRef name, int64_t &h, int64_t &w) {
  h = w = 1;
  if (!attr || attr.empty())
    return success();
  if (attr.size() != 4)
    return op->emitError() << "'" << name << "' must have 4 entries";
  h = cast<IntegerAttr>(attr[1]).getInt();
  w = cast<IntegerAttr>(attr[2]).getInt();
  if (cast<IntegerAttr>(attr[0]).getInt() != 1 || cast<IntegerAttr>(attr[3]).getInt() != 1)
    return op->emitError() << "'" << name << "' over the batch or channel dim is not supported";
  return success();
}

LogicalResult requireNHWC(Operation *op, StringRef format) {
  if (format != "NHWC")
    return op->emitError() << "data_format " << format
                           << " is not supported on CPU yet (NHWC is)";
  return success();
}

/// Resolves the H and W windows of a convolution-like op whose forward
/// convolution maps `in` to `out`.
template <typename OpT>
LogicalResult convWindows(OpT op, RankedTensorType in, RankedTensorType out, int64_t kh,
                          int64_t kw, Window &h, Window &w) {
  int64_t sh, sw, dh, dw;
  if (failed(spatial(op, op.getStrides(), "strides", sh, sw)) ||
      failed(spatial(op, op.getDilations(), "dilations", dh, dw)))
    return failure();
  SmallVector<int64_t> ex(8, 0);
  ArrayAttr explicitPads = op.getExplicitPaddings();
  if (explicitPads && explicitPads.size() == 8)
    for (int i = 0; i < 8; ++i)
      ex[i] = cast<IntegerAttr>(explicitPads[i]).getInt();
  h = resolveWindow(in.getDimSize(1), out.getDimSize(1), kh, sh, dh, op.getPadding(), ex[2], ex[3]);
  w = resolveWindow(in.getDimSize(2), out.getDimSize(2), kw, sw, dw, op.getPadding(), ex[4], ex[5]);
  return success();
}

struct Conv2DLowering : OpConversionPattern<Conv2DOp> {
  Conv2DLowering(MLIRContext *ctx, int64_t minKernelMacs)
      : OpConversionPattern(ctx), minKernelMacs(minKernelMacs) {}
  int64_t minKernelMacs;
  LogicalResult matchAndRewrite(Conv2DOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    if (failed(requireNHWC(op, op.getDataFormat())) || failed(checkStaticOperands(op, rewriter)))
      return failure();
    auto filter = cast<RankedTensorType>(op.getFilter().getType());
    auto in = cast<RankedTensorType>(op.getInput().getType());
    if (filter.getDimSize(2) != in.getDimSize(3))
      return op->emitError() << "grouped convolution (filter depth " << filter.getDimSize(2)
                             << ", input depth " << in.getDimSize(3)
                             << ") is not supported on CPU yet";
    Window h, w;
    if (failed(convWindows(op, cast<RankedTensorType>(op.getInput().getType()),
                           cast<RankedTensorType>(op.getType()), filter.getDimSize(0),
                           filter.getDimSize(1), h, w)))
      return failure();
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(op.getType());
    Type elt = resultType.getElementType();
    int64_t macs = resultType.getNumElements() * filter.getDimSize(0) * filter.getDimSize(1) *
                   filter.getDimSize(2);
    bool kernel = onKernel(elt, macs, minKernelMacs);
    // The kernel computes in f32: 16-bit floats are widened around it.
    Type compute = kernel ? rewriter.getF32Type() : elt;
    Value input = padSpatial(rewriter, loc, convertFloats(rewriter, loc, adaptor.getInput(), compute),
                             h, w, rewriter.getZeroAttr(compute));
    Value init = filledTensor(rewriter, loc, resultType.clone(compute),
                              rewriter.getZeroAttr(compute));
    auto conv = linalg::Conv2DNhwcHwcfOp::create(
        rewriter, loc, TypeRange{resultType.clone(compute)},
        ValueRange{input, convertFloats(rewriter, loc, adaptor.getFilter(), compute)},
        ValueRange{init}, rewriter.getI64TensorAttr({h.stride, w.stride}),
        rewriter.getI64TensorAttr({h.dilation, w.dilation}));
    if (kernel)
      conv->setAttr("tfcc.kernel", rewriter.getStringAttr("conv2d"));
    rewriter.replaceOp(op, convertFloats(rewriter, loc, conv.getResult(0), elt));
    return success();
  }
};

struct DepthwiseConv2dNativeLowering : OpConversionPattern<DepthwiseConv2dNativeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(DepthwiseConv2dNativeOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    if (failed(requireNHWC(op, op.getDataFormat())) || failed(checkStaticOperands(op, rewriter)))
      return failure();
    auto filter = cast<RankedTensorType>(op.getFilter().getType());
    Window h, w;
    if (failed(convWindows(op, cast<RankedTensorType>(op.getInput().getType()),
                           cast<RankedTensorType>(op.getType()), filter.getDimSize(0),
                           filter.getDimSize(1), h, w)))
      return failure();
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(op.getType());
    Type elt = resultType.getElementType();
    Value input = padSpatial(rewriter, loc, adaptor.getInput(), h, w, rewriter.getZeroAttr(elt));
    // linalg's depthwise op keeps channel and multiplier apart: [n,h,w,c,m].
    SmallVector<int64_t> shape5(resultType.getShape().take_front(3));
    shape5.push_back(filter.getDimSize(2));
    shape5.push_back(filter.getDimSize(3));
    auto type5 = RankedTensorType::get(shape5, elt);
    Value init = filledTensor(rewriter, loc, type5, rewriter.getZeroAttr(elt));
    auto conv = linalg::DepthwiseConv2DNhwcHwcmOp::create(
        rewriter, loc, TypeRange{type5}, ValueRange{input, adaptor.getFilter()}, ValueRange{init},
        rewriter.getI64TensorAttr({h.stride, w.stride}),
        rewriter.getI64TensorAttr({h.dilation, w.dilation}));
    SmallVector<ReassociationIndices> reassoc = {{0}, {1}, {2}, {3, 4}};
    rewriter.replaceOp(op, tensor::CollapseShapeOp::create(rewriter, loc, resultType,
                                                           conv.getResult(0), reassoc));
    return success();
  }
};

/// A max-pool window nest: loops (n, y, x, c) parallel, then (ky, kx) over
/// the window as a reduction, reading the padded input.
struct WindowNest {
  AffineMap input, window, output;
  SmallVector<utils::IteratorType> iterators;
  Value extent; // the window operand: an empty [kh, kw] tensor that only
                // gives the window loops their extent
};

WindowNest windowNest(OpBuilder &b, Location loc, const Window &h, const Window &w, Type elt) {
  MLIRContext *ctx = b.getContext();
  auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
  WindowNest nest;
  nest.input =
      AffineMap::get(6, 0, {d(0), d(1) * h.stride + d(4), d(2) * w.stride + d(5), d(3)}, ctx);
  nest.window = AffineMap::get(6, 0, {d(4), d(5)}, ctx);
  nest.output = AffineMap::get(6, 0, {d(0), d(1), d(2), d(3)}, ctx);
  nest.iterators.assign(4, utils::IteratorType::parallel);
  nest.iterators.append(2, utils::IteratorType::reduction);
  nest.extent = tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{h.size, w.size}, elt);
  return nest;
}

/// MaxPool as TF's CPU kernel computes it: a window starts from the lowest
/// finite value and takes a tap, in row-major order, only where the tap is
/// greater. So NaN inputs never win and a window of -inf (all padding, or
/// -inf inputs) gives the lowest value, not -inf (linalg.pooling_nhwc_max's
/// maximumf propagates NaN). maxnumf(best, tap) is that, since best is never
/// NaN (the sign of a zero aside). Not a cmpf + select: LLVM turns the select
/// of the stored accumulator into a masked store, which is slow on x86.
Value buildMaxPool(OpBuilder &b, Location loc, Value padded, RankedTensorType resultType,
                   const Window &h, const Window &w) {
  auto ft = cast<FloatType>(resultType.getElementType());
  Value init = filledTensor(
      b, loc, resultType,
      b.getFloatAttr(ft, APFloat::getLargest(ft.getFloatSemantics(), /*Negative=*/true)));
  WindowNest nest = windowNest(b, loc, h, w, ft);
  return linalg::GenericOp::create(
             b, loc, TypeRange{resultType}, ValueRange{padded, nest.extent}, ValueRange{init},
             ArrayRef<AffineMap>{nest.input, nest.window, nest.output}, nest.iterators,
             [](OpBuilder &nb, Location l, ValueRange args) {
               linalg::YieldOp::create(
                   nb, l, ValueRange{arith::MaxNumFOp::create(nb, l, args[2], args[0])});
             })
      .getResult(0);
}

template <typename OpT> struct PoolLowering : OpConversionPattern<OpT> {
  using OpConversionPattern<OpT>::OpConversionPattern;
  static constexpr bool isMax = std::is_same_v<OpT, MaxPoolOp>;

  LogicalResult matchAndRewrite(OpT op, typename OpT::Adaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    if (failed(requireNHWC(op, op.getDataFormat())) || failed(checkStaticOperands(op, rewriter)))
      return failure();
    int64_t kh, kw, sh, sw;
    if (failed(spatial(op, op.getKsize(), "ksize", kh, kw)) ||
        failed(spatial(op, op.getStrides(), "strides", sh, sw)))
      return failure();
    auto in = cast<RankedTensorType>(op.getInput().getType());
    auto resultType = cast<RankedTensorType>(op.getType());
    Type elt = resultType.getElementType();
    if (!isFloat(elt))
      return op->emitError() << "pooling of " << elt << " is not supported on CPU yet";
    Window h = resolveWindow(in.getDimSize(1), resultType.getDimSize(1), kh, sh, 1,
                             op.getPadding(), 0, 0);
    Window w = resolveWindow(in.getDimSize(2), resultType.getDimSize(2), kw, sw, 1,
                             op.getPadding(), 0, 0);
    Location loc = op.getLoc();
    auto ft = cast<FloatType>(elt);
    TypedAttr padValue =
        isMax ? TypedAttr(rewriter.getFloatAttr(ft, -std::numeric_limits<double>::infinity()))
              : TypedAttr(rewriter.getZeroAttr(elt));
    Value input = padSpatial(rewriter, loc, adaptor.getInput(), h, w, padValue);
    if constexpr (isMax) {
      rewriter.replaceOp(op, buildMaxPool(rewriter, loc, input, resultType, h, w));
      return success();
    } else {
      Value init = filledTensor(rewriter, loc, resultType, padValue);
      Value window = tensor::EmptyOp::create(rewriter, loc, ArrayRef<int64_t>{kh, kw}, elt);
      Value pooled = linalg::PoolingNhwcSumOp::create(
                         rewriter, loc, TypeRange{resultType}, ValueRange{input, window},
                         ValueRange{init}, rewriter.getI64TensorAttr({sh, sw}),
                         rewriter.getI64TensorAttr({1, 1}))
                         .getResult(0);
      // Divide each window by how many input elements it covers.
      int64_t oh = resultType.getDimSize(1), ow = resultType.getDimSize(2);
      SmallVector<double> counts;
      for (int64_t y = 0; y < oh; ++y)
        for (int64_t x = 0; x < ow; ++x) {
          auto covered = [](int64_t o, const Window &win, int64_t size) {
            int64_t start = o * win.stride - win.padBefore;
            int64_t lo = std::max<int64_t>(start, 0);
            int64_t hi = std::min<int64_t>(start + win.size, size);
            return std::max<int64_t>(hi - lo, 1);
          };
          counts.push_back(double(covered(y, h, in.getDimSize(1)) * covered(x, w, in.getDimSize(2))));
        }
      auto countType = RankedTensorType::get({oh, ow, 1}, elt);
      SmallVector<Attribute> attrs;
      for (double c : counts)
        attrs.push_back(rewriter.getFloatAttr(ft, c));
      Value countTensor =
          arith::ConstantOp::create(rewriter, loc, DenseElementsAttr::get(countType, attrs));
      pooled = buildElementwise(rewriter, loc, resultType, {pooled, countTensor},
                                [](OpBuilder &b, Location l, ValueRange args) {
                                  return arith::DivFOp::create(b, l, args[0], args[1]);
                                });
      rewriter.replaceOp(op, pooled);
      return success();
    }
  }
};

//===- gradients of convolution and pooling -------------------------------===//

/// A zero tensor of `shape` holding `g` at `offsets` with `strides` between
/// its elements: g spread out by the forward op's stride and padded.
Value spreadInto(OpBuilder &b, Location loc, Value g, ArrayRef<int64_t> shape,
                 ArrayRef<int64_t> offsets, ArrayRef<int64_t> strides) {
  auto gt = cast<RankedTensorType>(g.getType());
  auto type = RankedTensorType::get(shape, gt.getElementType());
  Value zeros = filledTensor(b, loc, type, b.getZeroAttr(gt.getElementType()));
  SmallVector<OpFoldResult> offs, sizes, steps;
  for (int64_t i = 0; i < gt.getRank(); ++i) {
    offs.push_back(b.getIndexAttr(offsets[i]));
    sizes.push_back(b.getIndexAttr(gt.getDimSize(i)));
    steps.push_back(b.getIndexAttr(strides[i]));
  }
  return tensor::InsertSliceOp::create(b, loc, g, zeros, offs, sizes, steps);
}

/// The [N, H, W, C] window of `padded` that the unpadded tensor occupied.
Value unpad(OpBuilder &b, Location loc, Value padded, RankedTensorType type, const Window &h,
            const Window &w) {
  if (cast<RankedTensorType>(padded.getType()) == type)
    return padded;
  SmallVector<OpFoldResult> offs = {b.getIndexAttr(0), b.getIndexAttr(h.padBefore),
                                    b.getIndexAttr(w.padBefore), b.getIndexAttr(0)};
  SmallVector<OpFoldResult> sizes, steps;
  for (int64_t d : type.getShape()) {
    sizes.push_back(b.getIndexAttr(d));
    steps.push_back(b.getIndexAttr(1));
  }
  return tensor::ExtractSliceOp::create(b, loc, type, padded, offs, sizes, steps);
}

/// Conv2DBackpropInput as a forward convolution: the output gradient, spread
/// by the stride and padded by the dilated filter extent, convolved (stride
/// 1) with the filter flipped in space and with in/out channels swapped; the
/// padding of the forward input is then cut off.
struct Conv2DBackpropInputLowering : OpConversionPattern<Conv2DBackpropInputOp> {
  Conv2DBackpropInputLowering(MLIRContext *ctx, int64_t minKernelMacs)
      : OpConversionPattern(ctx), minKernelMacs(minKernelMacs) {}
  int64_t minKernelMacs;
  LogicalResult matchAndRewrite(Conv2DBackpropInputOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    if (failed(requireNHWC(op, op.getDataFormat())) || failed(checkStaticOperands(op, rewriter)))
      return failure();
    auto in = cast<RankedTensorType>(op.getType());
    auto g = cast<RankedTensorType>(op.getOutBackprop().getType());
    auto filter = cast<RankedTensorType>(op.getFilter().getType());
    int64_t kh = filter.getDimSize(0), kw = filter.getDimSize(1);
    if (filter.getDimSize(2) != in.getDimSize(3))
      return op->emitError() << "grouped convolution gradients are not supported on CPU yet";
    Window h, w;
    if (failed(convWindows(op, in, g, kh, kw, h, w)))
      return failure();
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    int64_t hp = in.getDimSize(1) + h.padBefore + h.padAfter;
    int64_t wp = in.getDimSize(2) + w.padBefore + w.padAfter;
    int64_t extH = (kh - 1) * h.dilation, extW = (kw - 1) * w.dilation;
    int64_t macs = in.getDimSize(0) * hp * wp * in.getDimSize(3) * kh * kw * filter.getDimSize(3);
    bool kernel = onKernel(in.getElementType(), macs, minKernelMacs);
    // The kernel computes in f32: 16-bit floats are widened around it.
    Type elt = kernel ? rewriter.getF32Type() : in.getElementType();
    Value spread = spreadInto(rewriter, loc, convertFloats(rewriter, loc, adaptor.getOutBackprop(), elt),
                              {g.getDimSize(0), hp + extH, wp + extW, g.getDimSize(3)},
                              {0, extH, extW, 0}, {1, h.stride, w.stride, 1});
    // flipped[a, b, o, i] = filter[kh-1-a, kw-1-b, i, o]
    auto flippedType = RankedTensorType::get(
        {kh, kw, filter.getDimSize(3), filter.getDimSize(2)}, elt);
    AffineExpr d0 = getAffineDimExpr(0, ctx), d1 = getAffineDimExpr(1, ctx),
               d2 = getAffineDimExpr(2, ctx), d3 = getAffineDimExpr(3, ctx);
    SmallVector<AffineMap> maps = {AffineMap::get(4, 0, {kh - 1 - d0, kw - 1 - d1, d3, d2}, ctx),
                                   AffineMap::getMultiDimIdentityMap(4, ctx)};
    Value flipped =
        linalg::GenericOp::create(rewriter, loc, TypeRange{flippedType},
                                  ValueRange{convertFloats(rewriter, loc, adaptor.getFilter(), elt)},
                                  ValueRange{emptyTensor(rewriter, loc, flippedType)}, maps,
                                  SmallVector<utils::IteratorType>(4, utils::IteratorType::parallel),
                                  [](OpBuilder &b, Location l, ValueRange a) {
                                    linalg::YieldOp::create(b, l, a[0]);
                                  })
            .getResult(0);
    auto paddedType = RankedTensorType::get({in.getDimSize(0), hp, wp, in.getDimSize(3)}, elt);
    Value init = filledTensor(rewriter, loc, paddedType, rewriter.getZeroAttr(elt));
    auto conv = linalg::Conv2DNhwcHwcfOp::create(
        rewriter, loc, TypeRange{paddedType}, ValueRange{spread, flipped}, ValueRange{init},
        rewriter.getI64TensorAttr({1, 1}), rewriter.getI64TensorAttr({h.dilation, w.dilation}));
    if (kernel)
      conv->setAttr("tfcc.kernel", rewriter.getStringAttr("conv2d"));
    rewriter.replaceOp(op, convertFloats(rewriter, loc,
                                         unpad(rewriter, loc, conv.getResult(0),
                                               in.clone(elt), h, w),
                                         in.getElementType()));
    return success();
  }
};

/// Conv2DBackpropFilter: dW[a, b, i, o] = sum over n, y, x of
/// xpad[n, y*sh + a*dh, x*sw + b*dw, i] * g[n, y, x, o].
/// Above the kernel threshold that is a forward convolution with the roles
/// swapped, which the conv kernel runs: the input's channels as the batch
/// ([i, H, W, n]), the output gradient as the filter ([y, x, n, o]), the
/// forward dilation as the stride and the forward stride as the dilation;
/// its [i, a, b, o] result is dW transposed. Smaller ones stay loops.
struct Conv2DBackpropFilterLowering : OpConversionPattern<Conv2DBackpropFilterOp> {
  Conv2DBackpropFilterLowering(MLIRContext *ctx, int64_t minKernelMacs)
      : OpConversionPattern(ctx), minKernelMacs(minKernelMacs) {}
  int64_t minKernelMacs;
  LogicalResult matchAndRewrite(Conv2DBackpropFilterOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    if (failed(requireNHWC(op, op.getDataFormat())) || failed(checkStaticOperands(op, rewriter)))
      return failure();
    auto in = cast<RankedTensorType>(op.getInput().getType());
    auto g = cast<RankedTensorType>(op.getOutBackprop().getType());
    auto result = cast<RankedTensorType>(op.getType());
    Window h, w;
    if (failed(convWindows(op, in, g, result.getDimSize(0), result.getDimSize(1), h, w)))
      return failure();
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    int64_t macs = result.getNumElements() * g.getDimSize(0) * g.getDimSize(1) * g.getDimSize(2);
    if (onKernel(result.getElementType(), macs, minKernelMacs)) {
      Type f32 = rewriter.getF32Type();
      Value xpad = padSpatial(rewriter, loc, convertFloats(rewriter, loc, adaptor.getInput(), f32),
                              h, w, rewriter.getZeroAttr(f32));
      Value image = transposeTensor(rewriter, loc, xpad, {3, 1, 2, 0});
      Value filter = transposeTensor(rewriter, loc,
                              convertFloats(rewriter, loc, adaptor.getOutBackprop(), f32),
                              {1, 2, 0, 3});
      auto swappedType = RankedTensorType::get({result.getDimSize(2), result.getDimSize(0),
                                                result.getDimSize(1), result.getDimSize(3)},
                                               f32);
      auto conv = linalg::Conv2DNhwcHwcfOp::create(
          rewriter, loc, TypeRange{swappedType}, ValueRange{image, filter},
          ValueRange{filledTensor(rewriter, loc, swappedType, rewriter.getZeroAttr(f32))},
          rewriter.getI64TensorAttr({h.dilation, w.dilation}),
          rewriter.getI64TensorAttr({h.stride, w.stride}));
      conv->setAttr("tfcc.kernel", rewriter.getStringAttr("conv2d"));
      Value dw = transposeTensor(rewriter, loc, conv.getResult(0), {1, 2, 0, 3});
      rewriter.replaceOp(op, convertFloats(rewriter, loc, dw, result.getElementType()));
      return success();
    }
    Type elt = result.getElementType();
    Value input = padSpatial(rewriter, loc, adaptor.getInput(), h, w, rewriter.getZeroAttr(elt));
    // Loops: a, b, i, o (parallel), then n, y, x (reduction).
    auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
    SmallVector<AffineMap> maps = {
        AffineMap::get(7, 0, {d(4), d(5) * h.stride + d(0) * h.dilation,
                              d(6) * w.stride + d(1) * w.dilation, d(2)}, ctx),
        AffineMap::get(7, 0, {d(4), d(5), d(6), d(3)}, ctx),
        AffineMap::get(7, 0, {d(0), d(1), d(2), d(3)}, ctx)};
    SmallVector<utils::IteratorType> iterators(4, utils::IteratorType::parallel);
    iterators.append(3, utils::IteratorType::reduction);
    Value init = filledTensor(rewriter, loc, result, rewriter.getZeroAttr(elt));
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{result}, ValueRange{input, adaptor.getOutBackprop()},
        ValueRange{init}, maps, iterators, [](OpBuilder &b, Location l, ValueRange a) {
          Value prod = arith::MulFOp::create(b, l, a[0], a[1]);
          linalg::YieldOp::create(b, l, arith::AddFOp::create(b, l, a[2], prod).getResult());
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

/// Pool attributes resolved for a gradient: window sizes and strides, and
/// the padding of the forward input `in` producing `out`.
template <typename OpT>
LogicalResult poolWindows(OpT op, RankedTensorType in, RankedTensorType out, Window &h,
                          Window &w) {
  int64_t kh, kw, sh, sw;
  if (failed(spatial(op, op.getKsize(), "ksize", kh, kw)) ||
      failed(spatial(op, op.getStrides(), "strides", sh, sw)))
    return failure();
  h = resolveWindow(in.getDimSize(1), out.getDimSize(1), kh, sh, 1, op.getPadding(), 0, 0);
  w = resolveWindow(in.getDimSize(2), out.getDimSize(2), kw, sw, 1, op.getPadding(), 0, 0);
  return success();
}

/// MaxPoolGrad: each window's gradient goes to the first maximum of the
/// window (row-major), as TF's kernel does; padding never wins. Step 1 finds
/// each window's winner; step 2 adds the gradients to the winners, in loops,
/// since windows may overlap.
struct MaxPoolGradLowering : OpConversionPattern<MaxPoolGradOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(MaxPoolGradOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    if (failed(requireNHWC(op, op.getDataFormat())) || failed(checkStaticOperands(op, rewriter)))
      return failure();
    auto in = cast<RankedTensorType>(op.getOrigInput().getType());
    auto g = cast<RankedTensorType>(op.getGrad().getType());
    Type elt = in.getElementType();
    if (!isFloat(elt))
      return op->emitError() << "MaxPoolGrad of " << elt << " is not supported on CPU yet";
    Window h, w;
    if (failed(poolWindows(op, in, g, h, w)))
      return failure();
    Location loc = op.getLoc();
    TypedAttr minusInf =
        rewriter.getFloatAttr(elt, -std::numeric_limits<double>::infinity());
    Value input = padSpatial(rewriter, loc, adaptor.getOrigInput(), h, w, minusInf);

    WindowNest window = windowNest(rewriter, loc, h, w, elt);
    auto indexType = RankedTensorType::get(g.getShape(), rewriter.getIndexType());
    Value best = filledTensor(rewriter, loc, g, minusInf);
    Value where = filledTensor(rewriter, loc, indexType, rewriter.getIndexAttr(0));
    int64_t kw = w.size;
    auto argmax = linalg::GenericOp::create(
        rewriter, loc, TypeRange{g, indexType}, ValueRange{input, window.extent},
        ValueRange{best, where},
        ArrayRef<AffineMap>{window.input, window.window, window.output, window.output},
        window.iterators, [&](OpBuilder &b, Location l, ValueRange a) {
          Value flat = arith::AddIOp::create(
              b, l,
              arith::MulIOp::create(b, l, linalg::IndexOp::create(b, l, 4),
                                    arith::ConstantIndexOp::create(b, l, kw)),
              linalg::IndexOp::create(b, l, 5));
          Value better = arith::CmpFOp::create(b, l, arith::CmpFPredicate::OGT, a[0], a[2]);
          linalg::YieldOp::create(b, l,
                                  ValueRange{arith::SelectOp::create(b, l, better, a[0], a[2]),
                                             arith::SelectOp::create(b, l, better, flat, a[3])});
        });
    Value winners = argmax.getResult(1);

    auto paddedType = cast<RankedTensorType>(input.getType());
    Value acc = filledTensor(rewriter, loc, paddedType, rewriter.getZeroAttr(elt));
    auto c = [&](int64_t v) { return arith::ConstantIndexOp::create(rewriter, loc, v).getResult(); };
    SmallVector<Value> lbs(4, c(0)), steps(4, c(1)), ubs;
    for (int64_t dim : g.getShape())
      ubs.push_back(c(dim));
    Value gradIn = adaptor.getGrad();
    scf::LoopNest nest = scf::buildLoopNest(
        rewriter, loc, lbs, ubs, steps, ValueRange{acc},
        [&](OpBuilder &b, Location l, ValueRange iv, ValueRange args) -> scf::ValueVector {
          Value flat = tensor::ExtractOp::create(b, l, winners, iv);
          Value kwC = arith::ConstantIndexOp::create(b, l, kw);
          Value dy = arith::DivUIOp::create(b, l, flat, kwC);
          Value dx = arith::RemUIOp::create(b, l, flat, kwC);
          Value y = arith::AddIOp::create(
              b, l, arith::MulIOp::create(b, l, iv[1], arith::ConstantIndexOp::create(b, l, h.stride)), dy);
          Value x = arith::AddIOp::create(
              b, l, arith::MulIOp::create(b, l, iv[2], arith::ConstantIndexOp::create(b, l, w.stride)), dx);
          SmallVector<Value> at = {iv[0], y, x, iv[3]};
          Value old = tensor::ExtractOp::create(b, l, args[0], at);
          Value gv = tensor::ExtractOp::create(b, l, gradIn, iv);
          Value sum = arith::AddFOp::create(b, l, old, gv);
          return {tensor::InsertOp::create(b, l, sum, args[0], at).getResult()};
        });
    rewriter.replaceOp(op, unpad(rewriter, loc, nest.results[0], in, h, w));
    return success();
  }
};

/// AvgPoolGrad: each window's gradient, divided by the number of input
/// elements it covered, is spread over the window: the gradient divided,
/// spread by the stride into the padded input, then summed over windows
/// with a stride-1 sum pool.
struct AvgPoolGradLowering : OpConversionPattern<AvgPoolGradOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(AvgPoolGradOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    if (failed(requireNHWC(op, op.getDataFormat())) || failed(checkStaticOperands(op, rewriter)))
      return failure();
    auto in = cast<RankedTensorType>(op.getType());
    auto g = cast<RankedTensorType>(op.getGrad().getType());
    Type elt = in.getElementType();
    if (!isFloat(elt))
      return op->emitError() << "AvgPoolGrad of " << elt << " is not supported on CPU yet";
    Window h, w;
    if (failed(poolWindows(op, in, g, h, w)))
      return failure();
    Location loc = op.getLoc();
    int64_t oh = g.getDimSize(1), ow = g.getDimSize(2);
    SmallVector<Attribute> counts;
    auto covered = [](int64_t o, const Window &win, int64_t size) {
      int64_t start = o * win.stride - win.padBefore;
      return std::max<int64_t>(std::min(start + win.size, size) - std::max<int64_t>(start, 0), 1);
    };
    for (int64_t y = 0; y < oh; ++y)
      for (int64_t x = 0; x < ow; ++x)
        counts.push_back(rewriter.getFloatAttr(
            elt, double(covered(y, h, in.getDimSize(1)) * covered(x, w, in.getDimSize(2)))));
    auto countType = RankedTensorType::get({oh, ow, 1}, elt);
    Value countTensor =
        arith::ConstantOp::create(rewriter, loc, DenseElementsAttr::get(countType, counts));
    Value scaled = buildElementwise(rewriter, loc, g, {adaptor.getGrad(), countTensor},
                                    [](OpBuilder &b, Location l, ValueRange a) {
                                      return arith::DivFOp::create(b, l, a[0], a[1]);
                                    });
    int64_t hp = in.getDimSize(1) + h.padBefore + h.padAfter;
    int64_t wp = in.getDimSize(2) + w.padBefore + w.padAfter;
    Value spread = spreadInto(rewriter, loc, scaled,
                              {g.getDimSize(0), hp + h.size - 1, wp + w.size - 1, g.getDimSize(3)},
                              {0, h.size - 1, w.size - 1, 0}, {1, h.stride, w.stride, 1});
    auto paddedType = RankedTensorType::get({in.getDimSize(0), hp, wp, in.getDimSize(3)}, elt);
    Value init = filledTensor(rewriter, loc, paddedType, rewriter.getZeroAttr(elt));
    Value window = tensor::EmptyOp::create(rewriter, loc, ArrayRef<int64_t>{h.size, w.size}, elt);
    Value summed = linalg::PoolingNhwcSumOp::create(
                       rewriter, loc, TypeRange{paddedType}, ValueRange{spread, window},
                       ValueRange{init}, rewriter.getI64TensorAttr({1, 1}),
                       rewriter.getI64TensorAttr({1, 1}))
                       .getResult(0);
    rewriter.replaceOp(op, unpad(rewriter, loc, summed, in, h, w));
    return success();
  }
};

} // namespace

void populateConvLowering(RewritePatternSet &patterns, int64_t minKernelMacs) {
  patterns.add<Conv2DLowering, Conv2DBackpropInputLowering, Conv2DBackpropFilterLowering>(
      patterns.getContext(), minKernelMacs);
  patterns.add<DepthwiseConv2dNativeLowering, PoolLowering<MaxPoolOp>, PoolLowering<AvgPoolOp>,
               MaxPoolGradLowering, AvgPoolGradLowering>(
      patterns.getContext());
}

} // namespace mlir::tfcc
