// RUN: tfcc-opt %s --tfcc-lower-to-linalg | FileCheck %s

// Broadcasting lives in the indexing maps: missing leading dims are dropped,
// size-1 dims read index 0.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[X:.*]] = affine_map<(d0, d1, d2) -> (d0, 0, d2)>
// CHECK-DAG: #[[Y:.*]] = affine_map<(d0, d1, d2) -> (d1, 0)>
// CHECK-DAG: #[[C:.*]] = affine_map<(d0, d1, d2, d3) -> (d3)>
// CHECK-LABEL: func @broadcast
// CHECK: linalg.generic {indexing_maps = [#[[X]], #[[Y]], #[[ID]]], iterator_types = ["parallel", "parallel", "parallel"]}
// CHECK: arith.addf
func.func @broadcast(%x: tensor<4x1x3xf32>, %y: tensor<5x1xf32>) -> tensor<4x5x3xf32> {
  %0 = tfcc.AddV2 %x, %y : (tensor<4x1x3xf32>, tensor<5x1xf32>) -> tensor<4x5x3xf32>
  return %0 : tensor<4x5x3xf32>
}

// Integer division truncates (Div) or floors (FloorDiv), as in TF.
// CHECK-LABEL: func @int_div
// CHECK: arith.divsi
// CHECK: arith.floordivsi
func.func @int_div(%x: tensor<4xi32>, %y: tensor<4xi32>) -> (tensor<4xi32>, tensor<4xi32>) {
  %0 = tfcc.Div %x, %y : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %1 = tfcc.FloorDiv %x, %y : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  return %0, %1 : tensor<4xi32>, tensor<4xi32>
}

// NotEqual is unordered so that NaN != NaN.
// CHECK-LABEL: func @not_equal
// CHECK: arith.cmpf une
func.func @not_equal(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xi1> {
  %0 = tfcc.NotEqual %x, %y : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// Round is half-to-even; Cast to bool compares with zero.
// CHECK-LABEL: func @round_cast
// CHECK: math.roundeven
// CHECK: arith.cmpf une
func.func @round_cast(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xi1>) {
  %0 = tfcc.Round %x : (tensor<4xf32>) -> tensor<4xf32>
  %1 = tfcc.Cast %x {DstT = i1} : (tensor<4xf32>) -> tensor<4xi1>
  return %0, %1 : tensor<4xf32>, tensor<4xi1>
}

// BiasAdd runs along the last dim (NHWC).
// CHECK-LABEL: func @bias
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #[[C]], #{{.*}}]
func.func @bias(%x: tensor<1x2x2x3xf32>, %b: tensor<3xf32>) -> tensor<1x2x2x3xf32> {
  %0 = tfcc.BiasAdd %x, %b : (tensor<1x2x2x3xf32>, tensor<3xf32>) -> tensor<1x2x2x3xf32>
  return %0 : tensor<1x2x2x3xf32>
}
