//===- ArrayOps.td - tfcc constants, shape and data-movement ops -*- tablegen -*-===//
#ifndef TFCC_ARRAY_OPS_TD
#define TFCC_ARRAY_OPS_TD

include "compiler/ir/TfccBase.td"

def TFCC_ConstOp : TFCC_Op<"Const", [ConstantLike, Pure]> {
  let summary = "a constant tensor; `value` is its data, dtype and shape";
  let arguments = (ins ElementsAttr:$value);
  let results = (outs TFCC_Tensor:$output);
  let hasFolder = 1;
  let assemblyFormat = "attr-dict `:` type($output)";
}

def TFCC_IdentityOp : TFCC_RuleOp<"Identity", "inferSameAsFirstOperand", [Pure, TFCC_Grad]> {
  let arguments = (ins TFCC_Tensor:$input);
  let results = (outs TFCC_Tensor:$output);
  let hasFolder = 1;
}
def TFCC_IdentityNOp : TFCC_Op<"IdentityN", [Pure, TFCC_Grad]> {
  let arguments = (ins Variadic<TFCC_Tensor>:$input);
  let results = (outs Variadic<TFCC_Tensor>:$output);
  let hasFolder = 1;
  let numOutputsBody = "return numInputs;";
}
// StopGradient and PreventGradient are identities that autodiff must see.
def TFCC_StopGradientOp : TFCC_RuleOp<"StopGradient", "inferSameAsFirstOperand", [Pure, TFCC_Grad]> {
  let arguments = (ins TFCC_Tensor:$input);
  let results = (outs TFCC_Tensor:$output);
}
def TFCC_PreventGradientOp : TFCC_RuleOp<"PreventGradient", "inferSameAsFirstOperand", [Pure, TFCC_Grad]> {
  let arguments = (ins TFCC_Tensor:$input, DefaultValuedAttr<StrAttr, "\"\"">:$message);
  let results = (outs TFCC_Tensor:$output);
}
def TFCC_PlaceholderWithDefaultOp
    : TFCC_RuleOp<"PlaceholderWithDefault", "inferSameAsFirstOperand", [Pure]> {
  let summary = "its input when not fed (fed ones become function arguments)";
  let arguments = (ins TFCC_Tensor:$input, OptionalAttr<TFCC_ShapeAttr>:$shape);
  let results = (outs TFCC_Tensor:$output);
}
def TFCC_ZerosLikeOp : TFCC_RuleOp<"ZerosLike", "inferSameAsFirstOperand", [Pure]> {
  let arguments = (ins TFCC_Tensor:$x);
  let results = (outs TFCC_Tensor:$y);
  let hasFolder = 1;
}
def TFCC_OnesLikeOp : TFCC_RuleOp<"OnesLike", "inferSameAsFirstOperand", [Pure]> {
  let arguments = (ins TFCC_Tensor:$x);
  let results = (outs TFCC_Tensor:$y);
  let hasFolder = 1;
}

// Shape arithmetic: these fold to constants once shapes are static.
def TFCC_ShapeOp : TFCC_Op<"Shape", [Pure]> {
  let arguments = (ins TFCC_Tensor:$input,
                       OptionalAttr<TypeAttr>:$out_type);
  let results = (outs TFCC_IntTensor:$output);
  let hasFolder = 1;
}
def TFCC_ShapeNOp : TFCC_Op<"ShapeN", [Pure]> {
  let arguments = (ins Variadic<TFCC_Tensor>:$input,
                       OptionalAttr<TypeAttr>:$out_type);
  let results = (outs Variadic<TFCC_IntTensor>:$output);
  let hasFolder = 1;
  let numOutputsBody = "return numInputs;";
}
def TFCC_SizeOp : TFCC_Op<"Size", [Pure]> {
  let arguments = (ins TFCC_Tensor:$input,
                       OptionalAttr<TypeAttr>:$out_type);
  let results = (outs TFCC_IntTensor:$output);
  let hasFolder = 1;
}
def TFCC_RankOp : TFCC_Op<"Rank", [Pure]> {
  let arguments = (ins TFCC_Tensor:$input);
  let results = (outs TensorOf<[I32]>:$output);
  let hasFolder = 1;
}
def TFCC_BroadcastGradientArgsOp : TFCC_Op<"BroadcastGradientArgs", [Pure]> {
  let summary = "the axes that broadcasting s0 and s1 together expanded, per operand";
  let arguments = (ins TFCC_Index:$s0, TFCC_Index:$s1);
  let results = (outs TFCC_Index:$r0, TFCC_Index:$r1);
  let hasFolder = 1;
}
def TFCC_ConcatOffsetOp : TFCC_Op<"ConcatOffset", [Pure]> {
  let arguments = (ins TFCC_Index:$concat_dim, Variadic<TFCC_Index>:$shape);
  let results = (outs Variadic<TFCC_Index>:$offset);
  let hasFolder = 1;
  let numOutputsBody = "return numInputs == 0 ? 0 : numInputs - 1;";
}
def TFCC_FillOp : TFCC_Op<"Fill", [Pure]> {
  let arguments = (ins TFCC_Index:$dims, TFCC_Tensor:$value);
  let results = (outs TFCC_Tensor:$output);
  let hasFolder = 1;
}
def TFCC_BroadcastToOp : TFCC_Op<"BroadcastTo", [Pure, TFCC_Grad]> {
  let arguments = (ins TFCC_Tensor:$input, TFCC_Index:$shape);
  let results = (outs TFCC_Tensor:$output);
}

// Reshaping.
def TFCC_ReshapeOp : TFCC_Op<"Reshape", [Pure, TFCC_Grad]> {
  let arguments = (ins TFCC_Tensor:$tensor, TFCC_Index:$shape);
  let results = (outs TFCC_Tensor:$output);
  let hasFolder = 1;
}
def TFCC_SqueezeOp : TFCC_Op<"Squeeze", [Pure, TFCC_Grad]> {
  let arguments = (ins TFCC_Tensor:$input,
                       DefaultValuedAttr<I64ArrayAttr, "{}">:$squeeze_dims);
  let results = (outs TFCC_Tensor:$output);
  let hasFolder = 1;
}
def TFCC_ExpandDimsOp : TFCC_Op<"ExpandDims", [Pure, TFCC_Grad]> {
  let arguments = (ins TFCC_Tensor:$input, TFCC_Index:$dim);
  let results = (outs TFCC_Tensor:$output);
  let hasFolder = 1;
}
def TFCC_TransposeOp : TFCC_Op<"Transpose", [Pure, TFCC_Grad]> {
  let arguments = (ins TFCC_Tensor:$x, TFCC_Index:$perm);
  let results = (outs TFCC_Tensor:$y);
  let hasFolder = 1;
}
def TFCC_InvertPermutationOp : TFCC_RuleOp<"InvertPermutation", "inferSameAsFirstOperand", [Pure]> {
  let arguments = (ins TFCC_Index:$x);
  let results = (outs TFCC_Index:$y);
  let hasFolder = 1;
}

// Joining and splitting.
def TFCC_PackOp : TFCC_Op<"Pack", [Pure, TFCC_Grad]> {
  let arguments = (ins Variadic<TFCC_Tensor>:$values, DefaultValuedAttr<TFCC_I64Attr, "0">:$axis);
  let results = (outs TFCC_Tensor:$output);
  let hasFolder = 1;
}
def TFCC_UnpackOp : TFCC_Op<"Unpack", [Pure, TFCC_Grad]> {
  let arguments = (ins TFCC_Tensor:$value, TFCC_I64Attr:$num, DefaultValuedAttr<TFCC_I64Attr, "0">:$axis);
  let results = (outs Variadic<TFCC_Tensor>:$output);
  let numOutputsBody = "return ::mlir::tfcc::intAttrOr(attrs, \"num\", -1);";
}
def TFCC_ConcatV2Op : TFCC_Op<"ConcatV2", [Pure, TFCC_Grad]> {
  let arguments = (ins Variadic<TFCC_Tensor>:$values, TFCC_Index:$axis);
  let results = (outs TFCC_Tensor:$output);
  let hasFolder = 1;
}
def TFCC_ConcatOp : TFCC_Op<"Concat", [Pure, TFCC_Grad]> {
  let summary = "TF1 concatenation; the axis is the first operand";
  let arguments = (ins TFCC_Index:$concat_dim, Variadic<TFCC_Tensor>:$values);
  let results = (outs TFCC_Tensor:$output);
}
def TFCC_SplitOp : TFCC_Op<"Split", [Pure, TFCC_Grad]> {
  let arguments = (ins TFCC_Index:$split_dim, TFCC_Tensor:$value, TFCC_I64Attr:$num_split);
  let results = (outs Variadic<TFCC_Tensor>:$output);
  let numOutputsBody = "return ::mlir::tfcc::intAttrOr(attrs, \"num_split\", -1);";
}
def TFCC_SplitVOp : TFCC_Op<"SplitV", [Pure, TFCC_Grad]> {
  let arguments = (ins TFCC_Tensor:$value, TFCC_Index:$size_splits, TFCC_Index:$split_dim,
                       TFCC_I64Attr:$num_split);
  let results = (outs Variadic<TFCC_Tensor>:$output);
  let numOutputsBody = "return ::mlir::tfcc::intAttrOr(attrs, \"num_split\", -1);";
}

// Slicing and gathering.
def TFCC_SliceOp : TFCC_Op<"Slice", [Pure, TFCC_Grad]> {
  let arguments = (ins TFCC_Tensor:$input, TFCC_Index:$begin, TFCC_Index:$size);
  let results = (outs TFCC_Tensor:$output);
  let hasFolder = 1;
}
def TFCC_StridedSliceOp : TFCC_Op<"StridedSlice", [Pure, TFCC_Grad]> {
  let arguments = (ins TFCC_Tensor:$input, TFCC_Index:$begin, TFCC_Index:$end, TFCC_Index:$strides,
                       DefaultValuedAttr<TFCC_I64Attr, "0">:$begin_mask,
                       DefaultValuedAttr<TFCC_I64Attr, "0">:$end_mask,
                       DefaultValuedAttr<TFCC_I64Attr, "0">:$ellipsis_mask,
                       DefaultValuedAttr<TFCC_I64Attr, "0">:$new_axis_mask,
                       DefaultValuedAttr<TFCC_I64Attr, "0">:$shrink_axis_mask);
  let results = (outs TFCC_Tensor:$output);
  let hasFolder = 1;
}
// The gradient of StridedSlice: dy placed where the slice came from in a
// zero tensor of `shape`; the begin/end/strides and masks are the slice's.
def TFCC_StridedSliceGradOp : TFCC_Op<"StridedSliceGrad", [Pure]> {
  let arguments = (ins TFCC_Index:$shape, TFCC_Index:$begin, TFCC_Index:$end,
                       TFCC_Index:$strides, TFCC_Tensor:$dy,
                       DefaultValuedAttr<TFCC_I64Attr, "0">:$begin_mask,
                       DefaultValuedAttr<TFCC_I64Attr, "0">:$end_mask,
                       DefaultValuedAttr<TFCC_I64Attr, "0">:$ellipsis_mask,
                       DefaultValuedAttr<TFCC_I64Attr, "0">:$new_axis_mask,
                       DefaultValuedAttr<TFCC_I64Attr, "0">:$shrink_axis_mask);
  let results = (outs TFCC_Tensor:$output);
}
def TFCC_GatherV2Op : TFCC_Op<"GatherV2", [Pure, TFCC_Grad]> {
  let arguments = (ins TFCC_Tensor:$params, TFCC_IntTensor:$indices, TFCC_Index:$axis,
                       DefaultValuedAttr<TFCC_I64Attr, "0">:$batch_dims);
  let results = (outs TFCC_Tensor:$output);
}
def TFCC_GatherOp : TFCC_Op<"Gather", [Pure, TFCC_Grad]> {
  let summary = "TF1 gather along axis 0";
  let arguments = (ins TFCC_Tensor:$params, TFCC_IntTensor:$indices);
  let results = (outs TFCC_Tensor:$output);
}
def TFCC_OneHotOp : TFCC_Op<"OneHot", [Pure]> {
  let arguments = (ins TFCC_IntTensor:$indices, TensorOf<[I32]>:$depth, TFCC_Tensor:$on_value,
                       TFCC_Tensor:$off_value, DefaultValuedAttr<TFCC_I64Attr, "-1">:$axis);
  let results = (outs TFCC_Tensor:$output);
}
def TFCC_TileOp : TFCC_Op<"Tile", [Pure, TFCC_Grad]> {
  let arguments = (ins TFCC_Tensor:$input, TFCC_Index:$multiples);
  let results = (outs TFCC_Tensor:$output);
  let hasFolder = 1;
}
def TFCC_PadOp : TFCC_Op<"Pad", [Pure, TFCC_Grad]> {
  let arguments = (ins TFCC_Tensor:$input, TFCC_Index:$paddings);
  let results = (outs TFCC_Tensor:$output);
}
def TFCC_MirrorPadOp : TFCC_Op<"MirrorPad", [Pure]> {
  let summary = "pads by mirroring: REFLECT omits the edge, SYMMETRIC repeats it";
  let arguments = (ins TFCC_Tensor:$input, TFCC_Index:$paddings, StrAttr:$mode);
  let results = (outs TFCC_Tensor:$output);
}
def TFCC_PadV2Op : TFCC_Op<"PadV2", [Pure, TFCC_Grad]> {
  let arguments = (ins TFCC_Tensor:$input, TFCC_Index:$paddings, TFCC_Tensor:$constant_values);
  let results = (outs TFCC_Tensor:$output);
}
def TFCC_UniqueOp : TFCC_Op<"Unique", [Pure]> {
  let summary = "unique values in first-seen order; their count is data-dependent";
  let arguments = (ins TFCC_Tensor:$x, OptionalAttr<TypeAttr>:$out_idx);
  let results = (outs TFCC_Tensor:$y, TFCC_IntTensor:$idx);
}
def TFCC_UnsortedSegmentSumOp : TFCC_Op<"UnsortedSegmentSum", [Pure]> {
  let arguments = (ins TFCC_Tensor:$data, TFCC_IntTensor:$segment_ids, TFCC_Index:$num_segments);
  let results = (outs TFCC_Tensor:$output);
}

#endif // TFCC_ARRAY_OPS_TD
