// RUN: tfcc-opt %s --tfcc-autodiff="function=feeds loss=loss wrt=x" | FileCheck %s

// loss = sum(x * x + StopGradient(x)): fan-out adds up (x*x contributes g*x
// through each operand), StopGradient contributes nothing: the gradient is
// the sum of the two products and nothing else.
// CHECK-LABEL: func.func @feeds
// CHECK-SAME: (%[[X:[a-z0-9]+]]: tensor<3xf32> {tfcc.feed = "x"})
// CHECK-SAME: tensor<3xf32> {tfcc.fetch = "grad_x", tfcc.gradient_of = "x"})
// CHECK: %[[G:[0-9]+]] = tfcc.BroadcastTo
// CHECK-DAG: %[[A:[0-9]+]] = tfcc.Mul %[[X]], %[[G]]
// CHECK-DAG: %[[B:[0-9]+]] = tfcc.Mul %[[G]], %[[X]]
// CHECK: %[[SUM:[0-9]+]] = tfcc.AddV2 %[[B]], %[[A]]
// CHECK-NOT: tfcc.
// CHECK: return %{{[0-9]+}}, %[[SUM]]
func.func @feeds(%x: tensor<3xf32> {tfcc.feed = "x"}) -> (tensor<f32> {tfcc.fetch = "loss"}) {
  %sq = tfcc.Mul %x, %x : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %stop = tfcc.StopGradient %x : (tensor<3xf32>) -> tensor<3xf32>
  %y = tfcc.AddV2 %sq, %stop : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %axes = tfcc.Const {value = dense<0> : tensor<1xi32>} : tensor<1xi32>
  %loss = tfcc.Sum %y, %axes : (tensor<3xf32>, tensor<1xi32>) -> tensor<f32>
  return %loss : tensor<f32>
}
