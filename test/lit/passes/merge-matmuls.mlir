// RUN: tfcc-opt --split-input-file --tfcc-merge-matmuls %s | FileCheck %s

// An LSTM cell's z = x·Wx + h·Wh: one product of [x h] with the kernels
// stacked by rows (Wx's rows first); the bias add stays after it.
// CHECK-LABEL: func.func @lstm_gates
// CHECK-SAME: (%[[X:.+]]: tensor<1x2xf32>, %[[H:.+]]: tensor<1x1xf32>, %[[B:.+]]: tensor<3xf32>)
// CHECK-DAG: %[[W:.+]] = tfcc.Const {value = dense<{{\[}}[1.000000e+00, 2.000000e+00, 3.000000e+00], [4.000000e+00, 5.000000e+00, 6.000000e+00], [7.000000e+00, 8.000000e+00, 9.000000e+00]]> : tensor<3x3xf32>}
// CHECK-DAG: %[[AX:.+]] = tfcc.Const {value = dense<1> : tensor<i32>}
// CHECK: %[[XH:.+]] = tfcc.ConcatV2 %[[X]], %[[H]], %[[AX]] : {{.*}} -> tensor<1x3xf32>
// CHECK: %[[Z:.+]] = tfcc.MatMul %[[XH]], %[[W]] : (tensor<1x3xf32>, tensor<3x3xf32>) -> tensor<1x3xf32>
// CHECK-NOT: tfcc.MatMul
// CHECK: tfcc.BiasAdd %[[Z]], %[[B]]
func.func @lstm_gates(%x: tensor<1x2xf32>, %h: tensor<1x1xf32>, %b: tensor<3xf32>) -> tensor<1x3xf32> {
  %wx = tfcc.Const {value = dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>} : tensor<2x3xf32>
  %wh = tfcc.Const {value = dense<[[7.0, 8.0, 9.0]]> : tensor<1x3xf32>} : tensor<1x3xf32>
  %0 = tfcc.MatMul %x, %wx : (tensor<1x2xf32>, tensor<2x3xf32>) -> tensor<1x3xf32>
  %1 = tfcc.MatMul %h, %wh : (tensor<1x1xf32>, tensor<1x3xf32>) -> tensor<1x3xf32>
  %2 = tfcc.AddV2 %0, %1 : (tensor<1x3xf32>, tensor<1x3xf32>) -> tensor<1x3xf32>
  %3 = tfcc.BiasAdd %2, %b : (tensor<1x3xf32>, tensor<3xf32>) -> tensor<1x3xf32>
  return %3 : tensor<1x3xf32>
}

// -----

// Transposed weights (n x k) are joined along their columns, row by row; a
// splat constant is expanded. TF1's Add merges as AddV2 does, and three
// products merge into one.
// CHECK-LABEL: func.func @transposed_b
// CHECK-DAG: %[[W:.+]] = tfcc.Const {value = dense<{{\[}}[1.000000e+00, 2.000000e+00, 5.000000e-01, 5.000000e-01, 9.000000e+00], [3.000000e+00, 4.000000e+00, 5.000000e-01, 5.000000e-01, 9.000000e+00]]> : tensor<2x5xf32>}
// CHECK: %[[A:.+]] = tfcc.ConcatV2 %arg0, %arg1, %{{.+}} : {{.*}} -> tensor<4x4xf32>
// CHECK: %[[A3:.+]] = tfcc.ConcatV2 %[[A]], %arg2, %{{.+}} : {{.*}} -> tensor<4x5xf32>
// CHECK: %[[P:.+]] = tfcc.MatMul %[[A3]], %[[W]] {transpose_b = true} : (tensor<4x5xf32>, tensor<2x5xf32>) -> tensor<4x2xf32>
// CHECK-NOT: tfcc.MatMul
// CHECK: return %[[P]]
func.func @transposed_b(%a: tensor<4x2xf32>, %c: tensor<4x2xf32>, %d: tensor<4x1xf32>) -> tensor<4x2xf32> {
  %w1 = tfcc.Const {value = dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>} : tensor<2x2xf32>
  %w2 = tfcc.Const {value = dense<0.5> : tensor<2x2xf32>} : tensor<2x2xf32>
  %w3 = tfcc.Const {value = dense<9.0> : tensor<2x1xf32>} : tensor<2x1xf32>
  %0 = tfcc.MatMul %a, %w1 {transpose_b = true} : (tensor<4x2xf32>, tensor<2x2xf32>) -> tensor<4x2xf32>
  %1 = tfcc.MatMul %c, %w2 {transpose_b = true} : (tensor<4x2xf32>, tensor<2x2xf32>) -> tensor<4x2xf32>
  %2 = tfcc.MatMul %d, %w3 {transpose_b = true} : (tensor<4x1xf32>, tensor<2x1xf32>) -> tensor<4x2xf32>
  %3 = tfcc.Add %0, %1 : (tensor<4x2xf32>, tensor<4x2xf32>) -> tensor<4x2xf32>
  %4 = tfcc.AddV2 %3, %2 : (tensor<4x2xf32>, tensor<4x2xf32>) -> tensor<4x2xf32>
  return %4 : tensor<4x2xf32>
}

// -----

// Left as they are: weights that are not constants, a constant another op
// also reads (stacking would copy it; last, one read as a product's left
// operand, once as each of the sum's two constants), a product with another
// user, products that transpose differently, and a sum that broadcasts.
// CHECK-LABEL: func.func @not_merged
// CHECK-NOT: tfcc.ConcatV2
// CHECK-COUNT-17: tfcc.MatMul
// CHECK-NOT: tfcc.ConcatV2
func.func @not_merged(%x: tensor<1x2xf32>, %w: tensor<2x3xf32>, %y: tensor<2x2xf32>, %z: tensor<3x2xf32>)
    -> (tensor<1x3xf32>, tensor<1x3xf32>, tensor<2x3xf32>, tensor<1x3xf32>, tensor<1x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<1x3xf32>, tensor<2x2xf32>, tensor<1x3xf32>, tensor<2x2xf32>) {
  %c = tfcc.Const {value = dense<1.0> : tensor<2x3xf32>} : tensor<2x3xf32>
  %d = tfcc.Const {value = dense<2.0> : tensor<2x3xf32>} : tensor<2x3xf32>
  %0 = tfcc.MatMul %x, %w : (tensor<1x2xf32>, tensor<2x3xf32>) -> tensor<1x3xf32>
  %1 = tfcc.MatMul %x, %c : (tensor<1x2xf32>, tensor<2x3xf32>) -> tensor<1x3xf32>
  %2 = tfcc.AddV2 %0, %1 : (tensor<1x3xf32>, tensor<1x3xf32>) -> tensor<1x3xf32>
  %e = tfcc.Const {value = dense<3.0> : tensor<2x3xf32>} : tensor<2x3xf32>
  %3 = tfcc.MatMul %x, %d : (tensor<1x2xf32>, tensor<2x3xf32>) -> tensor<1x3xf32>
  %4 = tfcc.MatMul %x, %e : (tensor<1x2xf32>, tensor<2x3xf32>) -> tensor<1x3xf32>
  %5 = tfcc.AddV2 %3, %4 : (tensor<1x3xf32>, tensor<1x3xf32>) -> tensor<1x3xf32>
  %6 = tfcc.MatMul %y, %e : (tensor<2x2xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %f = tfcc.Const {value = dense<4.0> : tensor<2x3xf32>} : tensor<2x3xf32>
  %g = tfcc.Const {value = dense<5.0> : tensor<2x3xf32>} : tensor<2x3xf32>
  %7 = tfcc.MatMul %x, %f : (tensor<1x2xf32>, tensor<2x3xf32>) -> tensor<1x3xf32>
  %8 = tfcc.MatMul %x, %g : (tensor<1x2xf32>, tensor<2x3xf32>) -> tensor<1x3xf32>
  %9 = tfcc.AddV2 %7, %8 : (tensor<1x3xf32>, tensor<1x3xf32>) -> tensor<1x3xf32>
  %h = tfcc.Const {value = dense<6.0> : tensor<2x3xf32>} : tensor<2x3xf32>
  %k = tfcc.Const {value = dense<7.0> : tensor<3x2xf32>} : tensor<3x2xf32>
  %10 = tfcc.MatMul %y, %h {transpose_a = true} : (tensor<2x2xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %11 = tfcc.MatMul %y, %k {transpose_b = true} : (tensor<2x2xf32>, tensor<3x2xf32>) -> tensor<2x3xf32>
  %12 = tfcc.AddV2 %10, %11 : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %m = tfcc.Const {value = dense<8.0> : tensor<2x3xf32>} : tensor<2x3xf32>
  %n = tfcc.Const {value = dense<9.0> : tensor<2x3xf32>} : tensor<2x3xf32>
  %13 = tfcc.MatMul %x, %m : (tensor<1x2xf32>, tensor<2x3xf32>) -> tensor<1x3xf32>
  %14 = tfcc.MatMul %y, %n : (tensor<2x2xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %15 = tfcc.AddV2 %13, %14 : (tensor<1x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %p = tfcc.Const {value = dense<10.0> : tensor<2x3xf32>} : tensor<2x3xf32>
  %q = tfcc.Const {value = dense<11.0> : tensor<2x3xf32>} : tensor<2x3xf32>
  %16 = tfcc.MatMul %x, %p : (tensor<1x2xf32>, tensor<2x3xf32>) -> tensor<1x3xf32>
  %17 = tfcc.MatMul %x, %q : (tensor<1x2xf32>, tensor<2x3xf32>) -> tensor<1x3xf32>
  %18 = tfcc.AddV2 %16, %17 : (tensor<1x3xf32>, tensor<1x3xf32>) -> tensor<1x3xf32>
  %19 = tfcc.MatMul %q, %z : (tensor<2x3xf32>, tensor<3x2xf32>) -> tensor<2x2xf32>
  %r = tfcc.Const {value = dense<12.0> : tensor<2x3xf32>} : tensor<2x3xf32>
  %t = tfcc.Const {value = dense<13.0> : tensor<2x3xf32>} : tensor<2x3xf32>
  %20 = tfcc.MatMul %x, %r : (tensor<1x2xf32>, tensor<2x3xf32>) -> tensor<1x3xf32>
  %21 = tfcc.MatMul %x, %t : (tensor<1x2xf32>, tensor<2x3xf32>) -> tensor<1x3xf32>
  %22 = tfcc.AddV2 %20, %21 : (tensor<1x3xf32>, tensor<1x3xf32>) -> tensor<1x3xf32>
  %23 = tfcc.MatMul %r, %z : (tensor<2x3xf32>, tensor<3x2xf32>) -> tensor<2x2xf32>
  return %2, %5, %6, %9, %7, %12, %15, %18, %19, %22, %23 : tensor<1x3xf32>, tensor<1x3xf32>, tensor<2x3xf32>, tensor<1x3xf32>, tensor<1x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<1x3xf32>, tensor<2x2xf32>, tensor<1x3xf32>, tensor<2x2xf32>
}

// -----

// An LSTM unrolled over two steps reads both kernels once per step: every
// use of both is in such a sum, so each step gets one product by the same
// stacked constant, and neither kernel is left.
// CHECK-LABEL: func.func @unrolled
// CHECK-SAME: (%[[X0:.+]]: tensor<1x2xf32>, %[[X1:.+]]: tensor<1x2xf32>, %[[H0:.+]]: tensor<1x1xf32>)
// CHECK: %[[W:.+]] = tfcc.Const {value = dense<{{\[}}[1.000000e+00], [2.000000e+00], [3.000000e+00]]> : tensor<3x1xf32>}
// CHECK-NOT: tfcc.Const {{.*}} : tensor<2x1xf32>
// CHECK-NOT: tfcc.Const {{.*}} : tensor<1x1xf32>
// CHECK: %[[A0:.+]] = tfcc.ConcatV2 %[[X0]], %[[H0]], %{{.+}}
// CHECK: %[[Z0:.+]] = tfcc.MatMul %[[A0]], %[[W]]
// CHECK: %[[H1:.+]] = tfcc.Tanh %[[Z0]]
// CHECK: %[[A1:.+]] = tfcc.ConcatV2 %[[X1]], %[[H1]], %{{.+}}
// CHECK: %[[Z1:.+]] = tfcc.MatMul %[[A1]], %[[W]]
// CHECK: return %[[Z1]]
func.func @unrolled(%x0: tensor<1x2xf32>, %x1: tensor<1x2xf32>, %h0: tensor<1x1xf32>) -> tensor<1x1xf32> {
  %wx = tfcc.Const {value = dense<[[1.0], [2.0]]> : tensor<2x1xf32>} : tensor<2x1xf32>
  %wh = tfcc.Const {value = dense<[[3.0]]> : tensor<1x1xf32>} : tensor<1x1xf32>
  %0 = tfcc.MatMul %x0, %wx : (tensor<1x2xf32>, tensor<2x1xf32>) -> tensor<1x1xf32>
  %1 = tfcc.MatMul %h0, %wh : (tensor<1x1xf32>, tensor<1x1xf32>) -> tensor<1x1xf32>
  %2 = tfcc.AddV2 %0, %1 : (tensor<1x1xf32>, tensor<1x1xf32>) -> tensor<1x1xf32>
  %h1 = tfcc.Tanh %2 : (tensor<1x1xf32>) -> tensor<1x1xf32>
  %3 = tfcc.MatMul %h1, %wh : (tensor<1x1xf32>, tensor<1x1xf32>) -> tensor<1x1xf32>
  %4 = tfcc.MatMul %x1, %wx : (tensor<1x2xf32>, tensor<2x1xf32>) -> tensor<1x1xf32>
  %5 = tfcc.AddV2 %3, %4 : (tensor<1x1xf32>, tensor<1x1xf32>) -> tensor<1x1xf32>
  return %5 : tensor<1x1xf32>
}
