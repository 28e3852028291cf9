// RUN: tfcc-opt %s --tfcc-lower-to-linalg | FileCheck %s

// Loops run (i, k, j) so the innermost loop walks rows of B and C; transposes
// only change the maps. Large f32 products are marked for the runtime kernel.

// CHECK-DAG: #[[A:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG: #[[B:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #[[C:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[AT:.*]] = affine_map<(d0, d1, d2) -> (d1, d0)>
// CHECK-DAG: #[[BT:.*]] = affine_map<(d0, d1, d2) -> (d2, d1)>

// CHECK-LABEL: func @small
// CHECK: linalg.fill
// CHECK: linalg.generic {indexing_maps = [#[[A]], #[[B]], #[[C]]], iterator_types = ["parallel", "reduction", "parallel"]}
// CHECK-NOT: tfcc.kernel
// CHECK: arith.mulf
// CHECK: arith.addf
func.func @small(%a: tensor<2x4xf32>, %b: tensor<4x3xf32>) -> tensor<2x3xf32> {
  %0 = tfcc.MatMul %a, %b : (tensor<2x4xf32>, tensor<4x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// CHECK-LABEL: func @transposed
// CHECK: linalg.generic {indexing_maps = [#[[AT]], #[[BT]], #[[C]]]
func.func @transposed(%a: tensor<4x2xf32>, %b: tensor<3x4xf32>) -> tensor<2x3xf32> {
  %0 = tfcc.MatMul %a, %b {transpose_a = true, transpose_b = true} : (tensor<4x2xf32>, tensor<3x4xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// CHECK-LABEL: func @large
// CHECK: linalg.generic {{.*}}tfcc.kernel = "matmul"
func.func @large(%a: tensor<64x784xf32>, %b: tensor<784x512xf32>) -> tensor<64x512xf32> {
  %0 = tfcc.MatMul %a, %b : (tensor<64x784xf32>, tensor<784x512xf32>) -> tensor<64x512xf32>
  return %0 : tensor<64x512xf32>
}

// A large batch-1 product calls the kernel (its streaming GEMV path)...
// CHECK-LABEL: func @gemv
// CHECK: linalg.generic {{.*}}tfcc.kernel = "matmul"
func.func @gemv(%a: tensor<1x784xf32>, %b: tensor<784x512xf32>) -> tensor<1x512xf32> {
  %0 = tfcc.MatMul %a, %b : (tensor<1x784xf32>, tensor<784x512xf32>) -> tensor<1x512xf32>
  return %0 : tensor<1x512xf32>
}

// ...also with a transposed right operand, which the generated loops would
// read with a stride of a row.
// CHECK-LABEL: func @gemv_transposed
// CHECK: linalg.generic {{.*}}tfcc.kernel = "matmul"
func.func @gemv_transposed(%a: tensor<1x784xf32>, %b: tensor<512x784xf32>) -> tensor<1x512xf32> {
  %0 = tfcc.MatMul %a, %b {transpose_b = true} : (tensor<1x784xf32>, tensor<512x784xf32>) -> tensor<1x512xf32>
  return %0 : tensor<1x512xf32>
}

// Batch dims broadcast: B's batch of 1 is read at index 0.
// CHECK-LABEL: func @batched
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #[[BB:.*]], #{{.*}}], iterator_types = ["parallel", "parallel", "reduction", "parallel"]}
func.func @batched(%a: tensor<3x2x4xf32>, %b: tensor<1x4x5xf32>) -> tensor<3x2x5xf32> {
  %0 = tfcc.BatchMatMulV2 %a, %b : (tensor<3x2x4xf32>, tensor<1x4x5xf32>) -> tensor<3x2x5xf32>
  return %0 : tensor<3x2x5xf32>
}
