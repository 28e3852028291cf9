// RUN: tfcc-opt --split-input-file --verify-diagnostics %s

func.func @add_mismatch(%x: tensor<2xi32>, %y: tensor<3xi32>) -> tensor<*xi32> {
  // expected-error @+1 {{operands have incompatible shapes [2] and [3]}}
  %0 = tfcc.Add %x, %y : (tensor<2xi32>, tensor<3xi32>) -> tensor<*xi32>
  return %0 : tensor<*xi32>
}

// -----

func.func @matmul_k(%a: tensor<2x3xf32>, %b: tensor<4x5xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{contraction dimensions differ: 3 vs 4}}
  %0 = tfcc.MatMul %a, %b : (tensor<2x3xf32>, tensor<4x5xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @dtype(%a: tensor<2xf32>, %b: tensor<2xi32>) -> tensor<*xf32> {
  // expected-error @+1 {{operands have different dtypes 'f32' and 'i32'}}
  %0 = tfcc.Mul %a, %b : (tensor<2xf32>, tensor<2xi32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @reshape(%a: tensor<2x3xf32>) -> tensor<*xf32> {
  %s = tfcc.Const {value = dense<[4, 2]> : tensor<2xi32>} : tensor<2xi32>
  // expected-error @+1 {{cannot reshape [2,3] (6 elements) to [4,2] (8 elements)}}
  %0 = tfcc.Reshape %a, %s : (tensor<2x3xf32>, tensor<2xi32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @wrong_result(%a: tensor<2xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{result #0 has type 'tensor<3xf32>', but its inputs give 'tensor<2xf32>'}}
  %0 = tfcc.Relu %a : (tensor<2xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @variable_symbol() -> tensor<!tfcc.resource> {
  // expected-error @+1 {{names @nope, which is no tfcc.variable}}
  %0 = tfcc.VarHandleOp {variable = @nope, dtype = f32, shape = #tfcc.shape<2>} : () -> tensor<!tfcc.resource>
  return %0 : tensor<!tfcc.resource>
}
