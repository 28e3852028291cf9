//===- MathOps.td - tfcc elementwise, reduction and matrix ops -*- tablegen -*-===//
#ifndef TFCC_MATH_OPS_TD
#define TFCC_MATH_OPS_TD

include "compiler/ir/TfccBase.td"

// Unary elementwise.
def TFCC_NegOp : TFCC_UnaryOp<"Neg">;
def TFCC_AbsOp : TFCC_UnaryOp<"Abs">;
def TFCC_SignOp : TFCC_UnaryOp<"Sign">;
def TFCC_ExpOp : TFCC_UnaryOp<"Exp">;
def TFCC_LogOp : TFCC_UnaryOp<"Log">;
def TFCC_Log1pOp : TFCC_UnaryOp<"Log1p">;
def TFCC_SqrtOp : TFCC_UnaryOp<"Sqrt">;
def TFCC_RsqrtOp : TFCC_UnaryOp<"Rsqrt">;
def TFCC_SquareOp : TFCC_UnaryOp<"Square">;
def TFCC_ReciprocalOp : TFCC_UnaryOp<"Reciprocal">;
def TFCC_InvOp : TFCC_UnaryOp<"Inv">;
def TFCC_FloorOp : TFCC_UnaryOp<"Floor">;
def TFCC_CeilOp : TFCC_UnaryOp<"Ceil">;
def TFCC_RoundOp : TFCC_UnaryOp<"Round">;
def TFCC_SigmoidOp : TFCC_UnaryOp<"Sigmoid">;
def TFCC_TanhOp : TFCC_UnaryOp<"Tanh">;
def TFCC_SinOp : TFCC_UnaryOp<"Sin">;
def TFCC_CosOp : TFCC_UnaryOp<"Cos">;
def TFCC_ErfOp : TFCC_UnaryOp<"Erf">;
def TFCC_LogicalNotOp : TFCC_UnaryOp<"LogicalNot">;

// Binary elementwise with broadcasting.
def TFCC_AddOp : TFCC_BinaryOp<"Add", [Commutative]>;
def TFCC_AddV2Op : TFCC_BinaryOp<"AddV2", [Commutative]>;
def TFCC_SubOp : TFCC_BinaryOp<"Sub">;
def TFCC_MulOp : TFCC_BinaryOp<"Mul", [Commutative]>;
def TFCC_DivOp : TFCC_BinaryOp<"Div">;
def TFCC_RealDivOp : TFCC_BinaryOp<"RealDiv">;
def TFCC_DivNoNanOp : TFCC_BinaryOp<"DivNoNan">;
def TFCC_FloorDivOp : TFCC_BinaryOp<"FloorDiv">;
def TFCC_FloorModOp : TFCC_BinaryOp<"FloorMod">;
def TFCC_MaximumOp : TFCC_BinaryOp<"Maximum", [Commutative]>;
def TFCC_MinimumOp : TFCC_BinaryOp<"Minimum", [Commutative]>;
def TFCC_PowOp : TFCC_BinaryOp<"Pow">;
def TFCC_SquaredDifferenceOp : TFCC_BinaryOp<"SquaredDifference", [Commutative]>;
def TFCC_LogicalAndOp : TFCC_BinaryOp<"LogicalAnd", [Commutative]>;
def TFCC_LogicalOrOp : TFCC_BinaryOp<"LogicalOr", [Commutative]>;

// Comparisons.
def TFCC_LessOp : TFCC_CompareOp<"Less">;
def TFCC_LessEqualOp : TFCC_CompareOp<"LessEqual">;
def TFCC_GreaterOp : TFCC_CompareOp<"Greater">;
def TFCC_GreaterEqualOp : TFCC_CompareOp<"GreaterEqual">;
def TFCC_EqualOp : TFCC_CompareOp<"Equal"> {
  let shapeRule = "return ::mlir::tfcc::inferEquality(getOperation(), types);";
  let arguments = (ins TFCC_Tensor:$x, TFCC_Tensor:$y,
                       DefaultValuedAttr<BoolAttr, "true">:$incompatible_shape_error);
}
def TFCC_NotEqualOp : TFCC_CompareOp<"NotEqual"> {
  let shapeRule = "return ::mlir::tfcc::inferEquality(getOperation(), types);";
  let arguments = (ins TFCC_Tensor:$x, TFCC_Tensor:$y,
                       DefaultValuedAttr<BoolAttr, "true">:$incompatible_shape_error);
}

// Reductions.
def TFCC_SumOp : TFCC_ReductionOp<"Sum">;
def TFCC_MeanOp : TFCC_ReductionOp<"Mean">;
def TFCC_ProdOp : TFCC_ReductionOp<"Prod">;
def TFCC_MaxOp : TFCC_ReductionOp<"Max">;
def TFCC_MinOp : TFCC_ReductionOp<"Min">;
def TFCC_AllOp : TFCC_ReductionOp<"All">;
def TFCC_AnyOp : TFCC_ReductionOp<"Any">;

def TFCC_ArgMaxOp : TFCC_RuleOp<"ArgMax", "inferArgReduction", [Pure]> {
  let arguments = (ins TFCC_Tensor:$input, TFCC_Index:$dimension,
                       OptionalAttr<TypeAttr>:$output_type);
  let results = (outs TFCC_IntTensor:$output);
}
def TFCC_ArgMinOp : TFCC_RuleOp<"ArgMin", "inferArgReduction", [Pure]> {
  let arguments = (ins TFCC_Tensor:$input, TFCC_Index:$dimension,
                       OptionalAttr<TypeAttr>:$output_type);
  let results = (outs TFCC_IntTensor:$output);
}

def TFCC_ClipByValueOp
    : TFCC_RuleOp<"ClipByValue", "inferSameAsFirstOperand", [Pure]> {
  let summary = "min(max(t, clip_value_min), clip_value_max); the bounds broadcast";
  let arguments = (ins TFCC_Tensor:$t, TFCC_Tensor:$clip_value_min,
                       TFCC_Tensor:$clip_value_max);
  let results = (outs TFCC_Tensor:$output);
}
def TFCC_CumsumOp : TFCC_RuleOp<"Cumsum", "inferSameAsFirstOperand", [Pure]> {
  let arguments = (ins TFCC_Tensor:$x, TFCC_Index:$axis,
                       DefaultValuedAttr<BoolAttr, "false">:$exclusive,
                       DefaultValuedAttr<BoolAttr, "false">:$reverse);
  let results = (outs TFCC_Tensor:$out);
}

def TFCC_AddNOp : TFCC_Op<"AddN", [Pure, Commutative]> {
  let summary = "sum of N tensors of one shape";
  let arguments = (ins Variadic<TFCC_Tensor>:$inputs);
  let results = (outs TFCC_Tensor:$sum);
  let hasFolder = 1;
}

def TFCC_CastOp : TFCC_Op<"Cast", [Pure]> {
  let arguments = (ins TFCC_Tensor:$x, TypeAttr:$DstT,
                       DefaultValuedAttr<BoolAttr, "false">:$Truncate);
  let results = (outs TFCC_Tensor:$y);
  let hasFolder = 1;
}

def TFCC_SelectOp : TFCC_Op<"Select", [Pure]> {
  let summary = "TF1 select: cond has the shape of t, or is a vector over t's first dim";
  let arguments = (ins TFCC_Tensor:$condition, TFCC_Tensor:$t, TFCC_Tensor:$e);
  let results = (outs TFCC_Tensor:$output);
}
def TFCC_SelectV2Op : TFCC_Op<"SelectV2", [Pure]> {
  let summary = "select with broadcasting of all three operands";
  let arguments = (ins TFCC_Tensor:$condition, TFCC_Tensor:$t, TFCC_Tensor:$e);
  let results = (outs TFCC_Tensor:$output);
}

// Matrix ops.
def TFCC_MatMulOp : TFCC_Op<"MatMul", [Pure]> {
  let arguments = (ins TFCC_Tensor:$a, TFCC_Tensor:$b,
                       DefaultValuedAttr<BoolAttr, "false">:$transpose_a,
                       DefaultValuedAttr<BoolAttr, "false">:$transpose_b);
  let results = (outs TFCC_Tensor:$product);
}
def TFCC_BatchMatMulV2Op : TFCC_Op<"BatchMatMulV2", [Pure]> {
  let summary = "batched matmul; batch dims broadcast";
  let arguments = (ins TFCC_Tensor:$x, TFCC_Tensor:$y,
                       DefaultValuedAttr<BoolAttr, "false">:$adj_x,
                       DefaultValuedAttr<BoolAttr, "false">:$adj_y);
  let results = (outs TFCC_Tensor:$output);
}
def TFCC_EinsumOp : TFCC_Op<"Einsum", [Pure]> {
  let summary = "two-operand (and one-operand) Einsum without ellipsis";
  let arguments = (ins Variadic<TFCC_Tensor>:$inputs, StrAttr:$equation);
  let results = (outs TFCC_Tensor:$output);
}
def TFCC_MatrixInverseOp : TFCC_RuleOp<"MatrixInverse", "inferSquareMatrices", [Pure]> {
  let arguments = (ins TFCC_Tensor:$input, DefaultValuedAttr<BoolAttr, "false">:$adjoint);
  let results = (outs TFCC_Tensor:$output);
}
def TFCC_MatrixDeterminantOp : TFCC_Op<"MatrixDeterminant", [Pure]> {
  let arguments = (ins TFCC_Tensor:$input);
  let results = (outs TFCC_Tensor:$output);
}

def TFCC_RangeOp : TFCC_Op<"Range", [Pure]> {
  let arguments = (ins TFCC_Tensor:$start, TFCC_Tensor:$limit, TFCC_Tensor:$delta);
  let results = (outs TFCC_Tensor:$output);
  let hasFolder = 1;
}

#endif // TFCC_MATH_OPS_TD
