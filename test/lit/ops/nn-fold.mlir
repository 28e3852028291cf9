// RUN: tfcc-opt --split-input-file --tfcc-fold-constants %s | FileCheck %s

// Folders of the activations (NNOps.td), rounded to the result's f32.

// CHECK-LABEL: func.func @relu
// CHECK-DAG: %[[RELU:.+]] = tfcc.Const {value = dense<[0.000000e+00, 0.000000e+00, 2.500000e+00, 7.000000e+00]> : tensor<4xf32>}
// CHECK-DAG: %[[RELU6:.+]] = tfcc.Const {value = dense<[0.000000e+00, 0.000000e+00, 2.500000e+00, 6.000000e+00]> : tensor<4xf32>}
// CHECK-DAG: %[[IRELU:.+]] = tfcc.Const {value = dense<[0, 4]> : tensor<2xi32>}
// CHECK-DAG: %[[IRELU6:.+]] = tfcc.Const {value = dense<[0, 6]> : tensor<2xi64>}
// CHECK: return %[[RELU]], %[[RELU6]], %[[IRELU]], %[[IRELU6]]
func.func @relu() -> (tensor<4xf32>, tensor<4xf32>, tensor<2xi32>, tensor<2xi64>) {
  %x = tfcc.Const {value = dense<[-1.0, 0.0, 2.5, 7.0]> : tensor<4xf32>} : tensor<4xf32>
  %0 = tfcc.Relu %x : (tensor<4xf32>) -> tensor<4xf32>
  %1 = tfcc.Relu6 %x : (tensor<4xf32>) -> tensor<4xf32>
  %i = tfcc.Const {value = dense<[-3, 4]> : tensor<2xi32>} : tensor<2xi32>
  %2 = tfcc.Relu %i : (tensor<2xi32>) -> tensor<2xi32>
  %j = tfcc.Const {value = dense<[-3, 9]> : tensor<2xi64>} : tensor<2xi64>
  %3 = tfcc.Relu6 %j : (tensor<2xi64>) -> tensor<2xi64>
  return %0, %1, %2, %3 : tensor<4xf32>, tensor<4xf32>, tensor<2xi32>, tensor<2xi64>
}

// -----

// Elu: expm1(x) below 0; Selu: scale * (x or alpha * expm1(x)) with
// alpha = 1.6732632, scale = 1.0507010; Softplus: log(1 + exp(x)).
// CHECK-LABEL: func.func @smooth
// CHECK-DAG: %[[ELU:.+]] = tfcc.Const {value = dense<[0.000000e+00, 1.000000e+00, -0.632120549]> : tensor<3xf32>}
// CHECK-DAG: %[[SELU:.+]] = tfcc.Const {value = dense<[0.000000e+00, 1.05070102, -1.11133075]> : tensor<3xf32>}
// CHECK-DAG: %[[SOFTPLUS:.+]] = tfcc.Const {value = dense<[0.693147182, 1.31326163, 0.313261688]> : tensor<3xf32>}
// CHECK: return %[[ELU]], %[[SELU]], %[[SOFTPLUS]]
func.func @smooth() -> (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) {
  %x = tfcc.Const {value = dense<[0.0, 1.0, -1.0]> : tensor<3xf32>} : tensor<3xf32>
  %0 = tfcc.Elu %x : (tensor<3xf32>) -> tensor<3xf32>
  %1 = tfcc.Selu %x : (tensor<3xf32>) -> tensor<3xf32>
  %2 = tfcc.Softplus %x : (tensor<3xf32>) -> tensor<3xf32>
  return %0, %1, %2 : tensor<3xf32>, tensor<3xf32>, tensor<3xf32>
}

// -----

// LeakyRelu scales negatives by alpha (default 0.2).
// CHECK-LABEL: func.func @leaky_relu
// CHECK-DAG: %[[D:.+]] = tfcc.Const {value = dense<[-4.000000e-01, 3.000000e+00]> : tensor<2xf32>}
// CHECK-DAG: %[[A:.+]] = tfcc.Const {value = dense<[-1.000000e+00, 3.000000e+00]> : tensor<2xf32>}
// CHECK: return %[[D]], %[[A]]
func.func @leaky_relu() -> (tensor<2xf32>, tensor<2xf32>) {
  %x = tfcc.Const {value = dense<[-2.0, 3.0]> : tensor<2xf32>} : tensor<2xf32>
  %0 = tfcc.LeakyRelu %x : (tensor<2xf32>) -> tensor<2xf32>
  %1 = tfcc.LeakyRelu %x {alpha = 0.5 : f32} : (tensor<2xf32>) -> tensor<2xf32>
  return %0, %1 : tensor<2xf32>, tensor<2xf32>
}

// -----

// CHECK-LABEL: func.func @not_constant
// CHECK: tfcc.Relu %arg0
// CHECK: tfcc.LeakyRelu %arg0
func.func @not_constant(%x: tensor<2xf32>) -> (tensor<2xf32>, tensor<2xf32>) {
  %0 = tfcc.Relu %x : (tensor<2xf32>) -> tensor<2xf32>
  %1 = tfcc.LeakyRelu %x : (tensor<2xf32>) -> tensor<2xf32>
  return %0, %1 : tensor<2xf32>, tensor<2xf32>
}
