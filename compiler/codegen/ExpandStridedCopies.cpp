//===- ExpandStridedCopies.cpp - the tfcc-expand-strided-copies pass ------===//
#include "compiler/codegen/Passes.h"

namespace mlir::tfcc {
#define GEN_PASS_DEF_EXPANDSTRIDEDCOPIES
#include "compiler/codegen/Passes.h.inc"
} // namespace mlir::tfcc

using namespace mlir;

namespace {
bool contiguous(Value v) {
  auto t = cast<MemRefType>(v.getType());
  return t.getLayout().isIdentity();
}

struct ExpandStridedCopiesPass
    : public tfcc::impl::ExpandStridedCopiesBase<ExpandStridedCopiesPass> {
  void runOnOperation() override {
    SmallVector<memref::CopyOp> copies;
    getOperation().walk([&](memref::CopyOp copy) {
      if (!contiguous(copy.getSource()) || !contiguous(copy.getTarget()))
        copies.push_back(copy);
    });
    for (memref::CopyOp copy : copies) {
      OpBuilder b(copy);
      linalg::CopyOp::create(b, copy.getLoc(), copy.getSource(), copy.getTarget());
      copy.erase();
    }
  }
};
} // namespace
