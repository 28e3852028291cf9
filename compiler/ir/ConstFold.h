//===- ConstFold.h - folding elementwise ops on constants ------*- C++ -*-===//
//
// Ops give the scalar semantics; these helpers walk the (broadcast) elements.
// Nothing folds into a tensor of more than kMaxFoldElements elements, so
// folding never bloats the module with large constants.
//
//===----------------------------------------------------------------------===//
#ifndef TFCC_IR_CONSTFOLD_H
#define TFCC_IR_CONSTFOLD_H

#include <optional>

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/OpDefinition.h"

namespace mlir::tfcc {

constexpr int64_t kMaxFoldElements = 1 << 16;

/// Scalar semantics of an elementwise op. A function returns nullopt where
/// TF's result is an error (integer division by zero) or it does not apply.
using FloatFn1 = llvm::function_ref<std::optional<double>(double)>;
using IntFn1 = llvm::function_ref<std::optional<int64_t>(int64_t)>;
using FloatFn2 = llvm::function_ref<std::optional<double>(double, double)>;
using IntFn2 = llvm::function_ref<std::optional<int64_t>(int64_t, int64_t)>;

/// Folds y = f(x). Either function may be null (then that dtype does not fold).
OpFoldResult foldUnary(Operation *op, Attribute operand, FloatFn1 onFloat, IntFn1 onInt);
/// Folds z = f(x, y) with broadcasting; the result dtype is the op's.
/// Comparisons return 0/1 from the functions and fold into a bool tensor.
OpFoldResult foldBinary(Operation *op, Attribute lhs, Attribute rhs, FloatFn2 onFloat,
                        IntFn2 onInt);

/// A dense integer constant of the static tensor type `type` from int64 values.
DenseElementsAttr intConstant(Type type, ArrayRef<int64_t> values);

using OptD = std::optional<double>;
using OptI = std::optional<int64_t>;

} // namespace mlir::tfcc

/// Defines OP::fold for a unary elementwise op from its scalar functions.
#define TFCC_UNARY_FOLD(OP, FLOAT, INT)                                                    \
  ::mlir::OpFoldResult OP::fold(FoldAdaptor adaptor) {                                    \
    return ::mlir::tfcc::foldUnary(getOperation(), adaptor.getOperands()[0], FLOAT, INT);  \
  }
/// Defines OP::fold for a binary elementwise op from its scalar functions.
#define TFCC_BINARY_FOLD(OP, FLOAT, INT)                                                   \
  ::mlir::OpFoldResult OP::fold(FoldAdaptor adaptor) {                                    \
    return ::mlir::tfcc::foldBinary(getOperation(), adaptor.getX(), adaptor.getY(), FLOAT, \
                                    INT);                                                  \
  }

#endif // TFCC_IR_CONSTFOLD_H
