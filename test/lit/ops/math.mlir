// RUN: tfcc-opt --split-input-file --tfcc-shape-inference %s | FileCheck %s

// Shape rules of the math ops (MathOps.td). Results are declared unranked
// so that every refinement the rule makes is visible.

// Unary elementwise ops keep their operand's type.
// CHECK-LABEL: func.func @unary
// CHECK: tfcc.Neg {{.*}} -> tensor<2x?xf32>
// CHECK: tfcc.Abs {{.*}} -> tensor<2x?xf32>
// CHECK: tfcc.Sign {{.*}} -> tensor<2x?xf32>
// CHECK: tfcc.Exp {{.*}} -> tensor<2x?xf32>
// CHECK: tfcc.Log {{.*}} -> tensor<2x?xf32>
// CHECK: tfcc.Log1p {{.*}} -> tensor<2x?xf32>
// CHECK: tfcc.Sqrt {{.*}} -> tensor<2x?xf32>
// CHECK: tfcc.Rsqrt {{.*}} -> tensor<2x?xf32>
// CHECK: tfcc.Square {{.*}} -> tensor<2x?xf32>
// CHECK: tfcc.Reciprocal {{.*}} -> tensor<2x?xf32>
// CHECK: tfcc.Inv {{.*}} -> tensor<2x?xf32>
// CHECK: tfcc.Floor {{.*}} -> tensor<2x?xf32>
// CHECK: tfcc.Ceil {{.*}} -> tensor<2x?xf32>
// CHECK: tfcc.Round {{.*}} -> tensor<2x?xf32>
// CHECK: tfcc.Sigmoid {{.*}} -> tensor<2x?xf32>
// CHECK: tfcc.Tanh {{.*}} -> tensor<2x?xf32>
// CHECK: tfcc.LogicalNot {{.*}} -> tensor<3xi1>
func.func @unary(%x: tensor<2x?xf32>, %b: tensor<3xi1>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xi1>) {
  %0 = tfcc.Neg %x : (tensor<2x?xf32>) -> tensor<*xf32>
  %1 = tfcc.Abs %x : (tensor<2x?xf32>) -> tensor<*xf32>
  %2 = tfcc.Sign %x : (tensor<2x?xf32>) -> tensor<*xf32>
  %3 = tfcc.Exp %x : (tensor<2x?xf32>) -> tensor<*xf32>
  %4 = tfcc.Log %x : (tensor<2x?xf32>) -> tensor<*xf32>
  %5 = tfcc.Log1p %x : (tensor<2x?xf32>) -> tensor<*xf32>
  %6 = tfcc.Sqrt %x : (tensor<2x?xf32>) -> tensor<*xf32>
  %7 = tfcc.Rsqrt %x : (tensor<2x?xf32>) -> tensor<*xf32>
  %8 = tfcc.Square %x : (tensor<2x?xf32>) -> tensor<*xf32>
  %9 = tfcc.Reciprocal %x : (tensor<2x?xf32>) -> tensor<*xf32>
  %10 = tfcc.Inv %x : (tensor<2x?xf32>) -> tensor<*xf32>
  %11 = tfcc.Floor %x : (tensor<2x?xf32>) -> tensor<*xf32>
  %12 = tfcc.Ceil %x : (tensor<2x?xf32>) -> tensor<*xf32>
  %13 = tfcc.Round %x : (tensor<2x?xf32>) -> tensor<*xf32>
  %14 = tfcc.Sigmoid %x : (tensor<2x?xf32>) -> tensor<*xf32>
  %15 = tfcc.Tanh %x : (tensor<2x?xf32>) -> tensor<*xf32>
  %16 = tfcc.LogicalNot %b : (tensor<3xi1>) -> tensor<*xi1>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, %13, %14, %15, %16 : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xi1>
}

// -----

// Binary elementwise ops broadcast numpy-style: [2,1,3] with [4,1] is [2,4,3].
// CHECK-LABEL: func.func @binary
// CHECK: tfcc.Add {{.*}} -> tensor<2x4x3xf32>
// CHECK: tfcc.AddV2 {{.*}} -> tensor<2x4x3xf32>
// CHECK: tfcc.Sub {{.*}} -> tensor<2x4x3xf32>
// CHECK: tfcc.Mul {{.*}} -> tensor<2x4x3xf32>
// CHECK: tfcc.Div {{.*}} -> tensor<2x4x3xf32>
// CHECK: tfcc.RealDiv {{.*}} -> tensor<2x4x3xf32>
// CHECK: tfcc.DivNoNan {{.*}} -> tensor<2x4x3xf32>
// CHECK: tfcc.FloorDiv {{.*}} -> tensor<2x4x3xf32>
// CHECK: tfcc.FloorMod {{.*}} -> tensor<2x4x3xf32>
// CHECK: tfcc.Maximum {{.*}} -> tensor<2x4x3xf32>
// CHECK: tfcc.Minimum {{.*}} -> tensor<2x4x3xf32>
// CHECK: tfcc.Pow {{.*}} -> tensor<2x4x3xf32>
// CHECK: tfcc.SquaredDifference {{.*}} -> tensor<2x4x3xf32>
// CHECK: tfcc.LogicalAnd {{.*}} -> tensor<5x2xi1>
// CHECK: tfcc.LogicalOr {{.*}} -> tensor<5x2xi1>
func.func @binary(%x: tensor<2x1x3xf32>, %y: tensor<4x1xf32>, %p: tensor<5x1xi1>, %q: tensor<2xi1>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xi1>, tensor<*xi1>) {
  %0 = tfcc.Add %x, %y : (tensor<2x1x3xf32>, tensor<4x1xf32>) -> tensor<*xf32>
  %1 = tfcc.AddV2 %x, %y : (tensor<2x1x3xf32>, tensor<4x1xf32>) -> tensor<*xf32>
  %2 = tfcc.Sub %x, %y : (tensor<2x1x3xf32>, tensor<4x1xf32>) -> tensor<*xf32>
  %3 = tfcc.Mul %x, %y : (tensor<2x1x3xf32>, tensor<4x1xf32>) -> tensor<*xf32>
  %4 = tfcc.Div %x, %y : (tensor<2x1x3xf32>, tensor<4x1xf32>) -> tensor<*xf32>
  %5 = tfcc.RealDiv %x, %y : (tensor<2x1x3xf32>, tensor<4x1xf32>) -> tensor<*xf32>
  %6 = tfcc.DivNoNan %x, %y : (tensor<2x1x3xf32>, tensor<4x1xf32>) -> tensor<*xf32>
  %7 = tfcc.FloorDiv %x, %y : (tensor<2x1x3xf32>, tensor<4x1xf32>) -> tensor<*xf32>
  %8 = tfcc.FloorMod %x, %y : (tensor<2x1x3xf32>, tensor<4x1xf32>) -> tensor<*xf32>
  %9 = tfcc.Maximum %x, %y : (tensor<2x1x3xf32>, tensor<4x1xf32>) -> tensor<*xf32>
  %10 = tfcc.Minimum %x, %y : (tensor<2x1x3xf32>, tensor<4x1xf32>) -> tensor<*xf32>
  %11 = tfcc.Pow %x, %y : (tensor<2x1x3xf32>, tensor<4x1xf32>) -> tensor<*xf32>
  %12 = tfcc.SquaredDifference %x, %y : (tensor<2x1x3xf32>, tensor<4x1xf32>) -> tensor<*xf32>
  %13 = tfcc.LogicalAnd %p, %q : (tensor<5x1xi1>, tensor<2xi1>) -> tensor<*xi1>
  %14 = tfcc.LogicalOr %p, %q : (tensor<5x1xi1>, tensor<2xi1>) -> tensor<*xi1>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, %13, %14 : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xi1>, tensor<*xi1>
}

// -----

// Broadcasting against an unknown dim keeps it unknown; against an
// unranked operand the result is unranked.
// CHECK-LABEL: func.func @binary_dynamic
// CHECK: tfcc.Mul {{.*}} -> tensor<3x?xi32>
// CHECK: tfcc.Mul {{.*}} -> tensor<*xi32>
func.func @binary_dynamic(%x: tensor<3x?xi32>, %y: tensor<1xi32>, %u: tensor<*xi32>) -> (tensor<*xi32>, tensor<*xi32>) {
  %0 = tfcc.Mul %x, %y : (tensor<3x?xi32>, tensor<1xi32>) -> tensor<*xi32>
  %1 = tfcc.Mul %x, %u : (tensor<3x?xi32>, tensor<*xi32>) -> tensor<*xi32>
  return %0, %1 : tensor<*xi32>, tensor<*xi32>
}

// -----

// Comparisons broadcast and give bool.
// CHECK-LABEL: func.func @compare
// CHECK: tfcc.Less {{.*}} -> tensor<3x4xi1>
// CHECK: tfcc.LessEqual {{.*}} -> tensor<3x4xi1>
// CHECK: tfcc.Greater {{.*}} -> tensor<3x4xi1>
// CHECK: tfcc.GreaterEqual {{.*}} -> tensor<3x4xi1>
// CHECK: tfcc.Equal {{.*}} -> tensor<3x4xi1>
// CHECK: tfcc.NotEqual {{.*}} -> tensor<3x4xi1>
func.func @compare(%x: tensor<3x1xf32>, %y: tensor<4xf32>) -> (tensor<*xi1>, tensor<*xi1>, tensor<*xi1>, tensor<*xi1>, tensor<*xi1>, tensor<*xi1>) {
  %0 = tfcc.Less %x, %y : (tensor<3x1xf32>, tensor<4xf32>) -> tensor<*xi1>
  %1 = tfcc.LessEqual %x, %y : (tensor<3x1xf32>, tensor<4xf32>) -> tensor<*xi1>
  %2 = tfcc.Greater %x, %y : (tensor<3x1xf32>, tensor<4xf32>) -> tensor<*xi1>
  %3 = tfcc.GreaterEqual %x, %y : (tensor<3x1xf32>, tensor<4xf32>) -> tensor<*xi1>
  %4 = tfcc.Equal %x, %y {incompatible_shape_error = true} : (tensor<3x1xf32>, tensor<4xf32>) -> tensor<*xi1>
  %5 = tfcc.NotEqual %x, %y : (tensor<3x1xf32>, tensor<4xf32>) -> tensor<*xi1>
  return %0, %1, %2, %3, %4, %5 : tensor<*xi1>, tensor<*xi1>, tensor<*xi1>, tensor<*xi1>, tensor<*xi1>, tensor<*xi1>
}

// -----

// Reductions drop the reduced axes, or keep them as 1 with keep_dims.
// CHECK-LABEL: func.func @reductions
// CHECK: tfcc.Sum {{.*}} -> tensor<2x4xf32>
// CHECK: tfcc.Sum {{.*}} -> tensor<2x1x4xf32>
// CHECK: tfcc.Mean {{.*}} -> tensor<3xf32>
// CHECK: tfcc.Mean {{.*}} -> tensor<1x3x1xf32>
// CHECK: tfcc.Prod {{.*}} -> tensor<2x3xf32>
// CHECK: tfcc.Max {{.*}} -> tensor<f32>
// CHECK: tfcc.Min {{.*}} -> tensor<2x3xf32>
// CHECK: tfcc.All {{.*}} -> tensor<5xi1>
// CHECK: tfcc.Any {{.*}} -> tensor<1x1xi1>
func.func @reductions(%x: tensor<2x3x4xf32>, %b: tensor<5x6xi1>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xi1>, tensor<*xi1>) {
  %a1 = tfcc.Const {value = dense<1> : tensor<1xi32>} : tensor<1xi32>
  %0 = tfcc.Sum %x, %a1 : (tensor<2x3x4xf32>, tensor<1xi32>) -> tensor<*xf32>
  %1 = tfcc.Sum %x, %a1 {keep_dims = true} : (tensor<2x3x4xf32>, tensor<1xi32>) -> tensor<*xf32>
  %a2 = tfcc.Const {value = dense<[-1, 0]> : tensor<2xi64>} : tensor<2xi64>
  %2 = tfcc.Mean %x, %a2 : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<*xf32>
  %3 = tfcc.Mean %x, %a2 {keep_dims = true} : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<*xf32>
  %s = tfcc.Const {value = dense<2> : tensor<i32>} : tensor<i32>
  %4 = tfcc.Prod %x, %s : (tensor<2x3x4xf32>, tensor<i32>) -> tensor<*xf32>
  %all = tfcc.Const {value = dense<[0, 1, 2]> : tensor<3xi32>} : tensor<3xi32>
  %5 = tfcc.Max %x, %all : (tensor<2x3x4xf32>, tensor<3xi32>) -> tensor<*xf32>
  %m1 = tfcc.Const {value = dense<-1> : tensor<i32>} : tensor<i32>
  %6 = tfcc.Min %x, %m1 : (tensor<2x3x4xf32>, tensor<i32>) -> tensor<*xf32>
  %7 = tfcc.All %b, %m1 : (tensor<5x6xi1>, tensor<i32>) -> tensor<*xi1>
  %both = tfcc.Const {value = dense<[0, 1]> : tensor<2xi32>} : tensor<2xi32>
  %8 = tfcc.Any %b, %both {keep_dims = true} : (tensor<5x6xi1>, tensor<2xi32>) -> tensor<*xi1>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8 : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xi1>, tensor<*xi1>
}

// -----

// Unknown axes: keep_dims still tells the rank.
// CHECK-LABEL: func.func @reduction_unknown_axes
// CHECK: tfcc.Sum {{.*}} -> tensor<?x?x?xf32>
// CHECK: tfcc.Sum {{.*}} -> tensor<*xf32>
func.func @reduction_unknown_axes(%x: tensor<2x3x4xf32>, %a: tensor<1xi32>) -> (tensor<*xf32>, tensor<*xf32>) {
  %0 = tfcc.Sum %x, %a {keep_dims = true} : (tensor<2x3x4xf32>, tensor<1xi32>) -> tensor<*xf32>
  %1 = tfcc.Sum %x, %a : (tensor<2x3x4xf32>, tensor<1xi32>) -> tensor<*xf32>
  return %0, %1 : tensor<*xf32>, tensor<*xf32>
}

// -----

// ArgMax/ArgMin drop the axis; output_type defaults to int64.
// CHECK-LABEL: func.func @arg_reductions
// CHECK: tfcc.ArgMax {{.*}} -> tensor<2x4xi64>
// CHECK: tfcc.ArgMax {{.*}} -> tensor<2x4xi32>
// CHECK: tfcc.ArgMin {{.*}} -> tensor<2x3xi64>
func.func @arg_reductions(%x: tensor<2x3x4xf32>) -> (tensor<*xi64>, tensor<*xi32>, tensor<*xi64>) {
  %one = tfcc.Const {value = dense<1> : tensor<i32>} : tensor<i32>
  %0 = tfcc.ArgMax %x, %one : (tensor<2x3x4xf32>, tensor<i32>) -> tensor<*xi64>
  %1 = tfcc.ArgMax %x, %one {output_type = i32} : (tensor<2x3x4xf32>, tensor<i32>) -> tensor<*xi32>
  %m1 = tfcc.Const {value = dense<-1> : tensor<i64>} : tensor<i64>
  %2 = tfcc.ArgMin %x, %m1 : (tensor<2x3x4xf32>, tensor<i64>) -> tensor<*xi64>
  return %0, %1, %2 : tensor<*xi64>, tensor<*xi32>, tensor<*xi64>
}

// -----

// AddN takes the shape of any ranked input.
// CHECK-LABEL: func.func @add_n
// CHECK: tfcc.AddN {{.*}} -> tensor<2x3xf32>
func.func @add_n(%a: tensor<*xf32>, %b: tensor<2x3xf32>, %c: tensor<*xf32>) -> tensor<*xf32> {
  %0 = tfcc.AddN %a, %b, %c : (tensor<*xf32>, tensor<2x3xf32>, tensor<*xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

// Cast keeps the shape and takes DstT's dtype.
// CHECK-LABEL: func.func @cast
// CHECK: tfcc.Cast {{.*}} -> tensor<2x?xf32>
// CHECK: tfcc.Cast {{.*}} -> tensor<*xi1>
func.func @cast(%x: tensor<2x?xi32>, %u: tensor<*xf32>) -> (tensor<*xf32>, tensor<*xi1>) {
  %0 = tfcc.Cast %x {DstT = f32} : (tensor<2x?xi32>) -> tensor<*xf32>
  %1 = tfcc.Cast %u {DstT = i1} : (tensor<*xf32>) -> tensor<*xi1>
  return %0, %1 : tensor<*xf32>, tensor<*xi1>
}

// -----

// TF1 Select: the result is t's (or e's) shape; condition may be a vector
// over the first dim.
// CHECK-LABEL: func.func @select
// CHECK: tfcc.Select {{.*}} -> tensor<2x3xf32>
// CHECK: tfcc.Select {{.*}} -> tensor<2x3xf32>
func.func @select(%c: tensor<2xi1>, %t: tensor<2x3xf32>, %e: tensor<2x3xf32>, %u: tensor<*xf32>, %cc: tensor<2x3xi1>) -> (tensor<*xf32>, tensor<*xf32>) {
  %0 = tfcc.Select %c, %t, %e : (tensor<2xi1>, tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<*xf32>
  %1 = tfcc.Select %cc, %u, %e : (tensor<2x3xi1>, tensor<*xf32>, tensor<2x3xf32>) -> tensor<*xf32>
  return %0, %1 : tensor<*xf32>, tensor<*xf32>
}

// -----

// SelectV2 broadcasts all three operands.
// CHECK-LABEL: func.func @select_v2
// CHECK: tfcc.SelectV2 {{.*}} -> tensor<2x3xf32>
// CHECK: tfcc.SelectV2 {{.*}} -> tensor<4x2x3xi32>
func.func @select_v2(%c: tensor<2x1xi1>, %t: tensor<3xf32>, %e: tensor<f32>, %c2: tensor<4x1x1xi1>, %t2: tensor<2x3xi32>, %e2: tensor<3xi32>) -> (tensor<*xf32>, tensor<*xi32>) {
  %0 = tfcc.SelectV2 %c, %t, %e : (tensor<2x1xi1>, tensor<3xf32>, tensor<f32>) -> tensor<*xf32>
  %1 = tfcc.SelectV2 %c2, %t2, %e2 : (tensor<4x1x1xi1>, tensor<2x3xi32>, tensor<3xi32>) -> tensor<*xi32>
  return %0, %1 : tensor<*xf32>, tensor<*xi32>
}

// -----

// CHECK-LABEL: func.func @matmul
// CHECK: tfcc.MatMul {{.*}} -> tensor<2x4xf32>
// CHECK: tfcc.MatMul {{.*}} -> tensor<2x4xf32>
// CHECK: tfcc.MatMul {{.*}} -> tensor<4x2xf32>
// CHECK: tfcc.MatMul {{.*}} -> tensor<?x?xf32>
func.func @matmul(%a: tensor<3x2xf32>, %b: tensor<3x4xf32>, %c: tensor<2x3xf32>, %d: tensor<4x3xf32>, %e: tensor<?x3xf32>, %u: tensor<*xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  %0 = tfcc.MatMul %a, %b {transpose_a = true} : (tensor<3x2xf32>, tensor<3x4xf32>) -> tensor<*xf32>
  %1 = tfcc.MatMul %c, %d {transpose_b = true} : (tensor<2x3xf32>, tensor<4x3xf32>) -> tensor<*xf32>
  %2 = tfcc.MatMul %d, %a {transpose_a = false, transpose_b = false} : (tensor<4x3xf32>, tensor<3x2xf32>) -> tensor<*xf32>
  %3 = tfcc.MatMul %e, %u : (tensor<?x3xf32>, tensor<*xf32>) -> tensor<*xf32>
  return %0, %1, %2, %3 : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// -----

// Batch dims broadcast; adj_x/adj_y transpose the matrices.
// CHECK-LABEL: func.func @batch_matmul_v2
// CHECK: tfcc.BatchMatMulV2 {{.*}} -> tensor<2x5x3x6xf32>
// CHECK: tfcc.BatchMatMulV2 {{.*}} -> tensor<7x3x6xf32>
// CHECK: tfcc.BatchMatMulV2 {{.*}} -> tensor<7x4x4xf32>
func.func @batch_matmul_v2(%x: tensor<2x1x3x4xf32>, %y: tensor<5x4x6xf32>, %a: tensor<7x4x3xf32>, %b: tensor<7x4x6xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  %0 = tfcc.BatchMatMulV2 %x, %y : (tensor<2x1x3x4xf32>, tensor<5x4x6xf32>) -> tensor<*xf32>
  %1 = tfcc.BatchMatMulV2 %a, %b {adj_x = true} : (tensor<7x4x3xf32>, tensor<7x4x6xf32>) -> tensor<*xf32>
  %2 = tfcc.BatchMatMulV2 %a, %a {adj_y = true} : (tensor<7x4x3xf32>, tensor<7x4x3xf32>) -> tensor<*xf32>
  return %0, %1, %2 : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// -----

// CHECK-LABEL: func.func @einsum
// CHECK: tfcc.Einsum {{.*}} -> tensor<2x4xf32>
// CHECK: tfcc.Einsum {{.*}} -> tensor<5x2x4xf32>
// CHECK: tfcc.Einsum {{.*}} -> tensor<3x2xf32>
// CHECK: tfcc.Einsum {{.*}} -> tensor<2xf32>
func.func @einsum(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>, %x: tensor<5x2x3xf32>, %y: tensor<5x3x4xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  %0 = tfcc.Einsum %a, %b {equation = "ij,jk->ik"} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<*xf32>
  %1 = tfcc.Einsum %x, %y {equation = "bij,bjk->bik"} : (tensor<5x2x3xf32>, tensor<5x3x4xf32>) -> tensor<*xf32>
  %2 = tfcc.Einsum %a {equation = "ij->ji"} : (tensor<2x3xf32>) -> tensor<*xf32>
  %3 = tfcc.Einsum %a {equation = "ij->i"} : (tensor<2x3xf32>) -> tensor<*xf32>
  return %0, %1, %2, %3 : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// -----

// CHECK-LABEL: func.func @matrix_ops
// CHECK: tfcc.MatrixInverse {{.*}} -> tensor<3x4x4xf32>
// CHECK: tfcc.MatrixDeterminant {{.*}} -> tensor<3xf32>
// CHECK: tfcc.MatrixDeterminant {{.*}} -> tensor<f64>
func.func @matrix_ops(%x: tensor<3x4x4xf32>, %m: tensor<2x2xf64>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf64>) {
  %0 = tfcc.MatrixInverse %x {adjoint = true} : (tensor<3x4x4xf32>) -> tensor<*xf32>
  %1 = tfcc.MatrixDeterminant %x : (tensor<3x4x4xf32>) -> tensor<*xf32>
  %2 = tfcc.MatrixDeterminant %m : (tensor<2x2xf64>) -> tensor<*xf64>
  return %0, %1, %2 : tensor<*xf32>, tensor<*xf32>, tensor<*xf64>
}

// -----

// Range has ceil(|limit - start| / |delta|) elements.
// (Constant ranges fold once refined, so the signature shows them.)
// CHECK-LABEL: func.func @range
// CHECK-SAME: -> (tensor<4xi32>, tensor<4xf32>, tensor<4xi64>, tensor<0xi32>, tensor<?xi32>)
// CHECK: tfcc.Range {{.*}} -> tensor<?xi32>
func.func @range(%n: tensor<i32>) -> (tensor<*xi32>, tensor<*xf32>, tensor<*xi64>, tensor<*xi32>, tensor<*xi32>) {
  %z = tfcc.Const {value = dense<0> : tensor<i32>} : tensor<i32>
  %ten = tfcc.Const {value = dense<10> : tensor<i32>} : tensor<i32>
  %three = tfcc.Const {value = dense<3> : tensor<i32>} : tensor<i32>
  %0 = tfcc.Range %z, %ten, %three : (tensor<i32>, tensor<i32>, tensor<i32>) -> tensor<*xi32>
  %f1 = tfcc.Const {value = dense<1.0> : tensor<f32>} : tensor<f32>
  %f2 = tfcc.Const {value = dense<2.0> : tensor<f32>} : tensor<f32>
  %fd = tfcc.Const {value = dense<0.3> : tensor<f32>} : tensor<f32>
  %1 = tfcc.Range %f1, %f2, %fd : (tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<*xf32>
  %l10 = tfcc.Const {value = dense<10> : tensor<i64>} : tensor<i64>
  %l0 = tfcc.Const {value = dense<0> : tensor<i64>} : tensor<i64>
  %lm3 = tfcc.Const {value = dense<-3> : tensor<i64>} : tensor<i64>
  %2 = tfcc.Range %l10, %l0, %lm3 : (tensor<i64>, tensor<i64>, tensor<i64>) -> tensor<*xi64>
  %3 = tfcc.Range %three, %three, %three : (tensor<i32>, tensor<i32>, tensor<i32>) -> tensor<*xi32>
  %4 = tfcc.Range %z, %n, %three : (tensor<i32>, tensor<i32>, tensor<i32>) -> tensor<*xi32>
  return %0, %1, %2, %3, %4 : tensor<*xi32>, tensor<*xf32>, tensor<*xi64>, tensor<*xi32>, tensor<*xi32>
}

// -----

// Equal/NotEqual with incompatible_shape_error = false accept shapes that do
// not broadcast (TF gives a scalar false/true).
// CHECK-LABEL: func.func @equal_incompatible_allowed
// CHECK: tfcc.Equal {{.*}} -> tensor<{{(\*x)?}}i1>
func.func @equal_incompatible_allowed(%x: tensor<2xf32>, %y: tensor<3xf32>) -> tensor<*xi1> {
  %0 = tfcc.Equal %x, %y {incompatible_shape_error = false} : (tensor<2xf32>, tensor<3xf32>) -> tensor<*xi1>
  return %0 : tensor<*xi1>
}

// -----

// Sin, Cos, Erf keep their operand's type; ClipByValue and Cumsum keep the
// type of their first operand.
// CHECK-LABEL: func.func @added_ops
// CHECK: tfcc.Sin {{.*}} -> tensor<2x?xf32>
// CHECK: tfcc.Cos {{.*}} -> tensor<2x?xf32>
// CHECK: tfcc.Erf {{.*}} -> tensor<2x?xf32>
// CHECK: tfcc.ClipByValue {{.*}} -> tensor<2x?xf32>
// CHECK: tfcc.Cumsum {{.*}} -> tensor<2x?xf32>
func.func @added_ops(%x: tensor<2x?xf32>, %lo: tensor<f32>, %axis: tensor<i32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  %0 = tfcc.Sin %x : (tensor<2x?xf32>) -> tensor<*xf32>
  %1 = tfcc.Cos %x : (tensor<2x?xf32>) -> tensor<*xf32>
  %2 = tfcc.Erf %x : (tensor<2x?xf32>) -> tensor<*xf32>
  %3 = tfcc.ClipByValue %x, %lo, %lo : (tensor<2x?xf32>, tensor<f32>, tensor<f32>) -> tensor<*xf32>
  %4 = tfcc.Cumsum %x, %axis : (tensor<2x?xf32>, tensor<i32>) -> tensor<*xf32>
  return %0, %1, %2, %3, %4 : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}
