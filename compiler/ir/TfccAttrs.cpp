//===- TfccAttrs.cpp - tfcc types and attributes --------------------------===//
#include "compiler/ir/TfccDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::tfcc;

#define GET_TYPEDEF_CLASSES
#include "compiler/ir/TfccTypes.cpp.inc"
#define GET_ATTRDEF_CLASSES
#include "compiler/ir/TfccAttrs.cpp.inc"

void TFCCDialect::registerTypes() {
  addTypes<
#define GET_TYPEDEF_LIST
#include "compiler/ir/TfccTypes.cpp.inc"
      >();
}

void TFCCDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "compiler/ir/TfccAttrs.cpp.inc"
      >();
}

// #tfcc.shape<*> or #tfcc.shape<2x?x3> (#tfcc.shape<> is a scalar).
Attribute ShapeAttr::parse(AsmParser &parser, Type) {
  if (parser.parseLess())
    return {};
  if (succeeded(parser.parseOptionalStar())) {
    if (parser.parseGreater())
      return {};
    return ShapeAttr::get(parser.getContext(), {}, true);
  }
  SmallVector<int64_t> dims;
  if (failed(parser.parseOptionalGreater())) {
    if (parser.parseDimensionList(dims, /*allowDynamic=*/true, /*withTrailingX=*/false) ||
        parser.parseGreater())
      return {};
  }
  return ShapeAttr::get(parser.getContext(), dims, false);
}

void ShapeAttr::print(AsmPrinter &printer) const {
  printer << "<";
  if (getUnranked()) {
    printer << "*";
  } else {
    llvm::interleave(
        getDims(), printer,
        [&](int64_t d) {
          if (ShapedType::isDynamic(d) || d < 0)
            printer << "?";
          else
            printer << d;
        },
        "x");
  }
  printer << ">";
}

TensorType ShapeAttr::toTensorType(Type elementType) const {
  if (getUnranked())
    return UnrankedTensorType::get(elementType);
  SmallVector<int64_t> dims;
  for (int64_t d : getDims())
    dims.push_back(d < 0 ? ShapedType::kDynamic : d);
  return RankedTensorType::get(dims, elementType);
}
