//===- TfccDialect.cpp - dialect registration and shared verification -----===//
#include "compiler/ir/TfccDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/IR/DialectImplementation.h"
#include "mlir/Transforms/InliningUtils.h"

using namespace mlir;
using namespace mlir::tfcc;

#include "compiler/ir/TfccDialect.cpp.inc"
#include "compiler/ir/TfccInterfaces.cpp.inc"

namespace {
/// Every tfcc op may be inlined: PartitionedCall bodies are plain graphs.
struct TfccInlinerInterface : public DialectInlinerInterface {
  using DialectInlinerInterface::DialectInlinerInterface;
  bool isLegalToInline(Operation *, Operation *, bool) const final { return true; }
  bool isLegalToInline(Region *, Region *, bool, IRMapping &) const final { return true; }
  bool isLegalToInline(Operation *, Region *, bool, IRMapping &) const final { return true; }
  /// Call sites are often more specific than a generic callee (tensor<2xf32>
  /// into tensor<*xf32>): an Identity bridges the two types.
  Operation *materializeCallConversion(OpBuilder &builder, Value input, Type resultType,
                                       Location loc) const final {
    return IdentityOp::create(builder, loc, resultType, input);
  }
};
} // namespace

void TFCCDialect::initialize() {
  registerTypes();
  registerAttributes();
  registerArrayOps();
  registerControlOps();
  registerMathOps();
  registerNNOps();
  registerStateOps();
  addInterfaces<TfccInlinerInterface>();
}

Operation *TFCCDialect::materializeConstant(OpBuilder &builder, Attribute value, Type type,
                                            Location loc) {
  auto elements = dyn_cast<ElementsAttr>(value);
  if (!elements || elements.getType() != type)
    return nullptr;
  return ConstOp::create(builder, loc, type, elements);
}

int64_t tfcc::intAttrOf(DictionaryAttr attrs, StringRef name, int64_t fallback) {
  if (!attrs)
    return fallback;
  if (auto attr = attrs.getAs<IntegerAttr>(name))
    return attr.getInt();
  return fallback;
}

int64_t tfcc::typeListSize(DictionaryAttr attrs, StringRef name) {
  if (!attrs)
    return -1;
  if (auto list = attrs.getAs<ArrayAttr>(name))
    return list.size();
  return -1;
}

/// Whether `actual` may stand where the shape rule gives `expected`.
static bool compatible(Type expected, Type actual) {
  if (!dtypesAgree(expected, actual))
    return false;
  return succeeded(verifyCompatibleShape(expected, actual));
}

LogicalResult tfcc::verifyWithShapeRule(Operation *op) {
  auto rule = dyn_cast<ShapeInference>(op);
  if (!rule)
    return success();
  SmallVector<Type> types;
  if (failed(rule.refineResultTypes(types)))
    return failure();
  if (types.size() != op->getNumResults())
    return op->emitOpError() << "has " << op->getNumResults() << " results, but its inputs and "
                             << "attributes give " << types.size();
  for (auto [i, expected] : llvm::enumerate(types)) {
    Type actual = op->getResult(i).getType();
    if (!compatible(expected, actual))
      return op->emitOpError() << "result #" << i << " has type " << actual
                               << ", but its inputs give " << expected;
  }
  return success();
}

LogicalResult tfcc::verifyVariableSymbol(Operation *op, FlatSymbolRefAttr name,
                                         SymbolTableCollection &tables) {
  if (!tables.lookupNearestSymbolFrom<VariableOp>(op, name))
    return op->emitOpError() << "names @" << name.getValue() << ", which is no tfcc.variable";
  return success();
}
