// RUN: tfcc-opt --split-input-file --tfcc-fold-constants %s | FileCheck %s

// Folders of the array ops (ArrayOps.td).

// Identical constants are one constant after folding.
// CHECK-LABEL: func.func @const
// CHECK: %[[C:.+]] = tfcc.Const {value = dense<[1, 2]> : tensor<2xi32>}
// CHECK-NOT: tfcc.Const
// CHECK: return %[[C]], %[[C]]
func.func @const() -> (tensor<2xi32>, tensor<2xi32>) {
  %0 = tfcc.Const {value = dense<[1, 2]> : tensor<2xi32>} : tensor<2xi32>
  %1 = tfcc.Const {value = dense<[1, 2]> : tensor<2xi32>} : tensor<2xi32>
  return %0, %1 : tensor<2xi32>, tensor<2xi32>
}

// -----

// Identities of the same type disappear; one that refines its type stays.
// CHECK-LABEL: func.func @identity
// CHECK-NOT: tfcc.IdentityN
// CHECK: %[[R:.+]] = tfcc.Identity %arg0 : (tensor<2xf32>) -> tensor<?xf32>
// CHECK: return %arg0, %arg0, %arg1, %[[R]]
func.func @identity(%x: tensor<2xf32>, %y: tensor<3xi32>) -> (tensor<2xf32>, tensor<2xf32>, tensor<3xi32>, tensor<?xf32>) {
  %0 = tfcc.Identity %x : (tensor<2xf32>) -> tensor<2xf32>
  %1:2 = tfcc.IdentityN %x, %y : (tensor<2xf32>, tensor<3xi32>) -> (tensor<2xf32>, tensor<3xi32>)
  %2 = tfcc.Identity %x : (tensor<2xf32>) -> tensor<?xf32>
  return %0, %1#0, %1#1, %2 : tensor<2xf32>, tensor<2xf32>, tensor<3xi32>, tensor<?xf32>
}

// -----

// ZerosLike/OnesLike of a static shape are constants, whatever x holds.
// CHECK-LABEL: func.func @zeros_ones_like
// CHECK-DAG: %[[Z:.+]] = tfcc.Const {value = dense<0.000000e+00> : tensor<2x3xf32>}
// CHECK-DAG: %[[O:.+]] = tfcc.Const {value = dense<1> : tensor<4xi64>}
// CHECK-DAG: %[[D:.+]] = tfcc.ZerosLike %arg2
// CHECK: return %[[Z]], %[[O]], %[[D]]
func.func @zeros_ones_like(%x: tensor<2x3xf32>, %y: tensor<4xi64>, %z: tensor<?xf32>) -> (tensor<2x3xf32>, tensor<4xi64>, tensor<?xf32>) {
  %0 = tfcc.ZerosLike %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %1 = tfcc.OnesLike %y : (tensor<4xi64>) -> tensor<4xi64>
  %2 = tfcc.ZerosLike %z : (tensor<?xf32>) -> tensor<?xf32>
  return %0, %1, %2 : tensor<2x3xf32>, tensor<4xi64>, tensor<?xf32>
}

// -----

// Shape arithmetic of static shapes; Rank needs only the rank.
// CHECK-LABEL: func.func @shape_ops
// CHECK-DAG: %[[S:.+]] = tfcc.Const {value = dense<[2, 3]> : tensor<2xi32>}
// CHECK-DAG: %[[S64:.+]] = tfcc.Const {value = dense<[2, 3]> : tensor<2xi64>}
// CHECK-DAG: %[[N:.+]] = tfcc.Const {value = dense<6> : tensor<i32>}
// CHECK-DAG: %[[R:.+]] = tfcc.Const {value = dense<2> : tensor<i32>}
// CHECK-DAG: %[[SN:.+]] = tfcc.Const {value = dense<4> : tensor<1xi32>}
// CHECK-DAG: %[[DYN:.+]] = tfcc.Shape %arg1
// CHECK: return %[[S]], %[[S64]], %[[N]], %[[R]], %[[S]], %[[SN]], %[[DYN]]
func.func @shape_ops(%x: tensor<2x3xf32>, %y: tensor<?x3xf32>, %z: tensor<4xi1>) -> (tensor<2xi32>, tensor<2xi64>, tensor<i32>, tensor<i32>, tensor<2xi32>, tensor<1xi32>, tensor<2xi32>) {
  %0 = tfcc.Shape %x : (tensor<2x3xf32>) -> tensor<2xi32>
  %1 = tfcc.Shape %x {out_type = i64} : (tensor<2x3xf32>) -> tensor<2xi64>
  %2 = tfcc.Size %x : (tensor<2x3xf32>) -> tensor<i32>
  %3 = tfcc.Rank %y : (tensor<?x3xf32>) -> tensor<i32>
  %4:2 = tfcc.ShapeN %x, %z : (tensor<2x3xf32>, tensor<4xi1>) -> (tensor<2xi32>, tensor<1xi32>)
  %5 = tfcc.Shape %y : (tensor<?x3xf32>) -> tensor<2xi32>
  return %0, %1, %2, %3, %4#0, %4#1, %5 : tensor<2xi32>, tensor<2xi64>, tensor<i32>, tensor<i32>, tensor<2xi32>, tensor<1xi32>, tensor<2xi32>
}

// -----

// [1,4] and [3,2,4]: s0 was expanded along axes 0 and 1; s1 along none.
// CHECK-LABEL: func.func @broadcast_gradient_args
// CHECK-DAG: %[[R0:.+]] = tfcc.Const {value = dense<[0, 1]> : tensor<2xi32>}
// CHECK-DAG: %[[R1:.+]] = tfcc.Const {value = dense<> : tensor<0xi32>}
// CHECK: return %[[R0]], %[[R1]]
func.func @broadcast_gradient_args() -> (tensor<2xi32>, tensor<0xi32>) {
  %a = tfcc.Const {value = dense<[1, 4]> : tensor<2xi32>} : tensor<2xi32>
  %b = tfcc.Const {value = dense<[3, 2, 4]> : tensor<3xi32>} : tensor<3xi32>
  %r0, %r1 = tfcc.BroadcastGradientArgs %a, %b : (tensor<2xi32>, tensor<3xi32>) -> (tensor<2xi32>, tensor<0xi32>)
  return %r0, %r1 : tensor<2xi32>, tensor<0xi32>
}

// -----

// Offsets of [2,3,5], [2,7,5] and [2,1,5] concatenated along dim 1.
// CHECK-LABEL: func.func @concat_offset
// CHECK-DAG: %[[O0:.+]] = tfcc.Const {value = dense<0> : tensor<3xi32>}
// CHECK-DAG: %[[O1:.+]] = tfcc.Const {value = dense<[0, 3, 0]> : tensor<3xi32>}
// CHECK-DAG: %[[O2:.+]] = tfcc.Const {value = dense<[0, 10, 0]> : tensor<3xi32>}
// CHECK: return %[[O0]], %[[O1]], %[[O2]]
func.func @concat_offset() -> (tensor<3xi32>, tensor<3xi32>, tensor<3xi32>) {
  %d = tfcc.Const {value = dense<1> : tensor<i32>} : tensor<i32>
  %a = tfcc.Const {value = dense<[2, 3, 5]> : tensor<3xi32>} : tensor<3xi32>
  %b = tfcc.Const {value = dense<[2, 7, 5]> : tensor<3xi32>} : tensor<3xi32>
  %c = tfcc.Const {value = dense<[2, 1, 5]> : tensor<3xi32>} : tensor<3xi32>
  %0:3 = tfcc.ConcatOffset %d, %a, %b, %c : (tensor<i32>, tensor<3xi32>, tensor<3xi32>, tensor<3xi32>) -> (tensor<3xi32>, tensor<3xi32>, tensor<3xi32>)
  return %0#0, %0#1, %0#2 : tensor<3xi32>, tensor<3xi32>, tensor<3xi32>
}

// -----

// CHECK-LABEL: func.func @fill
// CHECK-DAG: %[[F:.+]] = tfcc.Const {value = dense<7> : tensor<2x2xi32>}
// CHECK-DAG: %[[N:.+]] = tfcc.Fill %{{.*}}, %arg0
// CHECK: return %[[F]], %[[N]]
func.func @fill(%v: tensor<f32>) -> (tensor<2x2xi32>, tensor<2x2xf32>) {
  %d = tfcc.Const {value = dense<2> : tensor<2xi32>} : tensor<2xi32>
  %seven = tfcc.Const {value = dense<7> : tensor<i32>} : tensor<i32>
  %0 = tfcc.Fill %d, %seven : (tensor<2xi32>, tensor<i32>) -> tensor<2x2xi32>
  %1 = tfcc.Fill %d, %v : (tensor<2xi32>, tensor<f32>) -> tensor<2x2xf32>
  return %0, %1 : tensor<2x2xi32>, tensor<2x2xf32>
}

// -----

// Reshape, Squeeze and ExpandDims of constants keep the row-major order; a
// non-constant reshape to its own type is the input.
// CHECK-LABEL: func.func @reshape
// CHECK-DAG: %[[R:.+]] = tfcc.Const {value = dense<{{\[}}[1, 2], [3, 4], [5, 6]]> : tensor<3x2xi32>}
// CHECK-DAG: %[[S:.+]] = tfcc.Const {value = dense<[1, 2, 3]> : tensor<3xi32>}
// CHECK-DAG: %[[E:.+]] = tfcc.Const {value = dense<{{\[}}[1], [2], [3]]> : tensor<3x1xi32>}
// CHECK-DAG: %[[N:.+]] = tfcc.Reshape %arg0
// CHECK: return %[[R]], %[[S]], %[[E]], %arg0, %[[N]]
func.func @reshape(%x: tensor<2x3xf32>) -> (tensor<3x2xi32>, tensor<3xi32>, tensor<3x1xi32>, tensor<2x3xf32>, tensor<6xf32>) {
  %c = tfcc.Const {value = dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi32>} : tensor<2x3xi32>
  %s = tfcc.Const {value = dense<[3, 2]> : tensor<2xi32>} : tensor<2xi32>
  %0 = tfcc.Reshape %c, %s : (tensor<2x3xi32>, tensor<2xi32>) -> tensor<3x2xi32>
  %v = tfcc.Const {value = dense<[[1, 2, 3]]> : tensor<1x3xi32>} : tensor<1x3xi32>
  %1 = tfcc.Squeeze %v : (tensor<1x3xi32>) -> tensor<3xi32>
  %m1 = tfcc.Const {value = dense<-1> : tensor<i32>} : tensor<i32>
  %2 = tfcc.ExpandDims %1, %m1 : (tensor<3xi32>, tensor<i32>) -> tensor<3x1xi32>
  %same = tfcc.Const {value = dense<[2, 3]> : tensor<2xi32>} : tensor<2xi32>
  %3 = tfcc.Reshape %x, %same : (tensor<2x3xf32>, tensor<2xi32>) -> tensor<2x3xf32>
  %flat = tfcc.Const {value = dense<6> : tensor<1xi32>} : tensor<1xi32>
  %4 = tfcc.Reshape %x, %flat : (tensor<2x3xf32>, tensor<1xi32>) -> tensor<6xf32>
  return %0, %1, %2, %3, %4 : tensor<3x2xi32>, tensor<3xi32>, tensor<3x1xi32>, tensor<2x3xf32>, tensor<6xf32>
}

// -----

// CHECK-LABEL: func.func @transpose
// CHECK-DAG: %[[T:.+]] = tfcc.Const {value = dense<{{\[}}[1, 4], [2, 5], [3, 6]]> : tensor<3x2xi32>}
// CHECK-DAG: %[[T3:.+]] = tfcc.Const {value = dense<{{\[}}{{\[}}[1], [4]], {{\[}}[2], [5]], {{\[}}[3], [6]]]> : tensor<3x2x1xi32>}
// CHECK-DAG: %[[INV:.+]] = tfcc.Const {value = dense<[1, 2, 0]> : tensor<3xi32>}
// CHECK: return %[[T]], %[[T3]], %arg0, %[[INV]]
func.func @transpose(%x: tensor<2x3xf32>) -> (tensor<3x2xi32>, tensor<3x2x1xi32>, tensor<2x3xf32>, tensor<3xi32>) {
  %c = tfcc.Const {value = dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi32>} : tensor<2x3xi32>
  %p = tfcc.Const {value = dense<[1, 0]> : tensor<2xi32>} : tensor<2xi32>
  %0 = tfcc.Transpose %c, %p : (tensor<2x3xi32>, tensor<2xi32>) -> tensor<3x2xi32>
  %c3 = tfcc.Const {value = dense<[[[1, 2, 3]], [[4, 5, 6]]]> : tensor<2x1x3xi32>} : tensor<2x1x3xi32>
  %p3 = tfcc.Const {value = dense<[2, 0, 1]> : tensor<3xi32>} : tensor<3xi32>
  %1 = tfcc.Transpose %c3, %p3 : (tensor<2x1x3xi32>, tensor<3xi32>) -> tensor<3x2x1xi32>
  %id = tfcc.Const {value = dense<[0, 1]> : tensor<2xi32>} : tensor<2xi32>
  %2 = tfcc.Transpose %x, %id : (tensor<2x3xf32>, tensor<2xi32>) -> tensor<2x3xf32>
  %3 = tfcc.InvertPermutation %p3 : (tensor<3xi32>) -> tensor<3xi32>
  return %0, %1, %2, %3 : tensor<3x2xi32>, tensor<3x2x1xi32>, tensor<2x3xf32>, tensor<3xi32>
}

// -----

// CHECK-LABEL: func.func @pack
// CHECK-DAG: %[[S:.+]] = tfcc.Const {value = dense<[1, 2, 3]> : tensor<3xi32>}
// CHECK-DAG: %[[A0:.+]] = tfcc.Const {value = dense<{{\[}}[1, 2], [3, 4]]> : tensor<2x2xi32>}
// CHECK-DAG: %[[A1:.+]] = tfcc.Const {value = dense<{{\[}}[1, 3], [2, 4]]> : tensor<2x2xi32>}
// CHECK-DAG: %[[N:.+]] = tfcc.Pack %arg0
// CHECK: return %[[S]], %[[A0]], %[[A1]], %[[A1]], %[[N]]
func.func @pack(%x: tensor<i32>) -> (tensor<3xi32>, tensor<2x2xi32>, tensor<2x2xi32>, tensor<2x2xi32>, tensor<2xi32>) {
  %one = tfcc.Const {value = dense<1> : tensor<i32>} : tensor<i32>
  %two = tfcc.Const {value = dense<2> : tensor<i32>} : tensor<i32>
  %three = tfcc.Const {value = dense<3> : tensor<i32>} : tensor<i32>
  %0 = tfcc.Pack %one, %two, %three : (tensor<i32>, tensor<i32>, tensor<i32>) -> tensor<3xi32>
  %a = tfcc.Const {value = dense<[1, 2]> : tensor<2xi32>} : tensor<2xi32>
  %b = tfcc.Const {value = dense<[3, 4]> : tensor<2xi32>} : tensor<2xi32>
  %1 = tfcc.Pack %a, %b : (tensor<2xi32>, tensor<2xi32>) -> tensor<2x2xi32>
  %2 = tfcc.Pack %a, %b {axis = 1} : (tensor<2xi32>, tensor<2xi32>) -> tensor<2x2xi32>
  %3 = tfcc.Pack %a, %b {axis = -1} : (tensor<2xi32>, tensor<2xi32>) -> tensor<2x2xi32>
  %4 = tfcc.Pack %x, %one : (tensor<i32>, tensor<i32>) -> tensor<2xi32>
  return %0, %1, %2, %3, %4 : tensor<3xi32>, tensor<2x2xi32>, tensor<2x2xi32>, tensor<2x2xi32>, tensor<2xi32>
}

// -----

// CHECK-LABEL: func.func @concat_v2
// CHECK-DAG: %[[C1:.+]] = tfcc.Const {value = dense<{{\[}}[1, 2, 5], [3, 4, 6]]> : tensor<2x3xi32>}
// CHECK-DAG: %[[C0:.+]] = tfcc.Const {value = dense<{{\[}}[1, 2], [3, 4], [5, 6]]> : tensor<3x2xi32>}
// CHECK: return %[[C1]], %[[C0]], %arg0
func.func @concat_v2(%x: tensor<2xf32>) -> (tensor<2x3xi32>, tensor<3x2xi32>, tensor<2xf32>) {
  %a = tfcc.Const {value = dense<[[1, 2], [3, 4]]> : tensor<2x2xi32>} : tensor<2x2xi32>
  %b = tfcc.Const {value = dense<[[5], [6]]> : tensor<2x1xi32>} : tensor<2x1xi32>
  %m1 = tfcc.Const {value = dense<-1> : tensor<i32>} : tensor<i32>
  %0 = tfcc.ConcatV2 %a, %b, %m1 : (tensor<2x2xi32>, tensor<2x1xi32>, tensor<i32>) -> tensor<2x3xi32>
  %c = tfcc.Const {value = dense<[[5, 6]]> : tensor<1x2xi32>} : tensor<1x2xi32>
  %z = tfcc.Const {value = dense<0> : tensor<i32>} : tensor<i32>
  %1 = tfcc.ConcatV2 %a, %c, %z : (tensor<2x2xi32>, tensor<1x2xi32>, tensor<i32>) -> tensor<3x2xi32>
  %2 = tfcc.ConcatV2 %x, %z : (tensor<2xf32>, tensor<i32>) -> tensor<2xf32>
  return %0, %1, %2 : tensor<2x3xi32>, tensor<3x2xi32>, tensor<2xf32>
}

// -----

// CHECK-LABEL: func.func @slice
// CHECK: %[[S:.+]] = tfcc.Const {value = dense<{{\[}}[5, 6], [8, 9]]> : tensor<2x2xi32>}
// CHECK: return %[[S]], %arg0
func.func @slice(%x: tensor<2x2xf32>) -> (tensor<2x2xi32>, tensor<2x2xf32>) {
  %c = tfcc.Const {value = dense<[[1, 2, 3], [4, 5, 6], [7, 8, 9]]> : tensor<3x3xi32>} : tensor<3x3xi32>
  %b = tfcc.Const {value = dense<1> : tensor<2xi32>} : tensor<2xi32>
  %s = tfcc.Const {value = dense<2> : tensor<2xi32>} : tensor<2xi32>
  %0 = tfcc.Slice %c, %b, %s : (tensor<3x3xi32>, tensor<2xi32>, tensor<2xi32>) -> tensor<2x2xi32>
  %z = tfcc.Const {value = dense<0> : tensor<2xi32>} : tensor<2xi32>
  %1 = tfcc.Slice %x, %z, %s : (tensor<2x2xf32>, tensor<2xi32>, tensor<2xi32>) -> tensor<2x2xf32>
  return %0, %1 : tensor<2x2xi32>, tensor<2x2xf32>
}

// -----

// x[1:8:3], x[::-1], m[:, -1] and m[-1].
// CHECK-LABEL: func.func @strided_slice
// CHECK-DAG: %[[A:.+]] = tfcc.Const {value = dense<[1, 4, 7]> : tensor<3xi32>}
// CHECK-DAG: %[[B:.+]] = tfcc.Const {value = dense<[9, 8, 7, 6, 5, 4, 3, 2, 1, 0]> : tensor<10xi32>}
// CHECK-DAG: %[[C:.+]] = tfcc.Const {value = dense<[3, 6]> : tensor<2xi32>}
// CHECK-DAG: %[[D:.+]] = tfcc.Const {value = dense<[4, 5, 6]> : tensor<3xi32>}
// CHECK: return %[[A]], %[[B]], %[[C]], %[[D]]
func.func @strided_slice() -> (tensor<3xi32>, tensor<10xi32>, tensor<2xi32>, tensor<3xi32>) {
  %x = tfcc.Const {value = dense<[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]> : tensor<10xi32>} : tensor<10xi32>
  %b = tfcc.Const {value = dense<1> : tensor<1xi32>} : tensor<1xi32>
  %e = tfcc.Const {value = dense<8> : tensor<1xi32>} : tensor<1xi32>
  %s = tfcc.Const {value = dense<3> : tensor<1xi32>} : tensor<1xi32>
  %0 = tfcc.StridedSlice %x, %b, %e, %s : (tensor<10xi32>, tensor<1xi32>, tensor<1xi32>, tensor<1xi32>) -> tensor<3xi32>
  %z = tfcc.Const {value = dense<0> : tensor<1xi32>} : tensor<1xi32>
  %m1 = tfcc.Const {value = dense<-1> : tensor<1xi32>} : tensor<1xi32>
  %1 = tfcc.StridedSlice %x, %z, %z, %m1 {begin_mask = 1, end_mask = 1} : (tensor<10xi32>, tensor<1xi32>, tensor<1xi32>, tensor<1xi32>) -> tensor<10xi32>
  %m = tfcc.Const {value = dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi32>} : tensor<2x3xi32>
  %b2 = tfcc.Const {value = dense<[0, -1]> : tensor<2xi32>} : tensor<2xi32>
  %e2 = tfcc.Const {value = dense<[0, 0]> : tensor<2xi32>} : tensor<2xi32>
  %s2 = tfcc.Const {value = dense<1> : tensor<2xi32>} : tensor<2xi32>
  %2 = tfcc.StridedSlice %m, %b2, %e2, %s2 {begin_mask = 1, end_mask = 1, shrink_axis_mask = 2} : (tensor<2x3xi32>, tensor<2xi32>, tensor<2xi32>, tensor<2xi32>) -> tensor<2xi32>
  %3 = tfcc.StridedSlice %m, %m1, %z, %b {shrink_axis_mask = 1} : (tensor<2x3xi32>, tensor<1xi32>, tensor<1xi32>, tensor<1xi32>) -> tensor<3xi32>
  return %0, %1, %2, %3 : tensor<3xi32>, tensor<10xi32>, tensor<2xi32>, tensor<3xi32>
}

// -----

// Tile by all ones is the input; other multiples do not fold.
// CHECK-LABEL: func.func @tile
// CHECK: %[[T:.+]] = tfcc.Tile %arg0
// CHECK: return %arg0, %[[T]]
func.func @tile(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<4x3xf32>) {
  %ones = tfcc.Const {value = dense<1> : tensor<2xi32>} : tensor<2xi32>
  %0 = tfcc.Tile %x, %ones : (tensor<2x3xf32>, tensor<2xi32>) -> tensor<2x3xf32>
  %m = tfcc.Const {value = dense<[2, 1]> : tensor<2xi32>} : tensor<2xi32>
  %1 = tfcc.Tile %x, %m : (tensor<2x3xf32>, tensor<2xi32>) -> tensor<4x3xf32>
  return %0, %1 : tensor<2x3xf32>, tensor<4x3xf32>
}

// -----

// TF's BroadcastGradientArgs returns empty reduction lists for identical
// shapes (BCast's fast path).
// CHECK-LABEL: func.func @broadcast_gradient_args_equal
// CHECK: %[[E:.+]] = tfcc.Const {value = dense<> : tensor<0xi32>}
// CHECK: return %[[E]], %[[E]]
func.func @broadcast_gradient_args_equal() -> (tensor<0xi32>, tensor<0xi32>) {
  %a = tfcc.Const {value = dense<[1, 3]> : tensor<2xi32>} : tensor<2xi32>
  %b = tfcc.Const {value = dense<[1, 3]> : tensor<2xi32>} : tensor<2xi32>
  %r0, %r1 = tfcc.BroadcastGradientArgs %a, %b : (tensor<2xi32>, tensor<2xi32>) -> (tensor<0xi32>, tensor<0xi32>)
  return %r0, %r1 : tensor<0xi32>, tensor<0xi32>
}
