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

/// Resolves the H and W windows of a convolution-like op.
template <typename OpT>
LogicalResult convWindows(OpT op, int64_t kh, int64_t kw, Window &h, Window &w) {
  int64_t sh, sw, dh, dw;
  if (failed(spatial(op, op.getStrides(), "strides", sh, sw)) ||
      failed(spatial(op, op.getDilations(), "dilations", dh, dw)))
    return failure();
  SmallVector<int64_t> ex(8, 0);
  ArrayAttr explicitPads = op.getExplicitPaddings();
  if (explicitPads && explicitPads.size() == 8)
    for (int i = 0; i < 8; ++i)
      ex[i] = cast<IntegerAttr>(explicitPads[i]).getInt();
  auto in = cast<RankedTensorType>(op.getInput().getType());
  auto out = cast<RankedTensorType>(op.getType());
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
    if (failed(convWindows(op, filter.getDimSize(0), filter.getDimSize(1), h, w)))
      return failure();
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(op.getType());
    Type elt = resultType.getElementType();
    Value input = padSpatial(rewriter, loc, adaptor.getInput(), h, w, rewriter.getZeroAttr(elt));
    Value init = filledTensor(rewriter, loc, resultType, rewriter.getZeroAttr(elt));
    auto conv = linalg::Conv2DNhwcHwcfOp::create(
        rewriter, loc, TypeRange{resultType}, ValueRange{input, adaptor.getFilter()},
        ValueRange{init}, rewriter.getI64TensorAttr({h.stride, w.stride}),
        rewriter.getI64TensorAttr({h.dilation, w.dilation}));
    int64_t macs = resultType.getNumElements() * filter.getDimSize(0) * filter.getDimSize(1) *
                   filter.getDimSize(2);
    if (elt.isF32() && minKernelMacs >= 0 && macs >= minKernelMacs)
      conv->setAttr("tfcc.kernel", rewriter.getStringAttr("conv2d"));
    rewriter.replaceOp(op, conv.getResult(0));
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
    if (failed(convWindows(op, filter.getDimSize(0), filter.getDimSize(1), h, w)))
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
    Value init = filledTensor(rewriter, loc, resultType, padValue);
    Value window = tensor::EmptyOp::create(rewriter, loc, ArrayRef<int64_t>{kh, kw}, elt);
    auto strides = rewriter.getI64TensorAttr({sh, sw});
    auto dilations = rewriter.getI64TensorAttr({1, 1});
    Value pooled;
    if constexpr (isMax)
      pooled = linalg::PoolingNhwcMaxOp::create(rewriter, loc, TypeRange{resultType},
                                                ValueRange{input, window}, ValueRange{init},
                                                strides, dilations)
                   .getResult(0);
    else
      pooled = linalg::PoolingNhwcSumOp::create(rewriter, loc, TypeRange{resultType},
                                                ValueRange{input, window}, ValueRange{init},
                                                strides, dilations)
                   .getResult(0);
    if constexpr (!isMax) {
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
    }
    rewriter.replaceOp(op, pooled);
    return success();
  }
};

} // namespace

void populateConvLowering(RewritePatternSet &patterns, int64_t minKernelMacs) {
  patterns.add<Conv2DLowering>(patterns.getContext(), minKernelMacs);
  patterns.add<DepthwiseConv2dNativeLowering, PoolLowering<MaxPoolOp>,
               PoolLowering<AvgPoolOp>>(patterns.getContext());
}

} // namespace mlir::tfcc
