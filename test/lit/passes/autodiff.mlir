// RUN: tfcc-opt %s --tfcc-autodiff="function=main loss=loss" | FileCheck %s

// loss = sum(x w + b): the gradient of w is x^T g (MatMul with transpose_a),
// b's gradient undoes the broadcast over the batch (Sum over dim 0). Both
// become results named for their variable.
// CHECK-LABEL: func.func @main
// CHECK-SAME: (%[[X:[a-z0-9]+]]: tensor<4x3xf32>
// CHECK-SAME: -> (tensor<f32> {tfcc.fetch = "loss"},
// CHECK-SAME: tensor<3x2xf32> {tfcc.fetch = "grad_w", tfcc.gradient_of = "w", tfcc.gradient_of_variable},
// CHECK-SAME: tensor<2xf32> {tfcc.fetch = "grad_b", tfcc.gradient_of = "b", tfcc.gradient_of_variable})
// CHECK: tfcc.Const {value = dense<1.000000e+00> : tensor<f32>}
// CHECK: %[[G:[0-9]+]] = tfcc.BroadcastTo {{.*}} -> tensor<4x2xf32>
// CHECK-DAG: %[[GB:[0-9]+]] = tfcc.Sum %[[G]], %{{[0-9]+}} : (tensor<4x2xf32>, tensor<1xi32>) -> tensor<2xf32>
// CHECK-DAG: %[[GW:[0-9]+]] = tfcc.MatMul %[[X]], %[[G]] {transpose_a = true}
// CHECK: return %{{[0-9]+}}, %[[GW]], %[[GB]]
tfcc.variable @w : tensor<3x2xf32>
tfcc.variable @b : tensor<2xf32>
func.func @main(%x: tensor<4x3xf32> {tfcc.feed = "x"}) -> (tensor<f32> {tfcc.fetch = "loss"}) {
  %hw = tfcc.VarHandleOp {variable = @w, dtype = f32, shape = #tfcc.shape<3x2>} : () -> tensor<!tfcc.resource>
  %w = tfcc.ReadVariableOp %hw : (tensor<!tfcc.resource>) -> tensor<3x2xf32>
  %hb = tfcc.VarHandleOp {variable = @b, dtype = f32, shape = #tfcc.shape<2>} : () -> tensor<!tfcc.resource>
  %b = tfcc.ReadVariableOp %hb : (tensor<!tfcc.resource>) -> tensor<2xf32>
  %xw = tfcc.MatMul %x, %w : (tensor<4x3xf32>, tensor<3x2xf32>) -> tensor<4x2xf32>
  %y = tfcc.AddV2 %xw, %b : (tensor<4x2xf32>, tensor<2xf32>) -> tensor<4x2xf32>
  %axes = tfcc.Const {value = dense<[0, 1]> : tensor<2xi32>} : tensor<2xi32>
  %loss = tfcc.Sum %y, %axes : (tensor<4x2xf32>, tensor<2xi32>) -> tensor<f32>
  return %loss : tensor<f32>
}
