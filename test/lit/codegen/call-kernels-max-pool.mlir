// RUN: tfcc-opt %s --tfcc-call-kernels | FileCheck %s

#id = affine_map<(n, y, x, c) -> (n, y, x, c)>
#ch = affine_map<(n, y, x, c) -> (c)>
#in2 = affine_map<(n, y, x, c, ky, kx) -> (n, y * 2 + ky, x * 2 + kx, c)>
#in3x2 = affine_map<(n, y, x, c, ky, kx) -> (n, y * 3 + ky, x * 2 + kx, c)>
#win = affine_map<(n, y, x, c, ky, kx) -> (ky, kx)>
#out = affine_map<(n, y, x, c, ky, kx) -> (n, y, x, c)>

memref.global "private" constant @__constant_f : memref<3x3x1x16xf32> = dense<1.0>

// Convolution, bias + ReLU, then a 2x2 max-pool of stride 2 as the lowering
// builds it (the output filled with the lowest finite float, maxnumf over
// the window): one call of the fused kernel, the filter's packing slot,
// the pool's window and output sizes, the pool's buffer as output. The
// convolution's result is never stored; the fills and generics go away.
// CHECK-LABEL: func @conv_relu_pool
// CHECK-SAME: %[[RT:[a-z0-9]+]]: !llvm.ptr {tfcc.runtime}
// CHECK: memref.get_global @__tfcc_packed___constant_f
// CHECK: %[[POOLED:.*]] = memref.alloc() : memref<2x4x4x16xf32>
// CHECK: %[[OUT:.*]] = memref.extract_aligned_pointer_as_index %[[POOLED]]
// CHECK: %[[OUTI:.*]] = arith.index_cast %[[OUT]]
// CHECK: %[[OUTP:.*]] = llvm.inttoptr %[[OUTI]]
// CHECK: call @tfcc_rt_conv2d_max_pool_f32(%[[RT]], %{{.*}}, %{{.*}}, %c2_i64{{[_0-9]*}}, %c10_i64{{[_0-9]*}}, %c10_i64{{[_0-9]*}}, %c1_i64{{[_0-9]*}}, %{{.*}}, %c3_i64{{[_0-9]*}}, %c3_i64{{[_0-9]*}}, %c16_i64{{[_0-9]*}}, %c8_i64{{[_0-9]*}}, %c8_i64{{[_0-9]*}}, %c1_i64{{[_0-9]*}}, %c1_i64{{[_0-9]*}}, %c1_i64{{[_0-9]*}}, %c1_i64{{[_0-9]*}}, %c0_i64{{[_0-9]*}}, %c0_i64{{[_0-9]*}}, %{{.*}}, %c1_i32{{[_0-9]*}}, %c2_i64{{[_0-9]*}}, %c2_i64{{[_0-9]*}}, %c2_i64{{[_0-9]*}}, %c2_i64{{[_0-9]*}}, %c4_i64{{[_0-9]*}}, %c4_i64{{[_0-9]*}}, %[[OUTP]])
// CHECK-NOT: linalg.
// CHECK: return %[[POOLED]]
func.func @conv_relu_pool(%x: memref<2x10x10x1xf32>, %bias: memref<16xf32>) -> memref<2x4x4x16xf32> {
  %zero = arith.constant 0.0 : f32
  %lowest = arith.constant -3.40282347E+38 : f32
  %w = memref.get_global @__constant_f : memref<3x3x1x16xf32>
  %conv = memref.alloc() : memref<2x8x8x16xf32>
  linalg.fill ins(%zero : f32) outs(%conv : memref<2x8x8x16xf32>)
  linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x, %w : memref<2x10x10x1xf32>, memref<3x3x1x16xf32>) outs(%conv : memref<2x8x8x16xf32>) {tfcc.kernel = "conv2d"}
  %relu = memref.alloc() : memref<2x8x8x16xf32>
  linalg.generic {indexing_maps = [#id, #ch, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%conv, %bias : memref<2x8x8x16xf32>, memref<16xf32>) outs(%relu : memref<2x8x8x16xf32>) {
  ^bb0(%in: f32, %b: f32, %o: f32):
    %s = arith.addf %in, %b : f32
    %r = arith.maximumf %s, %zero : f32
    linalg.yield %r : f32
  }
  %window = memref.alloc() : memref<2x2xf32>
  %pooled = memref.alloc() : memref<2x4x4x16xf32>
  linalg.fill ins(%lowest : f32) outs(%pooled : memref<2x4x4x16xf32>)
  linalg.generic {indexing_maps = [#in2, #win, #out], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]}
      ins(%relu, %window : memref<2x8x8x16xf32>, memref<2x2xf32>) outs(%pooled : memref<2x4x4x16xf32>) {
  ^bb0(%in: f32, %k: f32, %o: f32):
    %m = arith.maxnumf %o, %in : f32
    linalg.yield %m : f32
  }
  return %pooled : memref<2x4x4x16xf32>
}

// Without an epilogue and with a filter that is an argument: no bias, no
// slot. Windows 3 rows high every 3 rows and 2 wide every 2 (unequal
// strides).
// CHECK-LABEL: func @conv_pool_plain_filter
// CHECK: %[[NOSLOT:.*]] = llvm.mlir.zero : !llvm.ptr
// CHECK: call @tfcc_rt_conv2d_max_pool_f32(%{{.*}}, %[[NOSLOT]], {{.*}}, %c0_i32{{[_0-9]*}}, %c3_i64{{[_0-9]*}}, %c2_i64{{[_0-9]*}}, %c3_i64{{[_0-9]*}}, %c2_i64{{[_0-9]*}}, %c2_i64{{[_0-9]*}}, %c4_i64{{[_0-9]*}}, %{{.*}})
// CHECK-NOT: linalg.
func.func @conv_pool_plain_filter(%x: memref<1x8x10x1xf32>, %f: memref<3x3x1x16xf32>, %pooled: memref<1x2x4x16xf32>) {
  %zero = arith.constant 0.0 : f32
  %lowest = arith.constant -3.40282347E+38 : f32
  %conv = memref.alloc() : memref<1x6x8x16xf32>
  linalg.fill ins(%zero : f32) outs(%conv : memref<1x6x8x16xf32>)
  linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x, %f : memref<1x8x10x1xf32>, memref<3x3x1x16xf32>) outs(%conv : memref<1x6x8x16xf32>) {tfcc.kernel = "conv2d"}
  %window = memref.alloc() : memref<3x2xf32>
  linalg.fill ins(%lowest : f32) outs(%pooled : memref<1x2x4x16xf32>)
  linalg.generic {indexing_maps = [#in3x2, #win, #out], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]}
      ins(%conv, %window : memref<1x6x8x16xf32>, memref<3x2xf32>) outs(%pooled : memref<1x2x4x16xf32>) {
  ^bb0(%in: f32, %k: f32, %o: f32):
    %m = arith.maxnumf %o, %in : f32
    linalg.yield %m : f32
  }
  return
}

// Not fused: windows 3 rows high every 2 rows (each convolution row would
// be computed for two windows), a pool starting from -inf (not TF's rule,
// not the kernel's), and a convolution result read by something else too.
// CHECK-LABEL: func @not_fused
// CHECK-NOT: tfcc_rt_conv2d_max_pool_f32
// CHECK: call @tfcc_rt_conv2d_f32
// CHECK: linalg.generic
// CHECK: call @tfcc_rt_conv2d_f32
// CHECK: linalg.generic
// CHECK: call @tfcc_rt_conv2d_f32
// CHECK: linalg.generic
// CHECK: memref.copy
// CHECK-NOT: tfcc_rt_conv2d_max_pool_f32
#in3s2 = affine_map<(n, y, x, c, ky, kx) -> (n, y * 2 + ky, x * 2 + kx, c)>
func.func @not_fused(%x: memref<1x9x9x1xf32>, %f: memref<3x3x1x16xf32>,
                     %p1: memref<1x3x3x16xf32>, %p2: memref<1x3x3x16xf32>,
                     %p3: memref<1x3x3x16xf32>, %keep: memref<1x7x7x16xf32>) {
  %zero = arith.constant 0.0 : f32
  %lowest = arith.constant -3.40282347E+38 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %w3 = memref.alloc() : memref<3x3xf32>
  %w2 = memref.alloc() : memref<2x2xf32>
  %c1 = memref.alloc() : memref<1x7x7x16xf32>
  linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x, %f : memref<1x9x9x1xf32>, memref<3x3x1x16xf32>) outs(%c1 : memref<1x7x7x16xf32>) {tfcc.kernel = "conv2d"}
  linalg.fill ins(%lowest : f32) outs(%p1 : memref<1x3x3x16xf32>)
  linalg.generic {indexing_maps = [#in3s2, #win, #out], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]}
      ins(%c1, %w3 : memref<1x7x7x16xf32>, memref<3x3xf32>) outs(%p1 : memref<1x3x3x16xf32>) {
  ^bb0(%in: f32, %k: f32, %o: f32):
    %m = arith.maxnumf %o, %in : f32
    linalg.yield %m : f32
  }
  %c2 = memref.alloc() : memref<1x7x7x16xf32>
  linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x, %f : memref<1x9x9x1xf32>, memref<3x3x1x16xf32>) outs(%c2 : memref<1x7x7x16xf32>) {tfcc.kernel = "conv2d"}
  linalg.fill ins(%ninf : f32) outs(%p2 : memref<1x3x3x16xf32>)
  linalg.generic {indexing_maps = [#in2, #win, #out], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]}
      ins(%c2, %w2 : memref<1x7x7x16xf32>, memref<2x2xf32>) outs(%p2 : memref<1x3x3x16xf32>) {
  ^bb0(%in: f32, %k: f32, %o: f32):
    %m = arith.maxnumf %o, %in : f32
    linalg.yield %m : f32
  }
  %c3 = memref.alloc() : memref<1x7x7x16xf32>
  linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x, %f : memref<1x9x9x1xf32>, memref<3x3x1x16xf32>) outs(%c3 : memref<1x7x7x16xf32>) {tfcc.kernel = "conv2d"}
  linalg.fill ins(%lowest : f32) outs(%p3 : memref<1x3x3x16xf32>)
  linalg.generic {indexing_maps = [#in2, #win, #out], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]}
      ins(%c3, %w2 : memref<1x7x7x16xf32>, memref<2x2xf32>) outs(%p3 : memref<1x3x3x16xf32>) {
  ^bb0(%in: f32, %k: f32, %o: f32):
    %m = arith.maxnumf %o, %in : f32
    linalg.yield %m : f32
  }
  memref.copy %c3, %keep : memref<1x7x7x16xf32> to memref<1x7x7x16xf32>
  return
}
