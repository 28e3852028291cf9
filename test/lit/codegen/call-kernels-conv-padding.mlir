// RUN: tfcc-opt %s --tfcc-call-kernels | FileCheck %s

// The lowering pads a convolution's input (SAME) into a zero-filled buffer;
// the kernel call reads the unpadded input instead, with the padding as
// its pad_top / pad_left arguments, and the padded copy is never made.
// CHECK-LABEL: func @same_padding
// CHECK-SAME: (%[[X:[a-z0-9]+]]: memref<2x8x8x3xf32>
// CHECK-NOT: linalg.map
// CHECK-NOT: memref.copy
// CHECK: %[[XP:.*]] = memref.extract_aligned_pointer_as_index %[[X]]
// CHECK: call @tfcc_rt_conv2d_f32(%{{.*}}, %{{.*}}, %c2_i64, %c8_i64, %c8_i64{{[_0-9]*}}, %c3_i64, %{{.*}}, %c3_i64{{[_0-9]*}}, %c3_i64{{[_0-9]*}}, %c16_i64, %c8_i64{{[_0-9]*}}, %c8_i64{{[_0-9]*}}, %c1_i64{{[_0-9]*}}, %c1_i64{{[_0-9]*}}, %c1_i64{{[_0-9]*}}, %c1_i64{{[_0-9]*}}, %c1_i64{{[_0-9]*}}, %c2_i64{{[_0-9]*}}, %{{.*}}, %c0_i32, %{{.*}})
// CHECK-NOT: linalg.map
// CHECK-NOT: memref.copy
func.func @same_padding(%x: memref<2x8x8x3xf32>, %f: memref<3x3x3x16xf32>, %y: memref<2x8x8x16xf32>) {
  %zero = arith.constant 0.0 : f32
  %padded = memref.alloc() : memref<2x10x12x3xf32>
  linalg.map outs(%padded : memref<2x10x12x3xf32>)
    (%init: f32) {
      linalg.yield %zero : f32
    }
  %interior = memref.subview %padded[0, 1, 2, 0] [2, 8, 8, 3] [1, 1, 1, 1]
      : memref<2x10x12x3xf32> to memref<2x8x8x3xf32, strided<[360, 36, 3, 1], offset: 42>>
  memref.copy %x, %interior : memref<2x8x8x3xf32> to memref<2x8x8x3xf32, strided<[360, 36, 3, 1], offset: 42>>
  linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%padded, %f : memref<2x10x12x3xf32>, memref<3x3x3x16xf32>) outs(%y : memref<2x8x8x16xf32>) {tfcc.kernel = "conv2d"}
  return
}

// Kept: a padding value other than +0 (the kernels pad with zeros), an
// input written after it was copied (the call would read the new values),
// a call between the copy and the convolution (it may write the input
// through a pointer), and an input with a view (writes through it are not
// followed).
// CHECK-LABEL: func @kept
// CHECK: linalg.map
// CHECK: memref.copy
// CHECK: call @tfcc_rt_conv2d_f32(%{{.*}}, %{{.*}}, %c1_i64, %c10_i64, %c10_i64{{[_0-9]*}}, %c3_i64{{.*}}, %c0_i64{{[_0-9]*}}, %c0_i64{{[_0-9]*}}, %{{.*}}, %c0_i32, %{{.*}})
// CHECK: linalg.map
// CHECK: memref.copy
// CHECK: linalg.fill
// CHECK: call @tfcc_rt_conv2d_f32(%{{.*}}, %{{.*}}, %c1_i64{{[_0-9]*}}, %c10_i64{{[_0-9]*}}, %c10_i64{{[_0-9]*}}, %c3_i64{{.*}}, %c0_i64{{[_0-9]*}}, %c0_i64{{[_0-9]*}}, %{{.*}}, %c0_i32{{[_0-9]*}}, %{{.*}})
// CHECK: linalg.map
// CHECK: memref.copy
// CHECK: call @opaque
// CHECK: call @tfcc_rt_conv2d_f32(%{{.*}}, %{{.*}}, %c1_i64{{[_0-9]*}}, %c10_i64{{[_0-9]*}}, %c10_i64{{[_0-9]*}}, %c3_i64{{.*}}, %c0_i64{{[_0-9]*}}, %c0_i64{{[_0-9]*}}, %{{.*}}, %c0_i32{{[_0-9]*}}, %{{.*}})
// CHECK: linalg.map
// CHECK: memref.copy
// CHECK: call @tfcc_rt_conv2d_f32(%{{.*}}, %{{.*}}, %c1_i64{{[_0-9]*}}, %c10_i64{{[_0-9]*}}, %c10_i64{{[_0-9]*}}, %c3_i64{{.*}}, %c0_i64{{[_0-9]*}}, %c0_i64{{[_0-9]*}}, %{{.*}}, %c0_i32{{[_0-9]*}}, %{{.*}})
func.func private @opaque()
func.func @kept(%x: memref<1x8x8x3xf32>, %f: memref<3x3x3x16xf32>, %y: memref<1x8x8x16xf32>,
                %y2: memref<1x8x8x16xf32>, %y3: memref<1x8x8x16xf32>, %y4: memref<1x8x8x16xf32>,
                %x4: memref<1x8x8x3xf32>) {
  %zero = arith.constant 0.0 : f32
  %negzero = arith.constant -0.0 : f32
  %p1 = memref.alloc() : memref<1x10x10x3xf32>
  linalg.map outs(%p1 : memref<1x10x10x3xf32>)
    (%init: f32) {
      linalg.yield %negzero : f32
    }
  %i1 = memref.subview %p1[0, 1, 1, 0] [1, 8, 8, 3] [1, 1, 1, 1]
      : memref<1x10x10x3xf32> to memref<1x8x8x3xf32, strided<[300, 30, 3, 1], offset: 33>>
  memref.copy %x, %i1 : memref<1x8x8x3xf32> to memref<1x8x8x3xf32, strided<[300, 30, 3, 1], offset: 33>>
  linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%p1, %f : memref<1x10x10x3xf32>, memref<3x3x3x16xf32>) outs(%y : memref<1x8x8x16xf32>) {tfcc.kernel = "conv2d"}
  %p2 = memref.alloc() : memref<1x10x10x3xf32>
  linalg.map outs(%p2 : memref<1x10x10x3xf32>)
    (%init: f32) {
      linalg.yield %zero : f32
    }
  %i2 = memref.subview %p2[0, 1, 1, 0] [1, 8, 8, 3] [1, 1, 1, 1]
      : memref<1x10x10x3xf32> to memref<1x8x8x3xf32, strided<[300, 30, 3, 1], offset: 33>>
  memref.copy %x, %i2 : memref<1x8x8x3xf32> to memref<1x8x8x3xf32, strided<[300, 30, 3, 1], offset: 33>>
  linalg.fill ins(%zero : f32) outs(%x : memref<1x8x8x3xf32>)
  linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%p2, %f : memref<1x10x10x3xf32>, memref<3x3x3x16xf32>) outs(%y2 : memref<1x8x8x16xf32>) {tfcc.kernel = "conv2d"}
  %p3 = memref.alloc() : memref<1x10x10x3xf32>
  linalg.map outs(%p3 : memref<1x10x10x3xf32>)
    (%init: f32) {
      linalg.yield %zero : f32
    }
  %i3 = memref.subview %p3[0, 1, 1, 0] [1, 8, 8, 3] [1, 1, 1, 1]
      : memref<1x10x10x3xf32> to memref<1x8x8x3xf32, strided<[300, 30, 3, 1], offset: 33>>
  memref.copy %x, %i3 : memref<1x8x8x3xf32> to memref<1x8x8x3xf32, strided<[300, 30, 3, 1], offset: 33>>
  func.call @opaque() : () -> ()
  linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%p3, %f : memref<1x10x10x3xf32>, memref<3x3x3x16xf32>) outs(%y3 : memref<1x8x8x16xf32>) {tfcc.kernel = "conv2d"}
  %flat = memref.collapse_shape %x4 [[0, 1, 2, 3]] : memref<1x8x8x3xf32> into memref<192xf32>
  %p4 = memref.alloc() : memref<1x10x10x3xf32>
  linalg.map outs(%p4 : memref<1x10x10x3xf32>)
    (%init: f32) {
      linalg.yield %zero : f32
    }
  %i4 = memref.subview %p4[0, 1, 1, 0] [1, 8, 8, 3] [1, 1, 1, 1]
      : memref<1x10x10x3xf32> to memref<1x8x8x3xf32, strided<[300, 30, 3, 1], offset: 33>>
  memref.copy %x4, %i4 : memref<1x8x8x3xf32> to memref<1x8x8x3xf32, strided<[300, 30, 3, 1], offset: 33>>
  linalg.fill ins(%zero : f32) outs(%flat : memref<192xf32>)
  linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%p4, %f : memref<1x10x10x3xf32>, memref<3x3x3x16xf32>) outs(%y4 : memref<1x8x8x16xf32>) {tfcc.kernel = "conv2d"}
  return
}
