// RUN: tfcc-opt %s --tfcc-call-kernels | FileCheck %s

#a = affine_map<(i, k, j) -> (i, k)>
#b = affine_map<(i, k, j) -> (k, j)>
#bt = affine_map<(i, k, j) -> (j, k)>
#c = affine_map<(i, k, j) -> (i, j)>

// A product whose B is a constant global (a weight) calls the kernel that
// packs op(B) once, with a packing slot: a zeroed private global, one per
// weight and transposition, shared by every product reading it so. A
// product's slot holds TFCC_MATMUL_SLOT_POINTERS (2) pointers, a filter's one.
// CHECK-DAG: memref.global "private" @__tfcc_packed___constant_w : memref<2xi64> = dense<0> {alignment = 8 : i64}
// CHECK-DAG: memref.global "private" @__tfcc_packed___constant_w_t : memref<2xi64> = dense<0> {alignment = 8 : i64}
// CHECK-DAG: memref.global "private" @__tfcc_packed___constant_f : memref<1xi64> = dense<0> {alignment = 8 : i64}
// CHECK-NOT: @__tfcc_packed___state
// CHECK-LABEL: func @weights
// CHECK-SAME: %[[RT:[a-z0-9]+]]: !llvm.ptr {tfcc.runtime}
// CHECK: %[[S0:.*]] = memref.get_global @__tfcc_packed___constant_w : memref<2xi64>
// CHECK: %[[P0:.*]] = memref.extract_aligned_pointer_as_index %[[S0]]
// CHECK: %[[I0:.*]] = arith.index_cast %[[P0]]
// CHECK: %[[SLOT0:.*]] = llvm.inttoptr %[[I0]]
// CHECK: call @tfcc_rt_matmul_const_b_f32(%[[RT]], %[[SLOT0]], %c8_i64, %c16_i64, %c32_i64, %{{.*}}, %c0_i32, %{{.*}}, %c0_i32
// CHECK: memref.get_global @__tfcc_packed___constant_w : memref<2xi64>
// CHECK: call @tfcc_rt_matmul_const_b_f32(%[[RT]], %{{.*}}, %c8_i64{{.*}}, %c16_i64{{.*}}, %c32_i64
// CHECK: memref.get_global @__tfcc_packed___constant_w_t : memref<2xi64>
// CHECK: call @tfcc_rt_matmul_const_b_f32(%[[RT]], %{{.*}}, %c8_i64{{.*}}, %c32_i64{{.*}}, %c16_i64{{.*}}, %{{.*}}, %c0_i32{{.*}}, %{{.*}}, %c1_i32
// A mutable global is no weight: the plain kernel.
// CHECK: call @tfcc_rt_matmul_f32(%[[RT]], %c8_i64
// CHECK-NOT: tfcc_rt_matmul_const_b_f32(
memref.global "private" constant @__constant_w : memref<32x16xf32> = dense<1.0>
memref.global "private" @__state : memref<32x16xf32> = dense<1.0>
func.func @weights(%x: memref<8x32xf32>, %x2: memref<8x32xf32>, %x3: memref<8x16xf32>,
                   %y: memref<8x16xf32>, %y2: memref<8x16xf32>, %y3: memref<8x32xf32>,
                   %y4: memref<8x16xf32>) {
  %w = memref.get_global @__constant_w : memref<32x16xf32>
  %s = memref.get_global @__state : memref<32x16xf32>
  linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%x, %w : memref<8x32xf32>, memref<32x16xf32>) outs(%y : memref<8x16xf32>) attrs = {tfcc.kernel = "matmul"} {
  ^bb0(%in: f32, %in2: f32, %out: f32):
    %m = arith.mulf %in, %in2 : f32
    %sum = arith.addf %out, %m : f32
    linalg.yield %sum : f32
  }
  linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%x2, %w : memref<8x32xf32>, memref<32x16xf32>) outs(%y2 : memref<8x16xf32>) attrs = {tfcc.kernel = "matmul"} {
  ^bb0(%in: f32, %in2: f32, %out: f32):
    %m = arith.mulf %in, %in2 : f32
    %sum = arith.addf %out, %m : f32
    linalg.yield %sum : f32
  }
  linalg.generic {indexing_maps = [#a, #bt, #c], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%x3, %w : memref<8x16xf32>, memref<32x16xf32>) outs(%y3 : memref<8x32xf32>) attrs = {tfcc.kernel = "matmul"} {
  ^bb0(%in: f32, %in2: f32, %out: f32):
    %m = arith.mulf %in, %in2 : f32
    %sum = arith.addf %out, %m : f32
    linalg.yield %sum : f32
  }
  linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%x, %s : memref<8x32xf32>, memref<32x16xf32>) outs(%y4 : memref<8x16xf32>) attrs = {tfcc.kernel = "matmul"} {
  ^bb0(%in: f32, %in2: f32, %out: f32):
    %m = arith.mulf %in, %in2 : f32
    %sum = arith.addf %out, %m : f32
    linalg.yield %sum : f32
  }
  return
}

// A convolution with a constant filter packs it once too, through its own
// slot; a filter that is an argument goes to the plain kernel.
// CHECK-LABEL: func @conv
// CHECK-SAME: %[[RT:[a-z0-9]+]]: !llvm.ptr {tfcc.runtime}
// CHECK: memref.get_global @__tfcc_packed___constant_f : memref<1xi64>
// CHECK: call @tfcc_rt_conv2d_const_filter_f32(%[[RT]], %{{.*}}, %{{.*}}, %c1_i64
// CHECK: call @tfcc_rt_conv2d_f32(%[[RT]], %{{.*}}, %c1_i64
memref.global "private" constant @__constant_f : memref<3x3x4x8xf32> = dense<1.0>
func.func @conv(%x: memref<1x10x10x4xf32>, %f: memref<3x3x4x8xf32>, %y: memref<1x8x8x8xf32>,
                %y2: memref<1x8x8x8xf32>) {
  %w = memref.get_global @__constant_f : memref<3x3x4x8xf32>
  linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x, %w : memref<1x10x10x4xf32>, memref<3x3x4x8xf32>) outs(%y : memref<1x8x8x8xf32>) {tfcc.kernel = "conv2d"}
  linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x, %f : memref<1x10x10x4xf32>, memref<3x3x4x8xf32>) outs(%y2 : memref<1x8x8x8xf32>) {tfcc.kernel = "conv2d"}
  return
}
