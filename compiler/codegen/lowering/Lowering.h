//===- Lowering.h - tfcc ops to linalg/tensor/arith/math --------*- C++ -*-===//
//
// Each op's CPU lowering is a conversion pattern in the file of its family
// (Elementwise, MatMul, Conv, Reduction, BatchNorm, Shape), named
// <Op>Lowering. Every pattern expects static shapes (the tfcc-shape-inference
// pass has run) and reports what it cannot lower as an error on the op, so
// the node is named.
//
//===----------------------------------------------------------------------===//
#ifndef TFCC_CODEGEN_LOWERING_LOWERING_H
#define TFCC_CODEGEN_LOWERING_LOWERING_H

#include "compiler/ir/TfccDialect.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mlir::tfcc {

void populateElementwiseLowering(RewritePatternSet &patterns);
/// `minKernelMacs`: see kKernelMinMacs; -1 never calls kernels.
void populateMatMulLowering(RewritePatternSet &patterns, int64_t minKernelMacs);
void populateConvLowering(RewritePatternSet &patterns, int64_t minKernelMacs);
void populateReductionLowering(RewritePatternSet &patterns);
void populateBatchNormLowering(RewritePatternSet &patterns);
void populateShapeLowering(RewritePatternSet &patterns);

/// All of the above.
void populateTfccToLinalgPatterns(RewritePatternSet &patterns, int64_t minKernelMacs);

/// Products and convolutions at least this large (multiply-adds) are marked
/// `tfcc.kernel` and become runtime kernel calls (tfcc-call-kernels); smaller
/// ones are generated code. test/bench/models measured the kernel ahead of
/// the generated loops from 16x16x16 up (tied at 64^3); see
/// docs/PERFORMANCE.md. Products with fewer than kKernelMinRows rows (GEMV,
/// batch 1) call the kernel, which reads the weights once per call (a
/// constant's from column panels it packs on the first call), only when
/// the right operand has at least kKernelMinGemvWeights elements (beyond
/// L2, where streaming pays for the call); smaller ones stay generated.
constexpr int64_t kKernelMinMacs = int64_t(16) * 16 * 16;
constexpr int64_t kKernelMinRows = 4;
constexpr int64_t kKernelMinGemvWeights = int64_t(1) << 16;

//===- helpers shared by the lowering files -------------------------------===//

/// Builds the scalar body of an elementwise op from its scalar operands.
using ScalarBody = function_ref<Value(OpBuilder &, Location, ValueRange)>;

/// A linalg.generic computing `resultType` elementwise from `inputs`, each
/// broadcast to the result shape with numpy rules (size-1 and missing
/// leading dims repeat).
Value buildElementwise(OpBuilder &b, Location loc, RankedTensorType resultType,
                       ValueRange inputs, ScalarBody body);

/// An empty tensor of `type` (static shape), the init of a linalg op.
Value emptyTensor(OpBuilder &b, Location loc, RankedTensorType type);

/// A tensor of `type` filled with `value` (an attribute of its element type).
Value filledTensor(OpBuilder &b, Location loc, RankedTensorType type, TypedAttr value);

/// A scalar constant of element type `type`: `value` converted.
Value scalarConstant(OpBuilder &b, Location loc, Type type, double value);

/// `v` (static shape) reshaped to `type`, which has as many elements.
Value reshapeTo(OpBuilder &b, Location loc, Value v, RankedTensorType type);

/// The static ranked type of `v`, or null.
RankedTensorType staticType(Value v);

/// Fails, with an error naming the op, unless every operand and result has a
/// static shape and an element type the CPU backend handles.
LogicalResult checkStaticOperands(Operation *op, ConversionPatternRewriter &rewriter);

/// True for f16/bf16/f32/f64.
inline bool isFloat(Type t) { return isa<FloatType>(t); }

/// Whether a product or convolution of element type `elt` with `macs`
/// multiply-adds runs on the f32 kernels: at least `minKernelMacs` of them
/// (-1: never), in f32 itself or f16/bf16 widened to f32 around the call
/// (the sum is then accumulated in f32 and rounded once, as TF's GPU
/// kernels do for half; generated loops would accumulate in 16 bits).
inline bool onKernel(Type elt, int64_t macs, int64_t minKernelMacs) {
  return (elt.isF32() || elt.isF16() || elt.isBF16()) && minKernelMacs >= 0 &&
         macs >= minKernelMacs;
}

/// The float scalar `x` as float type `to` (extf/truncf; `x` when equal).
Value convertFloat(OpBuilder &b, Location loc, Value x, Type to);

/// `v` (static float tensor) with its elements converted to `elt`
/// (convertFloat); `v` itself when it already has them.
Value convertFloats(OpBuilder &b, Location loc, Value v, Type elt);

/// `v` (static) with its dims permuted: result dim i is dim perm[i] of v.
Value transposeTensor(OpBuilder &b, Location loc, Value v, ArrayRef<int64_t> perm);

} // namespace mlir::tfcc

#endif // TFCC_CODEGEN_LOWERING_LOWERING_H
