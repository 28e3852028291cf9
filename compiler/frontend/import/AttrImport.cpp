//===- AttrImport.cpp - TF dtypes, tensors and attributes to MLIR ---------===//
#include "compiler/frontend/import/GraphImporter.h"

#include "compiler/ir/TfccDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/Support/Endian.h"

using namespace mlir;

namespace tfcc {

Type convertDataType(MLIRContext *ctx, tensorflow::DataType dtype) {
  using namespace tensorflow;
  int base = dtype > 100 ? dtype - 100 : dtype; // _REF types
  Builder b(ctx);
  switch (base) {
  case DT_FLOAT: return b.getF32Type();
  case DT_DOUBLE: return b.getF64Type();
  case DT_HALF: return b.getF16Type();
  case DT_BFLOAT16: return b.getBF16Type();
  case DT_INT8: return b.getIntegerType(8);
  case DT_INT16: return b.getIntegerType(16);
  case DT_INT32: return b.getIntegerType(32);
  case DT_INT64: return b.getIntegerType(64);
  case DT_UINT8: return b.getIntegerType(8, /*isSigned=*/false);
  case DT_UINT16: return b.getIntegerType(16, false);
  case DT_UINT32: return b.getIntegerType(32, false);
  case DT_UINT64: return b.getIntegerType(64, false);
  case DT_BOOL: return b.getI1Type();
  case DT_COMPLEX64: return ComplexType::get(b.getF32Type());
  case DT_COMPLEX128: return ComplexType::get(b.getF64Type());
  case DT_STRING: return ::mlir::tfcc::StringType::get(ctx);
  case DT_RESOURCE: return ::mlir::tfcc::ResourceType::get(ctx);
  case DT_VARIANT: return ::mlir::tfcc::VariantType::get(ctx);
  case DT_QINT8: return ::mlir::tfcc::QuantType::get(ctx, "qint8");
  case DT_QUINT8: return ::mlir::tfcc::QuantType::get(ctx, "quint8");
  case DT_QINT16: return ::mlir::tfcc::QuantType::get(ctx, "qint16");
  case DT_QUINT16: return ::mlir::tfcc::QuantType::get(ctx, "quint16");
  case DT_QINT32: return ::mlir::tfcc::QuantType::get(ctx, "qint32");
  default: return nullptr;
  }
}

/// The values of a typed repeated field widened to T.
template <typename T, typename Field> static SmallVector<T> widen(const Field &field) {
  return SmallVector<T>(field.begin(), field.end());
}

/// Expands `vals` to n elements as TF does: no values means `zero`
/// everywhere, fewer than n repeat the last one.
template <typename T>
static LogicalResult expand(Location loc, SmallVector<T> &vals, int64_t n, StringRef what,
                            T zero = T()) {
  if ((int64_t)vals.size() > n)
    return emitError(loc) << what << ": " << vals.size() << " values for a tensor of " << n
                          << " elements";
  if (vals.empty())
    vals.push_back(zero);
  if (n == 0)
    vals.clear();
  while ((int64_t)vals.size() < n)
    vals.push_back(vals.back());
  return success();
}

FailureOr<ElementsAttr> convertTensor(Location loc, const tensorflow::TensorProto &tensor,
                                      StringRef what) {
  MLIRContext *ctx = loc.getContext();
  Type elt = convertDataType(ctx, tensor.dtype());
  if (!elt)
    return emitError(loc) << what << ": unsupported dtype " << frontend::dataTypeName(tensor.dtype());
  SmallVector<int64_t> shape;
  int64_t n = 1;
  if (tensor.tensor_shape().unknown_rank())
    return emitError(loc) << what << ": a constant tensor needs a known shape";
  for (const auto &d : tensor.tensor_shape().dim()) {
    if (d.size() < 0)
      return emitError(loc) << what << ": a constant tensor needs known dims";
    shape.push_back(d.size());
    n *= d.size();
  }
  auto type = RankedTensorType::get(shape, elt);
  const std::string &raw = tensor.tensor_content();

  if (isa<::mlir::tfcc::StringType>(elt)) {
    SmallVector<StringRef> vals;
    for (const std::string &s : tensor.string_val())
      vals.push_back(s);
    if (failed(expand(loc, vals, n, what)))
      return failure();
    return cast<ElementsAttr>(DenseStringElementsAttr::get(type, vals));
  }
  if (isa<::mlir::tfcc::ResourceType, ::mlir::tfcc::VariantType, ::mlir::tfcc::QuantType, ComplexType>(elt))
    return emitError(loc) << what << ": constants of dtype "
                          << frontend::dataTypeName(tensor.dtype()) << " are not supported";

  unsigned bits = elt.getIntOrFloatBitWidth();
  if (!raw.empty()) {
    unsigned bytes = std::max(1u, bits / 8);
    if ((int64_t)raw.size() != n * bytes)
      return emitError(loc) << what << ": tensor_content has " << raw.size() << " bytes, "
                            << "expected " << n * bytes << " for shape "
                            << ::mlir::tfcc::shapeString(shape);
    if (elt.isInteger(1)) {
      SmallVector<bool> vals;
      for (char c : raw)
        vals.push_back(c != 0);
      return cast<ElementsAttr>(DenseElementsAttr::get(type, vals));
    }
    // tensor_content is little-endian, as is every host tfcc runs on.
    return cast<ElementsAttr>(DenseElementsAttr::getFromRawBuffer(
        type, ArrayRef<char>(raw.data(), raw.size())));
  }

  if (auto ft = dyn_cast<FloatType>(elt)) {
    SmallVector<APFloat> vals;
    if (bits == 16) {
      for (int v : tensor.half_val())
        vals.push_back(APFloat(ft.getFloatSemantics(), APInt(16, (uint16_t)v)));
    } else if (bits == 32) {
      for (float v : tensor.float_val())
        vals.push_back(APFloat(v));
    } else {
      for (double v : tensor.double_val())
        vals.push_back(APFloat(v));
    }
    if (failed(expand(loc, vals, n, what, APFloat::getZero(ft.getFloatSemantics()))))
      return failure();
    return cast<ElementsAttr>(DenseElementsAttr::get(type, vals));
  }
  if (elt.isInteger(1)) {
    SmallVector<bool> vals = widen<bool>(tensor.bool_val());
    if (failed(expand(loc, vals, n, what)))
      return failure();
    return cast<ElementsAttr>(DenseElementsAttr::get(type, vals));
  }
  auto it = cast<IntegerType>(elt);
  SmallVector<int64_t> wide;
  if (bits == 64 && it.isUnsigned())
    wide = widen<int64_t>(tensor.uint64_val());
  else if (bits == 64)
    wide = widen<int64_t>(tensor.int64_val());
  else if (bits == 32 && it.isUnsigned())
    wide = widen<int64_t>(tensor.uint32_val());
  else
    wide = widen<int64_t>(tensor.int_val());
  if (failed(expand(loc, wide, n, what)))
    return failure();
  SmallVector<APInt> vals;
  for (int64_t v : wide)
    vals.push_back(APInt(bits, v, /*isSigned=*/!it.isUnsigned(), /*implicitTrunc=*/true));
  return cast<ElementsAttr>(DenseElementsAttr::get(type, vals));
}

static Attribute convertShape(MLIRContext *ctx, const tensorflow::TensorShapeProto &shape) {
  if (shape.unknown_rank())
    return ::mlir::tfcc::ShapeAttr::get(ctx, {}, true);
  SmallVector<int64_t> dims;
  for (const auto &d : shape.dim())
    dims.push_back(d.size() < 0 ? ShapedType::kDynamic : d.size());
  return ::mlir::tfcc::ShapeAttr::get(ctx, dims, false);
}

FailureOr<Attribute> convertAttr(Location loc, StringRef name,
                                 const tensorflow::AttrValue &value) {
  MLIRContext *ctx = loc.getContext();
  Builder b(ctx);
  auto typeOf = [&](tensorflow::DataType dt) -> FailureOr<Attribute> {
    Type t = convertDataType(ctx, dt);
    if (!t)
      return emitError(loc) << "attribute '" << name << "': unsupported dtype "
                            << frontend::dataTypeName(dt);
    return Attribute(TypeAttr::get(t));
  };
  switch (value.value_case()) {
  case tensorflow::AttrValue::kS:
    return Attribute(b.getStringAttr(value.s()));
  case tensorflow::AttrValue::kI:
    return Attribute(b.getI64IntegerAttr(value.i()));
  case tensorflow::AttrValue::kF:
    return Attribute(b.getF32FloatAttr(value.f()));
  case tensorflow::AttrValue::kB:
    return Attribute(b.getBoolAttr(value.b()));
  case tensorflow::AttrValue::kType:
    return typeOf(value.type());
  case tensorflow::AttrValue::kShape:
    return convertShape(ctx, value.shape());
  case tensorflow::AttrValue::kTensor: {
    // Dtypes with no MLIR elements keep their TensorProto bytes.
    int dt = value.tensor().dtype() % 100;
    if (dt == tensorflow::DT_RESOURCE || dt == tensorflow::DT_VARIANT ||
        dt == tensorflow::DT_COMPLEX64 || dt == tensorflow::DT_COMPLEX128 ||
        (dt >= tensorflow::DT_QINT8 && dt <= tensorflow::DT_QINT32) ||
        dt == tensorflow::DT_QINT16 || dt == tensorflow::DT_QUINT16)
      return Attribute(b.getStringAttr(value.tensor().SerializeAsString()));
    auto t = convertTensor(loc, value.tensor(), ("attribute '" + name + "'").str());
    if (failed(t))
      return failure();
    return Attribute(*t);
  }
  case tensorflow::AttrValue::kFunc:
    return Attribute(FlatSymbolRefAttr::get(ctx, value.func().name()));
  case tensorflow::AttrValue::kPlaceholder:
    return Attribute(b.getStringAttr("$" + value.placeholder()));
  case tensorflow::AttrValue::kList: {
    const auto &l = value.list();
    SmallVector<Attribute> items;
    for (const auto &s : l.s())
      items.push_back(b.getStringAttr(s));
    for (int64_t i : l.i())
      items.push_back(b.getI64IntegerAttr(i));
    for (float f : l.f())
      items.push_back(b.getF32FloatAttr(f));
    for (bool v : l.b())
      items.push_back(b.getBoolAttr(v));
    for (int t : l.type()) {
      auto a = typeOf(static_cast<tensorflow::DataType>(t));
      if (failed(a))
        return failure();
      items.push_back(*a);
    }
    for (const auto &s : l.shape())
      items.push_back(convertShape(ctx, s));
    for (const auto &t : l.tensor()) {
      auto a = convertTensor(loc, t, ("attribute '" + name + "'").str());
      if (failed(a))
        return failure();
      items.push_back(*a);
    }
    for (const auto &f : l.func())
      items.push_back(FlatSymbolRefAttr::get(ctx, f.name()));
    return Attribute(b.getArrayAttr(items));
  }
  case tensorflow::AttrValue::VALUE_NOT_SET:
    return Attribute(b.getUnitAttr());
  }
  return emitError(loc) << "attribute '" << name << "' has an unknown kind";
}

std::string formatDiagnostic(Diagnostic &diag) {
  std::string file, node, function;
  Location loc = diag.getLocation();
  // Locations are NameLoc(node, [NameLoc(function,)] FileLineColLoc(file)).
  while (true) {
    if (auto name = dyn_cast<NameLoc>(loc)) {
      (node.empty() ? node : function) = name.getName().str();
      loc = name.getChildLoc();
      continue;
    }
    if (auto fl = dyn_cast<FileLineColLoc>(loc))
      file = fl.getFilename().str();
    break;
  }
  std::string out;
  if (!file.empty())
    out += file + ": ";
  if (!node.empty())
    out += "node '" + node + "'" + (function.empty() ? "" : " in function '" + function + "'") +
           ": ";
  return out + diag.str();
}

} // namespace tfcc
