// RUN: tfcc-opt --split-input-file --verify-diagnostics %s

// Every diagnostic of the variable, update and random ops (StateOps.cpp and
// the variable-symbol check of TfccDialect.cpp).

// expected-error @+1 {{type must be a tensor type, got 'i32'}}
tfcc.variable @scalar : i32

// -----

func.func @no_variable() -> tensor<!tfcc.resource> {
  // expected-error @+1 {{names @missing, which is no tfcc.variable}}
  %0 = tfcc.VariableV2 {variable = @missing, dtype = f32, shape = #tfcc.shape<2>} : () -> tensor<!tfcc.resource>
  return %0 : tensor<!tfcc.resource>
}

// -----

tfcc.variable @v : tensor<2xf32>

func.func @assign_variable_dtype(%x: tensor<2xi32>) {
  %h = tfcc.VarHandleOp {variable = @v, dtype = f32, shape = #tfcc.shape<2>} : () -> tensor<!tfcc.resource>
  // expected-error @+1 {{assigns a 'i32' value to variable @v of dtype 'f32'}}
  tfcc.AssignVariableOp %h, %x : (tensor<!tfcc.resource>, tensor<2xi32>) -> ()
  return
}

// -----

tfcc.variable @w : tensor<2xf32>

func.func @assign_add_dtype(%x: tensor<2xf64>) -> tensor<*xf64> {
  %h = tfcc.VariableV2 {variable = @w, dtype = f32, shape = #tfcc.shape<2>} : () -> tensor<!tfcc.resource>
  // expected-error @+1 {{assigns a 'f64' value to variable @w of dtype 'f32'}}
  %0 = tfcc.AssignAdd %h, %x : (tensor<!tfcc.resource>, tensor<2xf64>) -> tensor<*xf64>
  return %0 : tensor<*xf64>
}

// -----

tfcc.variable @u : tensor<2xi32>

func.func @assign_unvalidated_dtype(%x: tensor<3xf32>) -> tensor<*xf32> {
  %h = tfcc.VariableV2 {variable = @u, dtype = i32, shape = #tfcc.shape<2>} : () -> tensor<!tfcc.resource>
  // expected-error @+1 {{assigns a 'f32' value to variable @u of dtype 'i32'}}
  %0 = tfcc.Assign %h, %x {validate_shape = false} : (tensor<!tfcc.resource>, tensor<3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @random_negative_shape() -> tensor<*xf32> {
  %s = tfcc.Const {value = dense<[2, -2]> : tensor<2xi32>} : tensor<2xi32>
  // expected-error @+1 {{has a negative dim}}
  %0 = tfcc.RandomUniform %s {dtype = f32} : (tensor<2xi32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}
