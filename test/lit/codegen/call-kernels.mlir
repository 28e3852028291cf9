// RUN: tfcc-opt %s --tfcc-call-kernels | FileCheck %s

#a = affine_map<(i, k, j) -> (i, k)>
#b = affine_map<(i, k, j) -> (k, j)>
#bt = affine_map<(i, k, j) -> (j, k)>
#c = affine_map<(i, k, j) -> (i, j)>
#id = affine_map<(i, j) -> (i, j)>
#col = affine_map<(i, j) -> (j)>

// The marked product becomes a kernel call; the bias + Relu epilogue is
// folded into it (bias pointer, activation 1) and writes the epilogue's
// buffer; the zero fill goes away. The runtime context is a new argument.
// CHECK-LABEL: func @dense_relu
// CHECK-SAME: %[[RT:[a-z0-9]+]]: !llvm.ptr {tfcc.runtime}
// CHECK-NOT: linalg.fill
// CHECK: %[[RELU:.*]] = arith.constant 1 : i32
// CHECK: call @tfcc_rt_matmul_f32(%[[RT]], %c8_i64, %c16_i64, %c32_i64, %{{.*}}, %c0_i32, %{{.*}}, %c0_i32{{.*}}, %{{.*}}, %[[RELU]], %{{.*}})
// CHECK-NOT: linalg.generic
func.func @dense_relu(%x: memref<8x32xf32>, %w: memref<32x16xf32>, %bias: memref<16xf32>, %y: memref<8x16xf32>) {
  %zero = arith.constant 0.0 : f32
  %t = memref.alloc() : memref<8x16xf32>
  linalg.fill ins(%zero : f32) outs(%t : memref<8x16xf32>)
  linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%x, %w : memref<8x32xf32>, memref<32x16xf32>) outs(%t : memref<8x16xf32>) attrs = {tfcc.kernel = "matmul"} {
  ^bb0(%in: f32, %in2: f32, %out: f32):
    %m = arith.mulf %in, %in2 : f32
    %s = arith.addf %out, %m : f32
    linalg.yield %s : f32
  }
  linalg.generic {indexing_maps = [#id, #col, #id], iterator_types = ["parallel", "parallel"]}
      ins(%t, %bias : memref<8x16xf32>, memref<16xf32>) outs(%y : memref<8x16xf32>) {
  ^bb0(%in: f32, %bb: f32, %out: f32):
    %s = arith.addf %in, %bb : f32
    %r = arith.maximumf %s, %zero : f32
    linalg.yield %r : f32
  }
  return
}

// A transposed B is passed as such; an epilogue that is not bias+activation
// (here a multiply) stays generated code.
// CHECK-LABEL: func @transposed_no_epilogue
// CHECK: llvm.mlir.zero
// CHECK: call @tfcc_rt_matmul_f32(%{{.*}}, %c8_i64, %c16_i64, %c32_i64, %{{.*}}, %c0_i32, %{{.*}}, %c1_i32, %{{.*}}, %c0_i32{{.*}}, %{{.*}})
// CHECK: linalg.generic
// CHECK: arith.mulf
func.func @transposed_no_epilogue(%x: memref<8x32xf32>, %w: memref<16x32xf32>, %s: memref<16xf32>, %y: memref<8x16xf32>) {
  %zero = arith.constant 0.0 : f32
  %t = memref.alloc() : memref<8x16xf32>
  linalg.fill ins(%zero : f32) outs(%t : memref<8x16xf32>)
  linalg.generic {indexing_maps = [#a, #bt, #c], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%x, %w : memref<8x32xf32>, memref<16x32xf32>) outs(%t : memref<8x16xf32>) attrs = {tfcc.kernel = "matmul"} {
  ^bb0(%in: f32, %in2: f32, %out: f32):
    %m = arith.mulf %in, %in2 : f32
    %sum = arith.addf %out, %m : f32
    linalg.yield %sum : f32
  }
  linalg.generic {indexing_maps = [#id, #col, #id], iterator_types = ["parallel", "parallel"]}
      ins(%t, %s : memref<8x16xf32>, memref<16xf32>) outs(%y : memref<8x16xf32>) {
  ^bb0(%in: f32, %bb: f32, %out: f32):
    %p = arith.mulf %in, %bb : f32
    linalg.yield %p : f32
  }
  return
}
