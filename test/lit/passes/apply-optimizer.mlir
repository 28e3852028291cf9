// RUN: tfcc-opt %s --split-input-file --tfcc-apply-optimizer="optimizer=adam learning-rate=0.01" | FileCheck %s
// RUN: tfcc-opt %s --split-input-file --tfcc-apply-optimizer="optimizer=sgd learning-rate-feed=lr" | FileCheck %s --check-prefix=SGD

// Adam: slots and beta powers with TF's names, ResourceApplyAdam on the
// gradient result (which disappears), beta powers advanced after the
// updates, global_step created and incremented; init sets them all.
// CHECK-DAG: tfcc.variable @global_step : tensor<i64>
// CHECK-DAG: tfcc.variable @"w/Adam_1" : tensor<2xf32>
// CHECK-DAG: tfcc.variable @"w/Adam" : tensor<2xf32>
// CHECK-DAG: tfcc.variable @beta2_power : tensor<f32>
// CHECK-DAG: tfcc.variable @beta1_power : tensor<f32>
// CHECK-LABEL: func.func @train
// CHECK-SAME: -> (tensor<f32> {tfcc.fetch = "loss"})
// CHECK: %[[B1:[0-9]+]] = tfcc.ReadVariableOp %{{[0-9]+}}{{.*}}-> tensor<f32>
// CHECK: %[[B2:[0-9]+]] = tfcc.ReadVariableOp
// CHECK: tfcc.ResourceApplyAdam %{{[0-9]+}}, %{{[0-9]+}}, %{{[0-9]+}}, %[[B1]], %[[B2]], %{{[0-9]+}}, %{{[0-9]+}}, %{{[0-9]+}}, %{{[0-9]+}}, %[[GRAD:[a-z0-9]+]]
// CHECK: tfcc.Mul %[[B1]]
// CHECK: tfcc.AssignVariableOp
// CHECK: tfcc.Mul %[[B2]]
// CHECK: tfcc.AssignVariableOp
// CHECK: tfcc.AssignAddVariableOp
// CHECK: return %{{[a-z0-9]+}} : tensor<f32>
// CHECK-LABEL: func.func @init
// CHECK-COUNT-6: tfcc.AssignVariableOp
// CHECK: return
tfcc.variable @w : tensor<2xf32>
func.func @train(%loss: tensor<f32>, %g: tensor<2xf32>)
    -> (tensor<f32> {tfcc.fetch = "loss"},
        tensor<2xf32> {tfcc.fetch = "grad_w", tfcc.gradient_of = "w", tfcc.gradient_of_variable}) {
  return %loss, %g : tensor<f32>, tensor<2xf32>
}

// -----

// SGD with a fed learning rate: one more feed, no slots.
// SGD-NOT: tfcc.variable @"w/
// SGD-LABEL: func.func @train
// SGD-SAME: %[[LR:[a-z0-9]+]]: tensor<f32> {tfcc.feed = "lr"}
// SGD: tfcc.ResourceApplyGradientDescent %{{[0-9]+}}, %[[LR]], %{{[a-z0-9]+}}
tfcc.variable @w : tensor<2xf32>
func.func @train(%loss: tensor<f32>, %g: tensor<2xf32>)
    -> (tensor<f32> {tfcc.fetch = "loss"},
        tensor<2xf32> {tfcc.fetch = "grad_w", tfcc.gradient_of = "w", tfcc.gradient_of_variable}) {
  return %loss, %g : tensor<f32>, tensor<2xf32>
}
