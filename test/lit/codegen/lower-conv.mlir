// RUN: tfcc-opt %s --tfcc-lower-to-linalg | FileCheck %s

// SAME padding becomes an explicit pad: 5 in, stride 2, 3x3 -> 3 out, total
// padding 2, one on each side.
// CHECK-LABEL: func @conv_same
// CHECK: tensor.pad %{{.*}} low[0, 1, 1, 0] high[0, 1, 1, 0]
// CHECK: linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
func.func @conv_same(%x: tensor<1x5x5x2xf32>, %w: tensor<3x3x2x4xf32>) -> tensor<1x3x3x4xf32> {
  %0 = tfcc.Conv2D %x, %w {strides = [1, 2, 2, 1], padding = "SAME"} : (tensor<1x5x5x2xf32>, tensor<3x3x2x4xf32>) -> tensor<1x3x3x4xf32>
  return %0 : tensor<1x3x3x4xf32>
}

// MaxPool pads with -inf and, as TF's CPU kernel, starts each window from the
// lowest finite value and takes a tap only where it is greater, so NaN never
// wins: maxnumf of the best so far (never NaN) and the tap, not maximumf,
// which propagates NaN.
// CHECK-LABEL: func @maxpool
// CHECK: arith.constant 0xFF800000 : f32
// CHECK: tensor.pad
// CHECK: %[[LOWEST:.*]] = arith.constant -3.40282347E+38 : f32
// CHECK: %[[INIT:.*]] = linalg.fill ins(%[[LOWEST]] : f32)
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]
// CHECK-SAME: outs(%[[INIT]] :
// CHECK: ^bb0(%[[T:.*]]: f32, %{{.*}}: f32, %[[BEST:.*]]: f32):
// CHECK: %[[M:.*]] = arith.maxnumf %[[BEST]], %[[T]] : f32
// CHECK: linalg.yield %[[M]]
func.func @maxpool(%x: tensor<1x3x3x1xf32>) -> tensor<1x2x2x1xf32> {
  %0 = tfcc.MaxPool %x {ksize = [1, 2, 2, 1], strides = [1, 2, 2, 1], padding = "SAME"} : (tensor<1x3x3x1xf32>) -> tensor<1x2x2x1xf32>
  return %0 : tensor<1x2x2x1xf32>
}

// AvgPool divides each window by the input elements it covers: with SAME
// padding the last row and column of windows cover fewer.
// CHECK-LABEL: func @avgpool
// CHECK: linalg.pooling_nhwc_sum
// CHECK: arith.constant dense<{{\[\[}}[4.000000e+00], [2.000000e+00]], {{\[\[}}2.000000e+00], [1.000000e+00]]]> : tensor<2x2x1xf32>
// CHECK: arith.divf
func.func @avgpool(%x: tensor<1x3x3x1xf32>) -> tensor<1x2x2x1xf32> {
  %0 = tfcc.AvgPool %x {ksize = [1, 2, 2, 1], strides = [1, 2, 2, 1], padding = "SAME"} : (tensor<1x3x3x1xf32>) -> tensor<1x2x2x1xf32>
  return %0 : tensor<1x2x2x1xf32>
}
