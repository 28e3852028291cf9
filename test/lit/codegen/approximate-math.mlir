// RUN: tfcc-opt %s --tfcc-approximate-math -split-input-file | FileCheck %s

// The f32 ops become branch-free arithmetic: no libm call is left for them.
// CHECK-LABEL: func @f32_ops
// CHECK-NOT: math.exp
// CHECK-NOT: math.expm1
// CHECK-NOT: math.log
// CHECK-NOT: math.log1p
// CHECK-NOT: math.log2
// CHECK-NOT: math.tanh
// CHECK-NOT: math.erf
// CHECK: arith.bitcast
// CHECK: return
func.func @f32_ops(%x: f32) -> (f32, f32, f32, f32, f32, f32, f32) {
  %0 = math.exp %x : f32
  %1 = math.expm1 %x : f32
  %2 = math.log %x : f32
  %3 = math.log1p %x : f32
  %4 = math.log2 %x : f32
  %5 = math.tanh %x : f32
  %6 = math.erf %x : f32
  return %0, %1, %2, %3, %4, %5, %6 : f32, f32, f32, f32, f32, f32, f32
}

// -----

// f64 keeps libm's accuracy; sin and cos are not approximated.
// CHECK-LABEL: func @kept
// CHECK: math.exp %{{.*}} : f64
// CHECK: math.tanh %{{.*}} : f64
// CHECK: math.log %{{.*}} : f64
// CHECK: math.sin %{{.*}} : f32
// CHECK: math.cos %{{.*}} : f32
func.func @kept(%x: f64, %y: f32) -> (f64, f64, f64, f32, f32) {
  %0 = math.exp %x : f64
  %1 = math.tanh %x : f64
  %2 = math.log %x : f64
  %3 = math.sin %y : f32
  %4 = math.cos %y : f32
  return %0, %1, %2, %3, %4 : f64, f64, f64, f32, f32
}

// -----

// Inside a linalg body (the sigmoid of the lowering), on buffers.
// CHECK-LABEL: func @sigmoid
// CHECK: linalg.generic
// CHECK-NOT: math.exp
// CHECK: arith.divf
// CHECK: linalg.yield
func.func @sigmoid(%x: memref<64xf32>, %y: memref<64xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>],
                  iterator_types = ["parallel"]} ins(%x : memref<64xf32>) outs(%y : memref<64xf32>) {
  ^bb0(%in: f32, %out: f32):
    %one = arith.constant 1.0 : f32
    %n = arith.negf %in : f32
    %e = math.exp %n : f32
    %d = arith.addf %one, %e : f32
    %s = arith.divf %one, %d : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// Vector operands are approximated too.
// CHECK-LABEL: func @vector
// CHECK-NOT: math.tanh
// CHECK: return
func.func @vector(%x: vector<8xf32>) -> vector<8xf32> {
  %0 = math.tanh %x : vector<8xf32>
  return %0 : vector<8xf32>
}

// -----

// Ops on tensors and on narrower floats are left as they are.
// CHECK-LABEL: func @left_alone
// CHECK: math.exp %{{.*}} : tensor<4xf32>
// CHECK: math.tanh %{{.*}} : f16
// CHECK: math.erf %{{.*}} : bf16
func.func @left_alone(%x: tensor<4xf32>, %y: f16, %z: bf16) -> (tensor<4xf32>, f16, bf16) {
  %0 = math.exp %x : tensor<4xf32>
  %1 = math.tanh %y : f16
  %2 = math.erf %z : bf16
  return %0, %1, %2 : tensor<4xf32>, f16, bf16
}
