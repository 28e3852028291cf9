// RUN: tfcc-opt --split-input-file --tfcc-shape-inference %s | FileCheck %s

// Shape rules of the variable, update and random ops (StateOps.td). A handle
// that names a tfcc.variable gives reads and ref updates the variable's type.

tfcc.variable @v : tensor<2x3xf32>

// CHECK-LABEL: func.func @resource_variable
// CHECK: %[[H:.+]] = tfcc.VarHandleOp {{.*}}variable = @v{{.*}} -> tensor<!tfcc.resource>
// CHECK: tfcc.ReadVariableOp %[[H]] {{.*}} -> tensor<2x3xf32>
// CHECK: tfcc.ReadVariableOp %[[H]] {{.*}} -> tensor<2x3xf32>
// CHECK: tfcc.AssignVariableOp %[[H]]
// CHECK: tfcc.AssignAddVariableOp %[[H]]
// CHECK: tfcc.AssignSubVariableOp %[[H]]
// CHECK: tfcc.VarIsInitializedOp %[[H]] {{.*}} -> tensor<i1>
// CHECK: tfcc.DisableCopyOnRead %[[H]]
// CHECK: return {{.*}} : tensor<2x3xf32>, tensor<2x3xf32>, tensor<i1>
func.func @resource_variable(%x: tensor<2x3xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xi1>) {
  %h = tfcc.VarHandleOp {variable = @v, dtype = f32, shape = #tfcc.shape<2x3>} : () -> tensor<!tfcc.resource>
  %0 = tfcc.ReadVariableOp %h : (tensor<!tfcc.resource>) -> tensor<*xf32>
  %1 = tfcc.ReadVariableOp %h {dtype = f32} : (tensor<!tfcc.resource>) -> tensor<*xf32>
  tfcc.AssignVariableOp %h, %x : (tensor<!tfcc.resource>, tensor<2x3xf32>) -> ()
  tfcc.AssignAddVariableOp %h, %x : (tensor<!tfcc.resource>, tensor<2x3xf32>) -> ()
  tfcc.AssignSubVariableOp %h, %x : (tensor<!tfcc.resource>, tensor<2x3xf32>) -> ()
  %2 = tfcc.VarIsInitializedOp %h : (tensor<!tfcc.resource>) -> tensor<*xi1>
  tfcc.DisableCopyOnRead %h : (tensor<!tfcc.resource>) -> ()
  return %0, %1, %2 : tensor<*xf32>, tensor<*xf32>, tensor<*xi1>
}

// -----

// A handle that is an argument says nothing: the read stays as declared.
// CHECK-LABEL: func.func @unknown_handle
// CHECK: tfcc.ReadVariableOp {{.*}} -> tensor<*xf32>
// CHECK: tfcc.ReadVariableOp {{.*}} -> tensor<4xf32>
func.func @unknown_handle(%h: tensor<!tfcc.resource>) -> (tensor<*xf32>, tensor<4xf32>) {
  %0 = tfcc.ReadVariableOp %h {dtype = f32} : (tensor<!tfcc.resource>) -> tensor<*xf32>
  %1 = tfcc.ReadVariableOp %h : (tensor<!tfcc.resource>) -> tensor<4xf32>
  return %0, %1 : tensor<*xf32>, tensor<4xf32>
}

// -----

tfcc.variable @w : tensor<4x2xf32>
tfcc.variable @u : tensor<*xf32>

// TF1 ref updates yield the variable's value: its type, or the value's when
// the variable's shape is unknown (or Assign may change it).
// CHECK-LABEL: func.func @ref_updates
// CHECK: %[[W:.+]] = tfcc.VariableV2 {{.*}}variable = @w
// CHECK: %[[U:.+]] = tfcc.VariableV2 {{.*}}variable = @u
// CHECK: tfcc.Assign %[[W]], {{.*}} -> tensor<4x2xf32>
// CHECK: tfcc.Assign %[[U]], {{.*}} -> tensor<3xf32>
// CHECK: tfcc.Assign %[[W]], {{.*}}validate_shape = false{{.*}} -> tensor<?x2xf32>
// CHECK: tfcc.AssignAdd %[[W]], {{.*}} -> tensor<4x2xf32>
// CHECK: tfcc.AssignSub %[[W]], {{.*}} -> tensor<4x2xf32>
// CHECK: tfcc.ScatterAdd %[[W]], {{.*}} -> tensor<4x2xf32>
// CHECK: tfcc.IsVariableInitialized %[[W]] {{.*}} -> tensor<i1>
func.func @ref_updates(%x: tensor<?x2xf32>, %y: tensor<3xf32>, %idx: tensor<5xi32>, %upd: tensor<5x2xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xi1>) {
  %w = tfcc.VariableV2 {variable = @w, dtype = f32, shape = #tfcc.shape<4x2>} : () -> tensor<!tfcc.resource>
  %u = tfcc.VariableV2 {variable = @u, dtype = f32, shape = #tfcc.shape<*>} : () -> tensor<!tfcc.resource>
  %0 = tfcc.Assign %w, %x : (tensor<!tfcc.resource>, tensor<?x2xf32>) -> tensor<*xf32>
  %1 = tfcc.Assign %u, %y : (tensor<!tfcc.resource>, tensor<3xf32>) -> tensor<*xf32>
  %2 = tfcc.Assign %w, %x {validate_shape = false} : (tensor<!tfcc.resource>, tensor<?x2xf32>) -> tensor<*xf32>
  %3 = tfcc.AssignAdd %w, %x : (tensor<!tfcc.resource>, tensor<?x2xf32>) -> tensor<*xf32>
  %4 = tfcc.AssignSub %w, %x {use_locking = true} : (tensor<!tfcc.resource>, tensor<?x2xf32>) -> tensor<*xf32>
  %5 = tfcc.ScatterAdd %w, %idx, %upd : (tensor<!tfcc.resource>, tensor<5xi32>, tensor<5x2xf32>) -> tensor<*xf32>
  %6 = tfcc.IsVariableInitialized %w {dtype = f32} : (tensor<!tfcc.resource>) -> tensor<*xi1>
  return %0, %1, %2, %3, %4, %5, %6 : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xi1>
}

// -----

tfcc.variable @var {trainable} : tensor<3xf32>
tfcc.variable @m : tensor<3xf32>
tfcc.variable @vv : tensor<3xf32>

// CHECK-LABEL: func.func @optimizers
// CHECK: tfcc.ApplyGradientDescent {{.*}} -> tensor<3xf32>
// CHECK: tfcc.ApplyAdam {{.*}} -> tensor<3xf32>
func.func @optimizers(%lr: tensor<f32>, %g: tensor<3xf32>) -> (tensor<*xf32>, tensor<*xf32>) {
  %var = tfcc.VariableV2 {variable = @var, dtype = f32, shape = #tfcc.shape<3>} : () -> tensor<!tfcc.resource>
  %m = tfcc.VariableV2 {variable = @m, dtype = f32, shape = #tfcc.shape<3>} : () -> tensor<!tfcc.resource>
  %v = tfcc.VariableV2 {variable = @vv, dtype = f32, shape = #tfcc.shape<3>} : () -> tensor<!tfcc.resource>
  %0 = tfcc.ApplyGradientDescent %var, %lr, %g : (tensor<!tfcc.resource>, tensor<f32>, tensor<3xf32>) -> tensor<*xf32>
  %1 = tfcc.ApplyAdam %var, %m, %v, %lr, %lr, %lr, %lr, %lr, %lr, %g {use_nesterov = true} : (tensor<!tfcc.resource>, tensor<!tfcc.resource>, tensor<!tfcc.resource>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<f32>, tensor<3xf32>) -> tensor<*xf32>
  return %0, %1 : tensor<*xf32>, tensor<*xf32>
}

// -----

// Random ops: a constant shape operand is the result shape; a shape vector
// of known length gives the rank.
// CHECK-LABEL: func.func @random
// CHECK: tfcc.RandomUniform {{.*}} -> tensor<2x3xf32>
// CHECK: tfcc.RandomStandardNormal {{.*}} -> tensor<4xf64>
// CHECK: tfcc.TruncatedNormal {{.*}} -> tensor<?x?x?xf32>
func.func @random(%s: tensor<3xi32>) -> (tensor<*xf32>, tensor<*xf64>, tensor<*xf32>) {
  %c = tfcc.Const {value = dense<[2, 3]> : tensor<2xi32>} : tensor<2xi32>
  %0 = tfcc.RandomUniform %c {dtype = f32, seed = 1, seed2 = 2} : (tensor<2xi32>) -> tensor<*xf32>
  %d = tfcc.Const {value = dense<4> : tensor<1xi64>} : tensor<1xi64>
  %1 = tfcc.RandomStandardNormal %d {dtype = f64} : (tensor<1xi64>) -> tensor<*xf64>
  %2 = tfcc.TruncatedNormal %s {dtype = f32} : (tensor<3xi32>) -> tensor<*xf32>
  return %0, %1, %2 : tensor<*xf32>, tensor<*xf64>, tensor<*xf32>
}
