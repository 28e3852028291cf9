// RUN: tfcc-opt --split-input-file --tfcc-shape-inference %s | FileCheck %s

// Feed shapes and constant shape operands refine every result.
// CHECK-LABEL: func.func @mlp
// CHECK: tfcc.MatMul {{.*}} -> tensor<8x10xf32>
// CHECK: tfcc.Reshape {{.*}} -> tensor<2x40xf32>
// CHECK: return {{.*}} : tensor<2x40xf32>
func.func @mlp(%x: tensor<8x784xf32>, %w: tensor<784x10xf32>) -> tensor<*xf32> {
  %0 = tfcc.MatMul %x, %w : (tensor<8x784xf32>, tensor<784x10xf32>) -> tensor<*xf32>
  %s = tfcc.Const {value = dense<[2, -1]> : tensor<2xi32>} : tensor<2xi32>
  %1 = tfcc.Reshape %0, %s : (tensor<*xf32>, tensor<2xi32>) -> tensor<*xf32>
  return %1 : tensor<*xf32>
}

// -----

// CHECK-LABEL: func.func @conv
// CHECK: tfcc.Conv2D {{.*}} -> tensor<1x14x14x8xf32>
// CHECK: tfcc.MaxPool {{.*}} -> tensor<1x7x7x8xf32>
func.func @conv(%x: tensor<1x28x28x3xf32>, %f: tensor<3x3x3x8xf32>) -> tensor<*xf32> {
  %0 = tfcc.Conv2D %x, %f {strides = [1, 2, 2, 1], padding = "SAME"} : (tensor<1x28x28x3xf32>, tensor<3x3x3x8xf32>) -> tensor<*xf32>
  %1 = tfcc.MaxPool %0 {ksize = [1, 2, 2, 1], strides = [1, 2, 2, 1], padding = "VALID"} : (tensor<*xf32>) -> tensor<*xf32>
  return %1 : tensor<*xf32>
}

// -----

// StridedSlice follows TF's mask rules: x[:, 1] drops the sliced axis.
// CHECK-LABEL: func.func @strided
// CHECK: tfcc.StridedSlice {{.*}} -> tensor<4xf32>
func.func @strided(%x: tensor<4x3xf32>) -> tensor<*xf32> {
  %b = tfcc.Const {value = dense<[0, 1]> : tensor<2xi32>} : tensor<2xi32>
  %e = tfcc.Const {value = dense<[0, 2]> : tensor<2xi32>} : tensor<2xi32>
  %s = tfcc.Const {value = dense<1> : tensor<2xi32>} : tensor<2xi32>
  %0 = tfcc.StridedSlice %x, %b, %e, %s {begin_mask = 1, end_mask = 1, shrink_axis_mask = 2} : (tensor<4x3xf32>, tensor<2xi32>, tensor<2xi32>, tensor<2xi32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

// Shape arithmetic resolves in one sweep: Shape folds once its input is
// static, so the Reshape that uses it gets a static result.
// CHECK-LABEL: func.func @one_sweep
// CHECK: %[[S:.+]] = tfcc.Const {value = dense<[4, 3]> : tensor<2xi32>}
// CHECK: tfcc.Reshape %{{.*}}, %[[S]] {{.*}} -> tensor<4x3xf32>
func.func @one_sweep(%x: tensor<12xf32>, %y: tensor<4x3xf32>) -> tensor<*xf32> {
  %i = tfcc.Identity %y : (tensor<4x3xf32>) -> tensor<*xf32>
  %s = tfcc.Shape %i : (tensor<*xf32>) -> tensor<?xi32>
  %r = tfcc.Reshape %x, %s : (tensor<12xf32>, tensor<?xi32>) -> tensor<*xf32>
  return %r : tensor<*xf32>
}

// -----

// An unknown element type (an inlined call's bridge) refines to the one the
// rule computes, and so does the function's result (the Identity, now
// type-preserving, folds away).
// CHECK-LABEL: func @variant_refines
// CHECK-SAME: -> tensor<1x2xf32>
// CHECK-NEXT: return %arg0 : tensor<1x2xf32>
func.func @variant_refines(%x: tensor<1x2xf32>) -> tensor<*x!tfcc.variant> {
  %0 = tfcc.Identity %x : (tensor<1x2xf32>) -> tensor<*x!tfcc.variant>
  return %0 : tensor<*x!tfcc.variant>
}
