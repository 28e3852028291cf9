// RUN: tfcc-opt --split-input-file --verify-diagnostics %s

// Every diagnostic the math ops' shape rules emit (MathOps.cpp, and the
// broadcast, reduction and square-matrix rules of ShapeRules.cpp).

func.func @binary_dtypes(%a: tensor<2xf32>, %b: tensor<2xi32>) -> tensor<*xf32> {
  // expected-error @+1 {{operands have different dtypes 'f32' and 'i32'}}
  %0 = tfcc.SquaredDifference %a, %b : (tensor<2xf32>, tensor<2xi32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @binary_broadcast(%a: tensor<2x3xf32>, %b: tensor<4x1x2xf32>) -> tensor<*xi1> {
  // expected-error @+1 {{operands have incompatible shapes [2,3] and [4,1,2]}}
  %0 = tfcc.GreaterEqual %a, %b : (tensor<2x3xf32>, tensor<4x1x2xf32>) -> tensor<*xi1>
  return %0 : tensor<*xi1>
}

// -----

func.func @reduction_axis(%x: tensor<2x3x4xf32>) -> tensor<*xf32> {
  %a = tfcc.Const {value = dense<[0, 3]> : tensor<2xi32>} : tensor<2xi32>
  // expected-error @+1 {{reduction axis 3 is out of range for rank 3}}
  %0 = tfcc.Sum %x, %a : (tensor<2x3x4xf32>, tensor<2xi32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @arg_max_axis(%x: tensor<2x3x4xf32>) -> tensor<*xi64> {
  %a = tfcc.Const {value = dense<-4> : tensor<i32>} : tensor<i32>
  // expected-error @+1 {{reduction axis -4 is out of range for rank 3}}
  %0 = tfcc.ArgMax %x, %a : (tensor<2x3x4xf32>, tensor<i32>) -> tensor<*xi64>
  return %0 : tensor<*xi64>
}

// -----

func.func @add_n_empty() -> tensor<*xf32> {
  // expected-error @+1 {{needs at least one input}}
  %0 = tfcc.AddN : () -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @add_n_dtypes(%a: tensor<2xf32>, %b: tensor<2xi32>) -> tensor<*xf32> {
  // expected-error @+1 {{inputs have different dtypes 'f32' and 'i32'}}
  %0 = tfcc.AddN %a, %b : (tensor<2xf32>, tensor<2xi32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @add_n_shapes(%a: tensor<2xf32>, %b: tensor<3xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{inputs have different shapes 'tensor<2xf32>' and 'tensor<3xf32>'}}
  %0 = tfcc.AddN %a, %b : (tensor<2xf32>, tensor<3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @select_dtypes(%c: tensor<i1>, %t: tensor<2xf32>, %e: tensor<2xi32>) -> tensor<*xf32> {
  // expected-error @+1 {{t and e have different dtypes 'f32' and 'i32'}}
  %0 = tfcc.Select %c, %t, %e : (tensor<i1>, tensor<2xf32>, tensor<2xi32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @select_shapes(%c: tensor<i1>, %t: tensor<2xf32>, %e: tensor<3xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{t and e have different shapes 'tensor<2xf32>' and 'tensor<3xf32>'}}
  %0 = tfcc.Select %c, %t, %e : (tensor<i1>, tensor<2xf32>, tensor<3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @select_condition(%c: tensor<2x3xi1>, %t: tensor<2x3x4xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{condition of shape [2,3] must be a scalar, a vector over the first dim, or match [2,3,4]}}
  %0 = tfcc.Select %c, %t, %t : (tensor<2x3xi1>, tensor<2x3x4xf32>, tensor<2x3x4xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @select_v2_dtypes(%c: tensor<i1>, %t: tensor<2xf32>, %e: tensor<f64>) -> tensor<*xf32> {
  // expected-error @+1 {{t and e have different dtypes 'f32' and 'f64'}}
  %0 = tfcc.SelectV2 %c, %t, %e : (tensor<i1>, tensor<2xf32>, tensor<f64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @select_v2_broadcast(%c: tensor<3xi1>, %t: tensor<2x4xf32>, %e: tensor<f32>) -> tensor<*xf32> {
  // expected-error @+1 {{operands have incompatible shapes [3] and [2,4]}}
  %0 = tfcc.SelectV2 %c, %t, %e : (tensor<3xi1>, tensor<2x4xf32>, tensor<f32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @matmul_dtypes(%a: tensor<2x3xf32>, %b: tensor<3x4xf16>) -> tensor<*xf32> {
  // expected-error @+1 {{operands have different dtypes 'f32' and 'f16'}}
  %0 = tfcc.MatMul %a, %b : (tensor<2x3xf32>, tensor<3x4xf16>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @matmul_rank(%a: tensor<2x3x4xf32>, %b: tensor<4x4xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{operands must be matrices, got shape [2,3,4]}}
  %0 = tfcc.MatMul %a, %b : (tensor<2x3x4xf32>, tensor<4x4xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

// transpose_b makes the contraction dim b's dim 1.
func.func @matmul_contraction(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{contraction dimensions differ: 3 vs 4}}
  %0 = tfcc.MatMul %a, %b {transpose_b = true} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @batch_matmul_dtypes(%a: tensor<2x3xf32>, %b: tensor<3x4xi32>) -> tensor<*xf32> {
  // expected-error @+1 {{operands have different dtypes 'f32' and 'i32'}}
  %0 = tfcc.BatchMatMulV2 %a, %b : (tensor<2x3xf32>, tensor<3x4xi32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @batch_matmul_rank(%a: tensor<3xf32>, %b: tensor<3x4xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{operands must have rank >= 2, got [3] and [3,4]}}
  %0 = tfcc.BatchMatMulV2 %a, %b : (tensor<3xf32>, tensor<3x4xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @batch_matmul_batch(%a: tensor<2x5x3xf32>, %b: tensor<3x3x4xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{operands have incompatible shapes [2] and [3]}}
  %0 = tfcc.BatchMatMulV2 %a, %b : (tensor<2x5x3xf32>, tensor<3x3x4xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @batch_matmul_contraction(%a: tensor<2x5x3xf32>, %b: tensor<2x5x4xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{contraction dimensions differ: 5 vs 4}}
  %0 = tfcc.BatchMatMulV2 %a, %b {adj_x = true, adj_y = true} : (tensor<2x5x3xf32>, tensor<2x5x4xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @einsum_no_output(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{equation 'ij,jk' must name its output (`->`) and use no ellipsis}}
  %0 = tfcc.Einsum %a, %b {equation = "ij,jk"} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @einsum_terms(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{equation 'ij->ji' has 1 operand terms for 2 inputs}}
  %0 = tfcc.Einsum %a, %b {equation = "ij->ji"} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @einsum_term_rank(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{term 'ijk' does not match operand shape [2,3]}}
  %0 = tfcc.Einsum %a, %b {equation = "ijk,jk->i"} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @einsum_label_sizes(%a: tensor<2x3xf32>, %b: tensor<4x5xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{label 'j' has sizes 3 and 4}}
  %0 = tfcc.Einsum %a, %b {equation = "ij,jk->ik"} : (tensor<2x3xf32>, tensor<4x5xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @matrix_inverse_vector(%x: tensor<3xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{input must be at least a matrix, got shape [3]}}
  %0 = tfcc.MatrixInverse %x : (tensor<3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @matrix_determinant_square(%x: tensor<2x3x4xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{input must be square matrices, got shape [2,3,4]}}
  %0 = tfcc.MatrixDeterminant %x : (tensor<2x3x4xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @range_wrong_direction() -> tensor<*xi32> {
  %a = tfcc.Const {value = dense<0> : tensor<i32>} : tensor<i32>
  %b = tfcc.Const {value = dense<10> : tensor<i32>} : tensor<i32>
  %d = tfcc.Const {value = dense<-1> : tensor<i32>} : tensor<i32>
  // expected-error @+1 {{cannot make a range from}}
  %0 = tfcc.Range %a, %b, %d : (tensor<i32>, tensor<i32>, tensor<i32>) -> tensor<*xi32>
  return %0 : tensor<*xi32>
}

// -----

func.func @range_zero_delta() -> tensor<*xf32> {
  %a = tfcc.Const {value = dense<0.0> : tensor<f32>} : tensor<f32>
  // expected-error @+1 {{cannot make a range from}}
  %0 = tfcc.Range %a, %a, %a : (tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

// TF1 Select: a vector condition must have t's first dim (TF: "Number of
// batches of 'then' must match size of 'cond'").
func.func @select_condition_length(%c: tensor<5xi1>, %t: tensor<3x4xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{condition has 5 entries but t has 3 rows}}
  %0 = tfcc.Select %c, %t, %t : (tensor<5xi1>, tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

// A scalar has no axis 0 to reduce (TF: "Invalid reduction dimension 0 for
// input with 0 dimensions").
func.func @reduce_scalar(%x: tensor<f32>) -> tensor<*xf32> {
  %a = tfcc.Const {value = dense<0> : tensor<1xi32>} : tensor<1xi32>
  // expected-error @+1 {{reduction axis 0 is out of range for rank 0}}
  %0 = tfcc.Sum %x, %a : (tensor<f32>, tensor<1xi32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

// Einsum labels have one size in all operands (TF: "Expected dimension 1
// ... but got dimension 3"); only ellipsis dims broadcast.
func.func @einsum_label_sizes(%a: tensor<2x1xf32>, %b: tensor<3x4xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{label 'j' has sizes 1 and 3}}
  %0 = tfcc.Einsum %a, %b {equation = "ij,jk->ik"} : (tensor<2x1xf32>, tensor<3x4xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

// An output label that no input has is invalid in TF.
func.func @einsum_output_label(%a: tensor<2x3xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{output label 'z' appears in no input of 'ij->iz'}}
  %0 = tfcc.Einsum %a {equation = "ij->iz"} : (tensor<2x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}
