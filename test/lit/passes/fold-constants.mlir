// RUN: tfcc-opt --split-input-file --tfcc-fold-constants %s | FileCheck %s

// Shape arithmetic of static shapes becomes constants.
// CHECK-LABEL: func.func @shapes
// CHECK-DAG: %[[S:.+]] = tfcc.Const {value = dense<[3, 4]> : tensor<2xi32>}
// CHECK-DAG: %[[N:.+]] = tfcc.Const {value = dense<12> : tensor<i32>}
// CHECK: return %[[S]], %[[N]]
func.func @shapes(%x: tensor<3x4xf32>) -> (tensor<2xi32>, tensor<i32>) {
  %0 = tfcc.Shape %x : (tensor<3x4xf32>) -> tensor<2xi32>
  %1 = tfcc.Size %x : (tensor<3x4xf32>) -> tensor<i32>
  return %0, %1 : tensor<2xi32>, tensor<i32>
}

// -----

// TF's gradient graphs: the axes to reduce to undo broadcasting.
// CHECK-LABEL: func.func @bga
// CHECK-DAG: tfcc.Const {value = dense<> : tensor<0xi32>}
// CHECK-DAG: tfcc.Const {value = dense<0> : tensor<1xi32>}
func.func @bga() -> (tensor<0xi32>, tensor<1xi32>) {
  %a = tfcc.Const {value = dense<[8, 10]> : tensor<2xi32>} : tensor<2xi32>
  %b = tfcc.Const {value = dense<[10]> : tensor<1xi32>} : tensor<1xi32>
  %r0, %r1 = tfcc.BroadcastGradientArgs %a, %b : (tensor<2xi32>, tensor<1xi32>) -> (tensor<0xi32>, tensor<1xi32>)
  return %r0, %r1 : tensor<0xi32>, tensor<1xi32>
}

// -----

// Elementwise ops on constants fold, with broadcasting.
// CHECK-LABEL: func.func @elementwise
// CHECK: %[[C:.+]] = tfcc.Const {value = dense<[3.000000e+00, 5.000000e+00]> : tensor<2xf32>}
// CHECK-NEXT: return %[[C]]
func.func @elementwise() -> tensor<2xf32> {
  %a = tfcc.Const {value = dense<[1.0, 2.0]> : tensor<2xf32>} : tensor<2xf32>
  %b = tfcc.Const {value = dense<2.0> : tensor<f32>} : tensor<f32>
  %m = tfcc.Mul %a, %b : (tensor<2xf32>, tensor<f32>) -> tensor<2xf32>
  %c = tfcc.Const {value = dense<1.0> : tensor<f32>} : tensor<f32>
  %r = tfcc.AddV2 %m, %c : (tensor<2xf32>, tensor<f32>) -> tensor<2xf32>
  return %r : tensor<2xf32>
}
