// RUN: tfcc-opt --split-input-file --tfcc-fold-constants %s | FileCheck %s

// Folders of the math ops (MathOps.td): TF's scalar semantics on constants.

// CHECK-LABEL: func.func @unary_float
// CHECK-DAG: %[[NEG:.+]] = tfcc.Const {value = dense<[1.500000e+00, -0.000000e+00, -2.500000e+00]> : tensor<3xf32>}
// CHECK-DAG: %[[ABS:.+]] = tfcc.Const {value = dense<[1.500000e+00, 0.000000e+00, 2.500000e+00]> : tensor<3xf32>}
// CHECK-DAG: %[[SIGN:.+]] = tfcc.Const {value = dense<[-1.000000e+00, 0.000000e+00, 1.000000e+00]> : tensor<3xf32>}
// CHECK-DAG: %[[SQUARE:.+]] = tfcc.Const {value = dense<[2.250000e+00, 0.000000e+00, 6.250000e+00]> : tensor<3xf32>}
// CHECK-DAG: %[[FLOOR:.+]] = tfcc.Const {value = dense<[-2.000000e+00, 0.000000e+00, 2.000000e+00]> : tensor<3xf32>}
// CHECK-DAG: %[[CEIL:.+]] = tfcc.Const {value = dense<[-1.000000e+00, 0.000000e+00, 3.000000e+00]> : tensor<3xf32>}
// CHECK: return %[[NEG]], %[[ABS]], %[[SIGN]], %[[SQUARE]], %[[FLOOR]], %[[CEIL]]
func.func @unary_float() -> (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) {
  %x = tfcc.Const {value = dense<[-1.5, 0.0, 2.5]> : tensor<3xf32>} : tensor<3xf32>
  %0 = tfcc.Neg %x : (tensor<3xf32>) -> tensor<3xf32>
  %1 = tfcc.Abs %x : (tensor<3xf32>) -> tensor<3xf32>
  %2 = tfcc.Sign %x : (tensor<3xf32>) -> tensor<3xf32>
  %3 = tfcc.Square %x : (tensor<3xf32>) -> tensor<3xf32>
  %4 = tfcc.Floor %x : (tensor<3xf32>) -> tensor<3xf32>
  %5 = tfcc.Ceil %x : (tensor<3xf32>) -> tensor<3xf32>
  return %0, %1, %2, %3, %4, %5 : tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>
}

// -----

// Transcendental functions, rounded to f32.
// CHECK-LABEL: func.func @unary_transcendental
// CHECK-DAG: %[[EXP:.+]] = tfcc.Const {value = dense<[1.000000e+00, 2.71828175]> : tensor<2xf32>}
// CHECK-DAG: %[[LOG:.+]] = tfcc.Const {value = dense<[0.000000e+00, 1.38629436]> : tensor<2xf32>}
// CHECK-DAG: %[[LOG1P:.+]] = tfcc.Const {value = dense<[0.000000e+00, 0.693147182]> : tensor<2xf32>}
// CHECK-DAG: %[[SIGMOID:.+]] = tfcc.Const {value = dense<[5.000000e-01, 0.731058597]> : tensor<2xf32>}
// CHECK-DAG: %[[TANH:.+]] = tfcc.Const {value = dense<[0.000000e+00, 0.761594176]> : tensor<2xf32>}
// CHECK: return %[[EXP]], %[[LOG]], %[[LOG1P]], %[[SIGMOID]], %[[TANH]]
func.func @unary_transcendental() -> (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) {
  %x = tfcc.Const {value = dense<[0.0, 1.0]> : tensor<2xf32>} : tensor<2xf32>
  %y = tfcc.Const {value = dense<[1.0, 4.0]> : tensor<2xf32>} : tensor<2xf32>
  %0 = tfcc.Exp %x : (tensor<2xf32>) -> tensor<2xf32>
  %1 = tfcc.Log %y : (tensor<2xf32>) -> tensor<2xf32>
  %2 = tfcc.Log1p %x : (tensor<2xf32>) -> tensor<2xf32>
  %3 = tfcc.Sigmoid %x : (tensor<2xf32>) -> tensor<2xf32>
  %4 = tfcc.Tanh %x : (tensor<2xf32>) -> tensor<2xf32>
  return %0, %1, %2, %3, %4 : tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>
}

// -----

// CHECK-LABEL: func.func @unary_roots
// CHECK-DAG: %[[SQRT:.+]] = tfcc.Const {value = dense<[2.000000e+00, 5.000000e-01]> : tensor<2xf32>}
// CHECK-DAG: %[[RSQRT:.+]] = tfcc.Const {value = dense<[5.000000e-01, 2.000000e+00]> : tensor<2xf32>}
// CHECK-DAG: %[[RECIP:.+]] = tfcc.Const {value = dense<[2.500000e-01, 4.000000e+00]> : tensor<2xf32>}
// CHECK-DAG: %[[INV:.+]] = tfcc.Const {value = dense<[2.500000e-01, 4.000000e+00]> : tensor<2xf64>}
// CHECK: return %[[SQRT]], %[[RSQRT]], %[[RECIP]], %[[INV]]
func.func @unary_roots() -> (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf64>) {
  %x = tfcc.Const {value = dense<[4.0, 0.25]> : tensor<2xf32>} : tensor<2xf32>
  %d = tfcc.Const {value = dense<[4.0, 0.25]> : tensor<2xf64>} : tensor<2xf64>
  %0 = tfcc.Sqrt %x : (tensor<2xf32>) -> tensor<2xf32>
  %1 = tfcc.Rsqrt %x : (tensor<2xf32>) -> tensor<2xf32>
  %2 = tfcc.Reciprocal %x : (tensor<2xf32>) -> tensor<2xf32>
  %3 = tfcc.Inv %d : (tensor<2xf64>) -> tensor<2xf64>
  return %0, %1, %2, %3 : tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf64>
}

// -----

// TF's Round rounds half to even.
// CHECK-LABEL: func.func @round
// CHECK: %[[R:.+]] = tfcc.Const {value = dense<[0.000000e+00, 2.000000e+00, 2.000000e+00, -2.000000e+00, 4.000000e+00]> : tensor<5xf32>}
// CHECK: return %[[R]]
func.func @round() -> tensor<5xf32> {
  %x = tfcc.Const {value = dense<[0.5, 1.5, 2.5, -2.5, 3.5]> : tensor<5xf32>} : tensor<5xf32>
  %0 = tfcc.Round %x : (tensor<5xf32>) -> tensor<5xf32>
  return %0 : tensor<5xf32>
}

// -----

// CHECK-LABEL: func.func @unary_int
// CHECK-DAG: %[[NEG:.+]] = tfcc.Const {value = dense<[-3, 2, 0]> : tensor<3xi32>}
// CHECK-DAG: %[[ABS:.+]] = tfcc.Const {value = dense<[3, 2, 0]> : tensor<3xi32>}
// CHECK-DAG: %[[SIGN:.+]] = tfcc.Const {value = dense<[1, -1, 0]> : tensor<3xi32>}
// CHECK-DAG: %[[SQ:.+]] = tfcc.Const {value = dense<[9, 4, 0]> : tensor<3xi32>}
// CHECK-DAG: %[[NOT:.+]] = tfcc.Const {value = dense<[false, true]> : tensor<2xi1>}
// CHECK: return %[[NEG]], %[[ABS]], %[[SIGN]], %[[SQ]], %[[NOT]]
func.func @unary_int() -> (tensor<3xi32>, tensor<3xi32>, tensor<3xi32>, tensor<3xi32>, tensor<2xi1>) {
  %x = tfcc.Const {value = dense<[3, -2, 0]> : tensor<3xi32>} : tensor<3xi32>
  %0 = tfcc.Neg %x : (tensor<3xi32>) -> tensor<3xi32>
  %1 = tfcc.Abs %x : (tensor<3xi32>) -> tensor<3xi32>
  %2 = tfcc.Sign %x : (tensor<3xi32>) -> tensor<3xi32>
  %3 = tfcc.Square %x : (tensor<3xi32>) -> tensor<3xi32>
  %b = tfcc.Const {value = dense<[true, false]> : tensor<2xi1>} : tensor<2xi1>
  %4 = tfcc.LogicalNot %b : (tensor<2xi1>) -> tensor<2xi1>
  return %0, %1, %2, %3, %4 : tensor<3xi32>, tensor<3xi32>, tensor<3xi32>, tensor<3xi32>, tensor<2xi1>
}

// -----

// Non-constant operands do not fold.
// CHECK-LABEL: func.func @unary_not_constant
// CHECK: tfcc.Exp %arg0
// CHECK: tfcc.Neg %arg0
func.func @unary_not_constant(%x: tensor<2xf32>) -> (tensor<2xf32>, tensor<2xf32>) {
  %0 = tfcc.Exp %x : (tensor<2xf32>) -> tensor<2xf32>
  %1 = tfcc.Neg %x : (tensor<2xf32>) -> tensor<2xf32>
  return %0, %1 : tensor<2xf32>, tensor<2xf32>
}

// -----

// Binary ops broadcast: [[1],[2]] with [3, 4].
// CHECK-LABEL: func.func @binary_float
// CHECK-DAG: %[[ADD:.+]] = tfcc.Const {value = dense<{{\[}}[4.000000e+00, 5.000000e+00], [5.000000e+00, 6.000000e+00]]> : tensor<2x2xf32>}
// CHECK-DAG: %[[ADDV2:.+]] = tfcc.Const {value = dense<{{\[}}[4.000000e+00, 5.000000e+00], [5.000000e+00, 6.000000e+00]]> : tensor<2x2xf64>}
// CHECK-DAG: %[[SUB:.+]] = tfcc.Const {value = dense<{{\[}}[-2.000000e+00, -3.000000e+00], [-1.000000e+00, -2.000000e+00]]> : tensor<2x2xf32>}
// CHECK-DAG: %[[MUL:.+]] = tfcc.Const {value = dense<{{\[}}[3.000000e+00, 4.000000e+00], [6.000000e+00, 8.000000e+00]]> : tensor<2x2xf32>}
// CHECK-DAG: %[[SQD:.+]] = tfcc.Const {value = dense<{{\[}}[4.000000e+00, 9.000000e+00], [1.000000e+00, 4.000000e+00]]> : tensor<2x2xf32>}
// CHECK: return %[[ADD]], %[[ADDV2]], %[[SUB]], %[[MUL]], %[[SQD]]
func.func @binary_float() -> (tensor<2x2xf32>, tensor<2x2xf64>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>) {
  %a = tfcc.Const {value = dense<[[1.0], [2.0]]> : tensor<2x1xf32>} : tensor<2x1xf32>
  %b = tfcc.Const {value = dense<[3.0, 4.0]> : tensor<2xf32>} : tensor<2xf32>
  %c = tfcc.Const {value = dense<[[1.0], [2.0]]> : tensor<2x1xf64>} : tensor<2x1xf64>
  %d = tfcc.Const {value = dense<[3.0, 4.0]> : tensor<2xf64>} : tensor<2xf64>
  %0 = tfcc.Add %a, %b : (tensor<2x1xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  %1 = tfcc.AddV2 %c, %d : (tensor<2x1xf64>, tensor<2xf64>) -> tensor<2x2xf64>
  %2 = tfcc.Sub %a, %b : (tensor<2x1xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  %3 = tfcc.Mul %a, %b : (tensor<2x1xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  %4 = tfcc.SquaredDifference %a, %b : (tensor<2x1xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  return %0, %1, %2, %3, %4 : tensor<2x2xf32>, tensor<2x2xf64>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>
}

// -----

// CHECK-LABEL: func.func @division_float
// CHECK-DAG: %[[DIV:.+]] = tfcc.Const {value = dense<[-3.500000e+00, 1.500000e+00, 0x7F800000]> : tensor<3xf32>}
// CHECK-DAG: %[[NONAN:.+]] = tfcc.Const {value = dense<[-3.500000e+00, 1.500000e+00, 0.000000e+00]> : tensor<3xf32>}
// CHECK-DAG: %[[FDIV:.+]] = tfcc.Const {value = dense<[-4.000000e+00, 1.000000e+00, 0x7F800000]> : tensor<3xf32>}
// CHECK-DAG: %[[FMOD:.+]] = tfcc.Const {value = dense<[1.000000e+00, 1.000000e+00, 0x{{7FC00000|FFC00000}}]> : tensor<3xf32>}
// CHECK: return %[[DIV]], %[[DIV]], %[[NONAN]], %[[FDIV]], %[[FMOD]]
func.func @division_float() -> (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) {
  %x = tfcc.Const {value = dense<[-7.0, 3.0, 1.0]> : tensor<3xf32>} : tensor<3xf32>
  %y = tfcc.Const {value = dense<[2.0, 2.0, 0.0]> : tensor<3xf32>} : tensor<3xf32>
  %0 = tfcc.Div %x, %y : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %1 = tfcc.RealDiv %x, %y : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %2 = tfcc.DivNoNan %x, %y : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %3 = tfcc.FloorDiv %x, %y : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %4 = tfcc.FloorMod %x, %y : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %0, %1, %2, %3, %4 : tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>
}

// -----

// Integer Div truncates; FloorDiv and FloorMod round towards -inf (the
// remainder takes the divisor's sign).
// CHECK-LABEL: func.func @division_int
// CHECK-DAG: %[[DIV:.+]] = tfcc.Const {value = dense<[3, -3, -3, 3]> : tensor<4xi32>}
// CHECK-DAG: %[[FDIV:.+]] = tfcc.Const {value = dense<[3, -4, -4, 3]> : tensor<4xi32>}
// CHECK-DAG: %[[FMOD:.+]] = tfcc.Const {value = dense<[1, 1, -1, -1]> : tensor<4xi32>}
// CHECK: return %[[DIV]], %[[FDIV]], %[[FMOD]]
func.func @division_int() -> (tensor<4xi32>, tensor<4xi32>, tensor<4xi32>) {
  %x = tfcc.Const {value = dense<[7, -7, 7, -7]> : tensor<4xi32>} : tensor<4xi32>
  %y = tfcc.Const {value = dense<[2, 2, -2, -2]> : tensor<4xi32>} : tensor<4xi32>
  %0 = tfcc.Div %x, %y : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %1 = tfcc.FloorDiv %x, %y : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %2 = tfcc.FloorMod %x, %y : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  return %0, %1, %2 : tensor<4xi32>, tensor<4xi32>, tensor<4xi32>
}

// -----

// Float FloorMod: 7.5 mod -2 is -0.5, -7.5 mod 2 is 0.5.
// CHECK-LABEL: func.func @floor_mod_float
// CHECK: %[[M:.+]] = tfcc.Const {value = dense<[-5.000000e-01, 5.000000e-01]> : tensor<2xf32>}
// CHECK: return %[[M]]
func.func @floor_mod_float() -> tensor<2xf32> {
  %x = tfcc.Const {value = dense<[7.5, -7.5]> : tensor<2xf32>} : tensor<2xf32>
  %y = tfcc.Const {value = dense<[-2.0, 2.0]> : tensor<2xf32>} : tensor<2xf32>
  %0 = tfcc.FloorMod %x, %y : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// Integer division by zero is an error in TF: it does not fold, and neither
// do non-constant operands or an integer Pow with a negative exponent.
// CHECK-LABEL: func.func @no_fold
// CHECK: tfcc.Div
// CHECK: tfcc.FloorMod
// CHECK: tfcc.Pow
// CHECK: tfcc.Mul %arg0
func.func @no_fold(%a: tensor<2xi32>) -> (tensor<2xi32>, tensor<2xi32>, tensor<2xi32>, tensor<2xi32>) {
  %x = tfcc.Const {value = dense<[7, 8]> : tensor<2xi32>} : tensor<2xi32>
  %z = tfcc.Const {value = dense<[1, 0]> : tensor<2xi32>} : tensor<2xi32>
  %n = tfcc.Const {value = dense<[1, -1]> : tensor<2xi32>} : tensor<2xi32>
  %0 = tfcc.Div %x, %z : (tensor<2xi32>, tensor<2xi32>) -> tensor<2xi32>
  %1 = tfcc.FloorMod %x, %z : (tensor<2xi32>, tensor<2xi32>) -> tensor<2xi32>
  %2 = tfcc.Pow %x, %n : (tensor<2xi32>, tensor<2xi32>) -> tensor<2xi32>
  %3 = tfcc.Mul %a, %x : (tensor<2xi32>, tensor<2xi32>) -> tensor<2xi32>
  return %0, %1, %2, %3 : tensor<2xi32>, tensor<2xi32>, tensor<2xi32>, tensor<2xi32>
}

// -----

// CHECK-LABEL: func.func @max_min_pow
// CHECK-DAG: %[[MAX:.+]] = tfcc.Const {value = dense<[3.000000e+00, 5.000000e+00]> : tensor<2xf32>}
// CHECK-DAG: %[[MIN:.+]] = tfcc.Const {value = dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>}
// CHECK-DAG: %[[POWF:.+]] = tfcc.Const {value = dense<[2.000000e+00, 5.000000e-01]> : tensor<2xf32>}
// CHECK-DAG: %[[IMAX:.+]] = tfcc.Const {value = dense<[2, 10]> : tensor<2xi64>}
// CHECK-DAG: %[[IMIN:.+]] = tfcc.Const {value = dense<[-3, 0]> : tensor<2xi64>}
// CHECK-DAG: %[[POWI:.+]] = tfcc.Const {value = dense<[1024, 1]> : tensor<2xi64>}
// CHECK: return %[[MAX]], %[[MIN]], %[[POWF]], %[[IMAX]], %[[IMIN]], %[[POWI]]
func.func @max_min_pow() -> (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xi64>, tensor<2xi64>, tensor<2xi64>) {
  %a = tfcc.Const {value = dense<[1.0, 5.0]> : tensor<2xf32>} : tensor<2xf32>
  %b = tfcc.Const {value = dense<[3.0, 2.0]> : tensor<2xf32>} : tensor<2xf32>
  %0 = tfcc.Maximum %a, %b : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %1 = tfcc.Minimum %a, %b : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %base = tfcc.Const {value = dense<[4.0, 2.0]> : tensor<2xf32>} : tensor<2xf32>
  %exp = tfcc.Const {value = dense<[0.5, -1.0]> : tensor<2xf32>} : tensor<2xf32>
  %2 = tfcc.Pow %base, %exp : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %i = tfcc.Const {value = dense<[2, 0]> : tensor<2xi64>} : tensor<2xi64>
  %j = tfcc.Const {value = dense<[-3, 10]> : tensor<2xi64>} : tensor<2xi64>
  %3 = tfcc.Maximum %i, %j : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
  %4 = tfcc.Minimum %i, %j : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
  %e = tfcc.Const {value = dense<[10, 0]> : tensor<2xi64>} : tensor<2xi64>
  %5 = tfcc.Pow %i, %e : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
  return %0, %1, %2, %3, %4, %5 : tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xi64>, tensor<2xi64>, tensor<2xi64>
}

// -----

// CHECK-LABEL: func.func @logical
// CHECK-DAG: %[[AND:.+]] = tfcc.Const {value = dense<[true, false, false, false]> : tensor<4xi1>}
// CHECK-DAG: %[[OR:.+]] = tfcc.Const {value = dense<[true, true, true, false]> : tensor<4xi1>}
// CHECK: return %[[AND]], %[[OR]]
func.func @logical() -> (tensor<4xi1>, tensor<4xi1>) {
  %a = tfcc.Const {value = dense<[true, true, false, false]> : tensor<4xi1>} : tensor<4xi1>
  %b = tfcc.Const {value = dense<[true, false, true, false]> : tensor<4xi1>} : tensor<4xi1>
  %0 = tfcc.LogicalAnd %a, %b : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  %1 = tfcc.LogicalOr %a, %b : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  return %0, %1 : tensor<4xi1>, tensor<4xi1>
}

// -----

// Comparisons of [1, 2, 3] with a broadcast 2.
// CHECK-LABEL: func.func @compare
// CHECK-DAG: %[[LT:.+]] = tfcc.Const {value = dense<[true, false, false]> : tensor<3xi1>}
// CHECK-DAG: %[[LE:.+]] = tfcc.Const {value = dense<[true, true, false]> : tensor<3xi1>}
// CHECK-DAG: %[[GT:.+]] = tfcc.Const {value = dense<[false, false, true]> : tensor<3xi1>}
// CHECK-DAG: %[[GE:.+]] = tfcc.Const {value = dense<[false, true, true]> : tensor<3xi1>}
// CHECK-DAG: %[[EQ:.+]] = tfcc.Const {value = dense<[false, true, false]> : tensor<3xi1>}
// CHECK-DAG: %[[NE:.+]] = tfcc.Const {value = dense<[true, false, true]> : tensor<3xi1>}
// CHECK: return %[[LT]], %[[LE]], %[[GT]], %[[GE]], %[[EQ]], %[[NE]], %[[EQ]]
func.func @compare() -> (tensor<3xi1>, tensor<3xi1>, tensor<3xi1>, tensor<3xi1>, tensor<3xi1>, tensor<3xi1>, tensor<3xi1>) {
  %x = tfcc.Const {value = dense<[1.0, 2.0, 3.0]> : tensor<3xf32>} : tensor<3xf32>
  %y = tfcc.Const {value = dense<2.0> : tensor<f32>} : tensor<f32>
  %0 = tfcc.Less %x, %y : (tensor<3xf32>, tensor<f32>) -> tensor<3xi1>
  %1 = tfcc.LessEqual %x, %y : (tensor<3xf32>, tensor<f32>) -> tensor<3xi1>
  %2 = tfcc.Greater %x, %y : (tensor<3xf32>, tensor<f32>) -> tensor<3xi1>
  %3 = tfcc.GreaterEqual %x, %y : (tensor<3xf32>, tensor<f32>) -> tensor<3xi1>
  %4 = tfcc.Equal %x, %y : (tensor<3xf32>, tensor<f32>) -> tensor<3xi1>
  %5 = tfcc.NotEqual %x, %y : (tensor<3xf32>, tensor<f32>) -> tensor<3xi1>
  %i = tfcc.Const {value = dense<[1, 2, 3]> : tensor<3xi32>} : tensor<3xi32>
  %j = tfcc.Const {value = dense<2> : tensor<1xi32>} : tensor<1xi32>
  %6 = tfcc.Equal %i, %j : (tensor<3xi32>, tensor<1xi32>) -> tensor<3xi1>
  return %0, %1, %2, %3, %4, %5, %6 : tensor<3xi1>, tensor<3xi1>, tensor<3xi1>, tensor<3xi1>, tensor<3xi1>, tensor<3xi1>, tensor<3xi1>
}

// -----

// AddN of one input is that input; of several it stays.
// CHECK-LABEL: func.func @add_n
// CHECK: %[[S:.+]] = tfcc.AddN %arg0, %arg1
// CHECK: return %arg0, %[[S]]
func.func @add_n(%x: tensor<2xf32>, %y: tensor<2xf32>) -> (tensor<2xf32>, tensor<2xf32>) {
  %0 = tfcc.AddN %x : (tensor<2xf32>) -> tensor<2xf32>
  %1 = tfcc.AddN %x, %y : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %0, %1 : tensor<2xf32>, tensor<2xf32>
}

// -----

// Cast as TF's static_cast: ints wrap, nonzero is true, bools are 0/1,
// unsigned values are not sign-extended.
// CHECK-LABEL: func.func @cast
// CHECK-DAG: %[[F:.+]] = tfcc.Const {value = dense<[1.000000e+00, -2.000000e+00]> : tensor<2xf32>}
// CHECK-DAG: %[[I8:.+]] = tfcc.Const {value = dense<[44, -1]> : tensor<2xi8>}
// CHECK-DAG: %[[B:.+]] = tfcc.Const {value = dense<[false, true]> : tensor<2xi1>}
// CHECK-DAG: %[[BI:.+]] = tfcc.Const {value = dense<[1, 0]> : tensor<2xi32>}
// CHECK-DAG: %[[U:.+]] = tfcc.Const {value = dense<255> : tensor<1xi32>}
// CHECK-DAG: %[[D:.+]] = tfcc.Const {value = dense<1.500000e+00> : tensor<1xf64>}
// CHECK: return %[[F]], %[[I8]], %[[B]], %[[BI]], %[[U]], %[[D]], %arg0
func.func @cast(%x: tensor<2xi32>) -> (tensor<2xf32>, tensor<2xi8>, tensor<2xi1>, tensor<2xi32>, tensor<1xi32>, tensor<1xf64>, tensor<2xi32>) {
  %a = tfcc.Const {value = dense<[1, -2]> : tensor<2xi32>} : tensor<2xi32>
  %0 = tfcc.Cast %a {DstT = f32} : (tensor<2xi32>) -> tensor<2xf32>
  %b = tfcc.Const {value = dense<[300, -1]> : tensor<2xi32>} : tensor<2xi32>
  %1 = tfcc.Cast %b {DstT = i8} : (tensor<2xi32>) -> tensor<2xi8>
  %c = tfcc.Const {value = dense<[0, 2]> : tensor<2xi32>} : tensor<2xi32>
  %2 = tfcc.Cast %c {DstT = i1} : (tensor<2xi32>) -> tensor<2xi1>
  %d = tfcc.Const {value = dense<[true, false]> : tensor<2xi1>} : tensor<2xi1>
  %3 = tfcc.Cast %d {DstT = i32} : (tensor<2xi1>) -> tensor<2xi32>
  %e = tfcc.Const {value = dense<255> : tensor<1xui8>} : tensor<1xui8>
  %4 = tfcc.Cast %e {DstT = i32} : (tensor<1xui8>) -> tensor<1xi32>
  %f = tfcc.Const {value = dense<1.5> : tensor<1xf32>} : tensor<1xf32>
  %5 = tfcc.Cast %f {DstT = f64} : (tensor<1xf32>) -> tensor<1xf64>
  %6 = tfcc.Cast %x {DstT = i32} : (tensor<2xi32>) -> tensor<2xi32>
  return %0, %1, %2, %3, %4, %5, %6 : tensor<2xf32>, tensor<2xi8>, tensor<2xi1>, tensor<2xi32>, tensor<1xi32>, tensor<1xf64>, tensor<2xi32>
}

// -----

// CHECK-LABEL: func.func @cast_not_constant
// CHECK: tfcc.Cast %arg0 {DstT = f32}
func.func @cast_not_constant(%x: tensor<2xi32>) -> tensor<2xf32> {
  %0 = tfcc.Cast %x {DstT = f32} : (tensor<2xi32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// CHECK-LABEL: func.func @range
// CHECK-DAG: %[[I:.+]] = tfcc.Const {value = dense<[0, 3, 6, 9]> : tensor<4xi32>}
// CHECK-DAG: %[[F:.+]] = tfcc.Const {value = dense<[1.000000e+00, 1.250000e+00, 1.500000e+00, 1.750000e+00]> : tensor<4xf32>}
// CHECK-DAG: %[[D:.+]] = tfcc.Const {value = dense<[10, 7, 4, 1]> : tensor<4xi64>}
// CHECK-DAG: %[[N:.+]] = tfcc.Range %{{.*}}, %arg0,
// CHECK: return %[[I]], %[[F]], %[[D]], %[[N]]
func.func @range(%n: tensor<i32>) -> (tensor<4xi32>, tensor<4xf32>, tensor<4xi64>, tensor<?xi32>) {
  %z = tfcc.Const {value = dense<0> : tensor<i32>} : tensor<i32>
  %ten = tfcc.Const {value = dense<10> : tensor<i32>} : tensor<i32>
  %three = tfcc.Const {value = dense<3> : tensor<i32>} : tensor<i32>
  %0 = tfcc.Range %z, %ten, %three : (tensor<i32>, tensor<i32>, tensor<i32>) -> tensor<4xi32>
  %f1 = tfcc.Const {value = dense<1.0> : tensor<f32>} : tensor<f32>
  %f2 = tfcc.Const {value = dense<2.0> : tensor<f32>} : tensor<f32>
  %fd = tfcc.Const {value = dense<0.25> : tensor<f32>} : tensor<f32>
  %1 = tfcc.Range %f1, %f2, %fd : (tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
  %l10 = tfcc.Const {value = dense<10> : tensor<i64>} : tensor<i64>
  %l0 = tfcc.Const {value = dense<0> : tensor<i64>} : tensor<i64>
  %lm3 = tfcc.Const {value = dense<-3> : tensor<i64>} : tensor<i64>
  %2 = tfcc.Range %l10, %l0, %lm3 : (tensor<i64>, tensor<i64>, tensor<i64>) -> tensor<4xi64>
  %3 = tfcc.Range %z, %n, %three : (tensor<i32>, tensor<i32>, tensor<i32>) -> tensor<?xi32>
  return %0, %1, %2, %3 : tensor<4xi32>, tensor<4xf32>, tensor<4xi64>, tensor<?xi32>
}

// -----

// TF's Maximum and Minimum propagate NaN from either operand.
// CHECK-LABEL: func.func @max_min_nan
// CHECK: %[[N:.+]] = tfcc.Const {value = dense<0x7FC00000> : tensor<2xf32>}
// CHECK: return %[[N]], %[[N]]
func.func @max_min_nan() -> (tensor<2xf32>, tensor<2xf32>) {
  %a = tfcc.Const {value = dense<[1.0, 0x7FC00000]> : tensor<2xf32>} : tensor<2xf32>
  %b = tfcc.Const {value = dense<[0x7FC00000, 1.0]> : tensor<2xf32>} : tensor<2xf32>
  %0 = tfcc.Maximum %a, %b : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %1 = tfcc.Minimum %a, %b : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %0, %1 : tensor<2xf32>, tensor<2xf32>
}

// -----

// Sin, Cos and Erf of constants fold.
// CHECK-LABEL: func.func @trig_fold
// CHECK-DAG: tfcc.Const {value = dense<0.000000e+00> : tensor<f32>}
// CHECK-DAG: tfcc.Const {value = dense<1.000000e+00> : tensor<f32>}
// CHECK-NOT: tfcc.Sin
// CHECK-NOT: tfcc.Cos
// CHECK-NOT: tfcc.Erf
func.func @trig_fold() -> (tensor<f32>, tensor<f32>, tensor<f32>) {
  %z = tfcc.Const {value = dense<0.0> : tensor<f32>} : tensor<f32>
  %0 = tfcc.Sin %z : (tensor<f32>) -> tensor<f32>
  %1 = tfcc.Cos %z : (tensor<f32>) -> tensor<f32>
  %2 = tfcc.Erf %z : (tensor<f32>) -> tensor<f32>
  return %0, %1, %2 : tensor<f32>, tensor<f32>, tensor<f32>
}
