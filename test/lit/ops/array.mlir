// RUN: tfcc-opt --split-input-file --tfcc-shape-inference %s | FileCheck %s

// Shape rules of the array ops (ArrayOps.td). Results are declared unranked
// so that every refinement the rule makes is visible.

// CHECK-LABEL: func.func @const
// CHECK: tfcc.Const {{.*}} : tensor<2x3xf32>
// CHECK: return {{.*}} : tensor<2x3xf32>
func.func @const() -> tensor<*xf32> {
  %0 = tfcc.Const {value = dense<1.0> : tensor<2x3xf32>} : tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

// Identities keep shape and dtype, partially known dims included. (Identity
// and IdentityN fold away once refined, so the signature shows them.)
// CHECK-LABEL: func.func @identities
// CHECK-SAME: -> (tensor<2x?xf32>, tensor<2x?xf32>, tensor<3xi32>, tensor<2x?xf32>, tensor<2x?xf32>, tensor<2x?xf32>)
// CHECK: tfcc.StopGradient {{.*}} -> tensor<2x?xf32>
// CHECK: tfcc.PreventGradient {{.*}} -> tensor<2x?xf32>
// CHECK: tfcc.PlaceholderWithDefault {{.*}} -> tensor<2x?xf32>
func.func @identities(%x: tensor<2x?xf32>, %i: tensor<3xi32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xi32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  %0 = tfcc.Identity %x : (tensor<2x?xf32>) -> tensor<*xf32>
  %1:2 = tfcc.IdentityN %x, %i : (tensor<2x?xf32>, tensor<3xi32>) -> (tensor<*xf32>, tensor<*xi32>)
  %2 = tfcc.StopGradient %x : (tensor<2x?xf32>) -> tensor<*xf32>
  %3 = tfcc.PreventGradient %x {message = "no"} : (tensor<2x?xf32>) -> tensor<*xf32>
  %4 = tfcc.PlaceholderWithDefault %x {shape = #tfcc.shape<2x?>} : (tensor<2x?xf32>) -> tensor<*xf32>
  return %0, %1#0, %1#1, %2, %3, %4 : tensor<*xf32>, tensor<*xf32>, tensor<*xi32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// -----

// CHECK-LABEL: func.func @zeros_ones_like
// CHECK: tfcc.ZerosLike {{.*}} -> tensor<4x?xi64>
// CHECK: tfcc.OnesLike {{.*}} -> tensor<4x?xi64>
func.func @zeros_ones_like(%x: tensor<4x?xi64>) -> (tensor<*xi64>, tensor<*xi64>) {
  %0 = tfcc.ZerosLike %x : (tensor<4x?xi64>) -> tensor<*xi64>
  %1 = tfcc.OnesLike %x : (tensor<4x?xi64>) -> tensor<*xi64>
  return %0, %1 : tensor<*xi64>, tensor<*xi64>
}

// -----

// Shape is a vector of the input's rank, int32 unless out_type says; Size
// and Rank are scalars.
// CHECK-LABEL: func.func @shape_size_rank
// CHECK: tfcc.Shape {{.*}} -> tensor<3xi32>
// CHECK: tfcc.Shape {{.*}}out_type = i64{{.*}} -> tensor<3xi64>
// CHECK: tfcc.Shape {{.*}} : (tensor<*xf32>) -> tensor<?xi32>
// CHECK: tfcc.ShapeN {{.*}} -> (tensor<3xi32>, tensor<?xi32>)
// CHECK: tfcc.Size {{.*}} -> tensor<i32>
// CHECK: tfcc.Size {{.*}} -> tensor<i64>
// CHECK: tfcc.Rank {{.*}} -> tensor<i32>
func.func @shape_size_rank(%x: tensor<2x?x3xf32>, %u: tensor<*xf32>) -> (tensor<*xi32>, tensor<*xi64>, tensor<*xi32>, tensor<*xi32>, tensor<*xi32>, tensor<*xi32>, tensor<*xi64>, tensor<*xi32>) {
  %0 = tfcc.Shape %x : (tensor<2x?x3xf32>) -> tensor<*xi32>
  %1 = tfcc.Shape %x {out_type = i64} : (tensor<2x?x3xf32>) -> tensor<*xi64>
  %2 = tfcc.Shape %u : (tensor<*xf32>) -> tensor<*xi32>
  %3:2 = tfcc.ShapeN %x, %u : (tensor<2x?x3xf32>, tensor<*xf32>) -> (tensor<*xi32>, tensor<*xi32>)
  %4 = tfcc.Size %x : (tensor<2x?x3xf32>) -> tensor<*xi32>
  %5 = tfcc.Size %x {out_type = i64} : (tensor<2x?x3xf32>) -> tensor<*xi64>
  %6 = tfcc.Rank %u : (tensor<*xf32>) -> tensor<*xi32>
  return %0, %1, %2, %3#0, %3#1, %4, %5, %6 : tensor<*xi32>, tensor<*xi64>, tensor<*xi32>, tensor<*xi32>, tensor<*xi32>, tensor<*xi32>, tensor<*xi64>, tensor<*xi32>
}

// -----

// [1,4] and [3,2,4] broadcast to [3,2,4]: s0 was expanded along axes 0 and
// 1, s1 along none.
// CHECK-LABEL: func.func @broadcast_gradient_args
// CHECK-SAME: -> (tensor<2xi32>, tensor<0xi32>)
func.func @broadcast_gradient_args() -> (tensor<*xi32>, tensor<*xi32>) {
  %a = tfcc.Const {value = dense<[1, 4]> : tensor<2xi32>} : tensor<2xi32>
  %b = tfcc.Const {value = dense<[3, 2, 4]> : tensor<3xi32>} : tensor<3xi32>
  %r0, %r1 = tfcc.BroadcastGradientArgs %a, %b : (tensor<2xi32>, tensor<3xi32>) -> (tensor<*xi32>, tensor<*xi32>)
  return %r0, %r1 : tensor<*xi32>, tensor<*xi32>
}

// -----

// Non-constant shapes: the axes lists have unknown length.
// CHECK-LABEL: func.func @broadcast_gradient_args_unknown
// CHECK: tfcc.BroadcastGradientArgs {{.*}} -> (tensor<?xi32>, tensor<?xi32>)
func.func @broadcast_gradient_args_unknown(%a: tensor<2xi32>, %b: tensor<3xi32>) -> (tensor<*xi32>, tensor<*xi32>) {
  %r0, %r1 = tfcc.BroadcastGradientArgs %a, %b : (tensor<2xi32>, tensor<3xi32>) -> (tensor<*xi32>, tensor<*xi32>)
  return %r0, %r1 : tensor<*xi32>, tensor<*xi32>
}

// -----

// CHECK-LABEL: func.func @concat_offset
// CHECK: tfcc.ConcatOffset {{.*}} -> (tensor<3xi32>, tensor<3xi32>)
func.func @concat_offset(%d: tensor<i32>, %s0: tensor<3xi32>, %s1: tensor<3xi32>) -> (tensor<*xi32>, tensor<*xi32>) {
  %0:2 = tfcc.ConcatOffset %d, %s0, %s1 : (tensor<i32>, tensor<3xi32>, tensor<3xi32>) -> (tensor<*xi32>, tensor<*xi32>)
  return %0#0, %0#1 : tensor<*xi32>, tensor<*xi32>
}

// -----

// Fill: constant dims give the shape; a dims vector of known length gives
// the rank.
// CHECK-LABEL: func.func @fill
// CHECK: tfcc.Fill {{.*}} -> tensor<2x3xf32>
// CHECK: tfcc.Fill {{.*}} -> tensor<?x?x?xi32>
func.func @fill(%v: tensor<f32>, %dims: tensor<3xi32>, %iv: tensor<i32>) -> (tensor<*xf32>, tensor<*xi32>) {
  %d = tfcc.Const {value = dense<[2, 3]> : tensor<2xi32>} : tensor<2xi32>
  %0 = tfcc.Fill %d, %v : (tensor<2xi32>, tensor<f32>) -> tensor<*xf32>
  %1 = tfcc.Fill %dims, %iv : (tensor<3xi32>, tensor<i32>) -> tensor<*xi32>
  return %0, %1 : tensor<*xf32>, tensor<*xi32>
}

// -----

// CHECK-LABEL: func.func @broadcast_to
// CHECK: tfcc.BroadcastTo {{.*}} -> tensor<3x2x5xf32>
// CHECK: tfcc.BroadcastTo {{.*}} -> tensor<?x?xf32>
func.func @broadcast_to(%x: tensor<2x1xf32>, %s: tensor<2xi64>) -> (tensor<*xf32>, tensor<*xf32>) {
  %c = tfcc.Const {value = dense<[3, 2, 5]> : tensor<3xi64>} : tensor<3xi64>
  %0 = tfcc.BroadcastTo %x, %c : (tensor<2x1xf32>, tensor<3xi64>) -> tensor<*xf32>
  %1 = tfcc.BroadcastTo %x, %s : (tensor<2x1xf32>, tensor<2xi64>) -> tensor<*xf32>
  return %0, %1 : tensor<*xf32>, tensor<*xf32>
}

// -----

// Reshape infers the -1 dim from the element count.
// CHECK-LABEL: func.func @reshape
// CHECK: tfcc.Reshape {{.*}} -> tensor<3x4x2xf32>
// CHECK: tfcc.Reshape {{.*}} -> tensor<2x3xf32>
// CHECK: tfcc.Reshape {{.*}} -> tensor<?x3xf32>
// CHECK: tfcc.Reshape {{.*}} -> tensor<?x?xf32>
func.func @reshape(%x: tensor<4x6xf32>, %y: tensor<?x6xf32>, %s: tensor<2xi32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  %a = tfcc.Const {value = dense<[3, -1, 2]> : tensor<3xi32>} : tensor<3xi32>
  %0 = tfcc.Reshape %x, %a : (tensor<4x6xf32>, tensor<3xi32>) -> tensor<*xf32>
  %b = tfcc.Const {value = dense<[2, 3]> : tensor<2xi64>} : tensor<2xi64>
  %1 = tfcc.Reshape %y, %b : (tensor<?x6xf32>, tensor<2xi64>) -> tensor<*xf32>
  %c = tfcc.Const {value = dense<[-1, 3]> : tensor<2xi32>} : tensor<2xi32>
  %2 = tfcc.Reshape %y, %c : (tensor<?x6xf32>, tensor<2xi32>) -> tensor<*xf32>
  %3 = tfcc.Reshape %x, %s : (tensor<4x6xf32>, tensor<2xi32>) -> tensor<*xf32>
  return %0, %1, %2, %3 : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// -----

// Squeeze without squeeze_dims drops every size-1 dim; with them, only
// those (negative dims count from the end; an unknown dim may be squeezed).
// CHECK-LABEL: func.func @squeeze
// CHECK: tfcc.Squeeze {{.*}} -> tensor<3x2xf32>
// CHECK: tfcc.Squeeze {{.*}} -> tensor<1x3x2xf32>
// CHECK: tfcc.Squeeze {{.*}} -> tensor<3xf32>
func.func @squeeze(%x: tensor<1x3x1x2xf32>, %y: tensor<?x3xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  %0 = tfcc.Squeeze %x : (tensor<1x3x1x2xf32>) -> tensor<*xf32>
  %1 = tfcc.Squeeze %x {squeeze_dims = [-2]} : (tensor<1x3x1x2xf32>) -> tensor<*xf32>
  %2 = tfcc.Squeeze %y {squeeze_dims = [0]} : (tensor<?x3xf32>) -> tensor<*xf32>
  return %0, %1, %2 : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// -----

// ExpandDims takes dims in [-rank-1, rank]; -1 appends.
// CHECK-LABEL: func.func @expand_dims
// CHECK: tfcc.ExpandDims {{.*}} -> tensor<2x3x1xf32>
// CHECK: tfcc.ExpandDims {{.*}} -> tensor<2x1x3xf32>
// CHECK: tfcc.ExpandDims {{.*}} -> tensor<?x?x?xf32>
func.func @expand_dims(%x: tensor<2x3xf32>, %d: tensor<i32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  %m1 = tfcc.Const {value = dense<-1> : tensor<i32>} : tensor<i32>
  %0 = tfcc.ExpandDims %x, %m1 : (tensor<2x3xf32>, tensor<i32>) -> tensor<*xf32>
  %one = tfcc.Const {value = dense<1> : tensor<i64>} : tensor<i64>
  %1 = tfcc.ExpandDims %x, %one : (tensor<2x3xf32>, tensor<i64>) -> tensor<*xf32>
  %2 = tfcc.ExpandDims %x, %d : (tensor<2x3xf32>, tensor<i32>) -> tensor<*xf32>
  return %0, %1, %2 : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// -----

// CHECK-LABEL: func.func @transpose
// CHECK: tfcc.Transpose {{.*}} -> tensor<4x2x3xf32>
// CHECK: tfcc.Transpose {{.*}} -> tensor<?x?x?xf32>
// CHECK: tfcc.InvertPermutation {{.*}} -> tensor<3xi32>
func.func @transpose(%x: tensor<2x3x4xf32>, %p: tensor<3xi32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xi32>) {
  %perm = tfcc.Const {value = dense<[2, 0, 1]> : tensor<3xi32>} : tensor<3xi32>
  %0 = tfcc.Transpose %x, %perm : (tensor<2x3x4xf32>, tensor<3xi32>) -> tensor<*xf32>
  %1 = tfcc.Transpose %x, %p : (tensor<2x3x4xf32>, tensor<3xi32>) -> tensor<*xf32>
  %2 = tfcc.InvertPermutation %p : (tensor<3xi32>) -> tensor<*xi32>
  return %0, %1, %2 : tensor<*xf32>, tensor<*xf32>, tensor<*xi32>
}

// -----

// Pack inserts a dim of size N at axis (in [-rank-1, rank]); inputs' known
// dims are merged.
// CHECK-LABEL: func.func @pack
// CHECK: tfcc.Pack {{.*}} -> tensor<3x2x4xf32>
// CHECK: tfcc.Pack {{.*}} -> tensor<2x3x4xf32>
// CHECK: tfcc.Pack {{.*}} -> tensor<2x4x3xf32>
// CHECK: tfcc.Pack {{.*}} -> tensor<2x4x2xf32>
func.func @pack(%a: tensor<2x4xf32>, %b: tensor<?x4xf32>, %c: tensor<2x?xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  %0 = tfcc.Pack %a, %a, %a : (tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<*xf32>
  %1 = tfcc.Pack %a, %a, %a {axis = 1} : (tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<*xf32>
  %2 = tfcc.Pack %a, %a, %a {axis = -1} : (tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<*xf32>
  %3 = tfcc.Pack %b, %c {axis = 2} : (tensor<?x4xf32>, tensor<2x?xf32>) -> tensor<*xf32>
  return %0, %1, %2, %3 : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// -----

// CHECK-LABEL: func.func @unpack
// CHECK: tfcc.Unpack {{.*}} -> (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>)
// CHECK: tfcc.Unpack {{.*}} -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>)
func.func @unpack(%x: tensor<3x4xf32>) -> (tensor<*xf32>, tensor<*xf32>) {
  %0:4 = tfcc.Unpack %x {num = 4, axis = -1} : (tensor<3x4xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>)
  %1:3 = tfcc.Unpack %x {num = 3} : (tensor<3x4xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>)
  return %0#3, %1#2 : tensor<*xf32>, tensor<*xf32>
}

// -----

// ConcatV2 sums the axis dim (axis may be negative); other dims merge.
// CHECK-LABEL: func.func @concat_v2
// CHECK: tfcc.ConcatV2 {{.*}} -> tensor<2x8xf32>
// CHECK: tfcc.ConcatV2 {{.*}} -> tensor<?x3xf32>
// CHECK: tfcc.ConcatV2 {{.*}} -> tensor<?x?xf32>
func.func @concat_v2(%a: tensor<2x3xf32>, %b: tensor<2x5xf32>, %c: tensor<?x3xf32>, %ax: tensor<i32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  %m1 = tfcc.Const {value = dense<-1> : tensor<i32>} : tensor<i32>
  %0 = tfcc.ConcatV2 %a, %b, %m1 : (tensor<2x3xf32>, tensor<2x5xf32>, tensor<i32>) -> tensor<*xf32>
  %z = tfcc.Const {value = dense<0> : tensor<i64>} : tensor<i64>
  %1 = tfcc.ConcatV2 %a, %c, %z : (tensor<2x3xf32>, tensor<?x3xf32>, tensor<i64>) -> tensor<*xf32>
  %2 = tfcc.ConcatV2 %a, %b, %ax : (tensor<2x3xf32>, tensor<2x5xf32>, tensor<i32>) -> tensor<*xf32>
  return %0, %1, %2 : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// -----

// TF1 Concat takes the axis first.
// CHECK-LABEL: func.func @concat
// CHECK: tfcc.Concat {{.*}} -> tensor<6x3xf32>
func.func @concat(%a: tensor<2x3xf32>, %b: tensor<4x3xf32>) -> tensor<*xf32> {
  %z = tfcc.Const {value = dense<0> : tensor<i32>} : tensor<i32>
  %0 = tfcc.Concat %z, %a, %b : (tensor<i32>, tensor<2x3xf32>, tensor<4x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

// CHECK-LABEL: func.func @split
// CHECK: tfcc.Split {{.*}} -> (tensor<4x2xf32>, tensor<4x2xf32>, tensor<4x2xf32>)
// CHECK: tfcc.Split {{.*}} -> (tensor<?x6xf32>, tensor<?x6xf32>)
func.func @split(%x: tensor<4x6xf32>, %y: tensor<?x6xf32>) -> (tensor<*xf32>, tensor<*xf32>) {
  %m1 = tfcc.Const {value = dense<-1> : tensor<i32>} : tensor<i32>
  %0:3 = tfcc.Split %m1, %x {num_split = 3} : (tensor<i32>, tensor<4x6xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>)
  %z = tfcc.Const {value = dense<0> : tensor<i32>} : tensor<i32>
  %1:2 = tfcc.Split %z, %y {num_split = 2} : (tensor<i32>, tensor<?x6xf32>) -> (tensor<*xf32>, tensor<*xf32>)
  return %0#2, %1#1 : tensor<*xf32>, tensor<*xf32>
}

// -----

// SplitV resolves one -1 size from the dim's size.
// CHECK-LABEL: func.func @split_v
// CHECK: tfcc.SplitV {{.*}} -> (tensor<3x4xf32>, tensor<5x4xf32>, tensor<2x4xf32>)
// CHECK: tfcc.SplitV {{.*}} -> (tensor<10x1xf32>, tensor<10x3xf32>)
func.func @split_v(%x: tensor<10x4xf32>) -> (tensor<*xf32>, tensor<*xf32>) {
  %s = tfcc.Const {value = dense<[3, -1, 2]> : tensor<3xi32>} : tensor<3xi32>
  %z = tfcc.Const {value = dense<0> : tensor<i32>} : tensor<i32>
  %0:3 = tfcc.SplitV %x, %s, %z {num_split = 3} : (tensor<10x4xf32>, tensor<3xi32>, tensor<i32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>)
  %s2 = tfcc.Const {value = dense<[1, 3]> : tensor<2xi64>} : tensor<2xi64>
  %m1 = tfcc.Const {value = dense<-1> : tensor<i32>} : tensor<i32>
  %1:2 = tfcc.SplitV %x, %s2, %m1 {num_split = 2} : (tensor<10x4xf32>, tensor<2xi64>, tensor<i32>) -> (tensor<*xf32>, tensor<*xf32>)
  return %0#1, %1#1 : tensor<*xf32>, tensor<*xf32>
}

// -----

// Slice: size -1 means "to the end of the dim".
// CHECK-LABEL: func.func @slice
// CHECK: tfcc.Slice {{.*}} -> tensor<2x5xf32>
// CHECK: tfcc.Slice {{.*}} -> tensor<2x?xf32>
func.func @slice(%x: tensor<4x5xf32>, %b: tensor<2xi32>) -> (tensor<*xf32>, tensor<*xf32>) {
  %begin = tfcc.Const {value = dense<[1, 0]> : tensor<2xi32>} : tensor<2xi32>
  %size = tfcc.Const {value = dense<[2, -1]> : tensor<2xi32>} : tensor<2xi32>
  %0 = tfcc.Slice %x, %begin, %size : (tensor<4x5xf32>, tensor<2xi32>, tensor<2xi32>) -> tensor<*xf32>
  %1 = tfcc.Slice %x, %b, %size : (tensor<4x5xf32>, tensor<2xi32>, tensor<2xi32>) -> tensor<*xf32>
  return %0, %1 : tensor<*xf32>, tensor<*xf32>
}

// -----

// x[1:3, ::2] of a 5x6 tensor.
// CHECK-LABEL: func.func @strided_slice_masks
// CHECK: tfcc.StridedSlice {{.*}} -> tensor<2x3xf32>
func.func @strided_slice_masks(%x: tensor<5x6xf32>) -> tensor<*xf32> {
  %b = tfcc.Const {value = dense<[1, 0]> : tensor<2xi32>} : tensor<2xi32>
  %e = tfcc.Const {value = dense<[3, 0]> : tensor<2xi32>} : tensor<2xi32>
  %s = tfcc.Const {value = dense<[1, 2]> : tensor<2xi32>} : tensor<2xi32>
  %0 = tfcc.StridedSlice %x, %b, %e, %s {begin_mask = 2, end_mask = 2} : (tensor<5x6xf32>, tensor<2xi32>, tensor<2xi32>, tensor<2xi32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

// x[tf.newaxis, :, 1] of a 4x3 tensor: a new leading axis, the last shrunk.
// CHECK-LABEL: func.func @strided_slice_new_axis
// CHECK: tfcc.StridedSlice {{.*}} -> tensor<1x4xf32>
func.func @strided_slice_new_axis(%x: tensor<4x3xf32>) -> tensor<*xf32> {
  %b = tfcc.Const {value = dense<[0, 0, 1]> : tensor<3xi32>} : tensor<3xi32>
  %e = tfcc.Const {value = dense<[0, 0, 2]> : tensor<3xi32>} : tensor<3xi32>
  %s = tfcc.Const {value = dense<1> : tensor<3xi32>} : tensor<3xi32>
  %0 = tfcc.StridedSlice %x, %b, %e, %s {new_axis_mask = 1, begin_mask = 2, end_mask = 2, shrink_axis_mask = 4} : (tensor<4x3xf32>, tensor<3xi32>, tensor<3xi32>, tensor<3xi32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

// x[..., 1:3] and x[..., tf.newaxis, 0] of a 2x3x4 tensor.
// CHECK-LABEL: func.func @strided_slice_ellipsis
// CHECK: tfcc.StridedSlice {{.*}} -> tensor<2x3x2xf32>
// CHECK: tfcc.StridedSlice {{.*}} -> tensor<2x3x1xf32>
// CHECK: tfcc.StridedSlice {{.*}} -> tensor<3x4xf32>
func.func @strided_slice_ellipsis(%x: tensor<2x3x4xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  %b = tfcc.Const {value = dense<[0, 1]> : tensor<2xi32>} : tensor<2xi32>
  %e = tfcc.Const {value = dense<[0, 3]> : tensor<2xi32>} : tensor<2xi32>
  %s = tfcc.Const {value = dense<1> : tensor<2xi32>} : tensor<2xi32>
  %0 = tfcc.StridedSlice %x, %b, %e, %s {ellipsis_mask = 1} : (tensor<2x3x4xf32>, tensor<2xi32>, tensor<2xi32>, tensor<2xi32>) -> tensor<*xf32>
  %b3 = tfcc.Const {value = dense<0> : tensor<3xi32>} : tensor<3xi32>
  %e3 = tfcc.Const {value = dense<[0, 0, 1]> : tensor<3xi32>} : tensor<3xi32>
  %s3 = tfcc.Const {value = dense<1> : tensor<3xi32>} : tensor<3xi32>
  %1 = tfcc.StridedSlice %x, %b3, %e3, %s3 {ellipsis_mask = 1, new_axis_mask = 2, shrink_axis_mask = 4} : (tensor<2x3x4xf32>, tensor<3xi32>, tensor<3xi32>, tensor<3xi32>) -> tensor<*xf32>
  // x[1, ...]: the ellipsis is last and covers the remaining dims.
  %b2 = tfcc.Const {value = dense<[1, 0]> : tensor<2xi32>} : tensor<2xi32>
  %e2 = tfcc.Const {value = dense<[2, 0]> : tensor<2xi32>} : tensor<2xi32>
  %2 = tfcc.StridedSlice %x, %b2, %e2, %s {ellipsis_mask = 2, shrink_axis_mask = 1} : (tensor<2x3x4xf32>, tensor<2xi32>, tensor<2xi32>, tensor<2xi32>) -> tensor<*xf32>
  return %0, %1, %2 : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// -----

// Negative strides, negative indices, clamping and x[-1].
// CHECK-LABEL: func.func @strided_slice_strides
// CHECK: tfcc.StridedSlice {{.*}} -> tensor<5xf32>
// CHECK: tfcc.StridedSlice {{.*}} -> tensor<2xf32>
// CHECK: tfcc.StridedSlice {{.*}} -> tensor<3xf32>
// CHECK: tfcc.StridedSlice {{.*}} -> tensor<0xf32>
// CHECK: tfcc.StridedSlice {{.*}} -> tensor<3xf32>
func.func @strided_slice_strides(%x: tensor<5xf32>, %m: tensor<4x3xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  %z = tfcc.Const {value = dense<0> : tensor<1xi32>} : tensor<1xi32>
  %m1 = tfcc.Const {value = dense<-1> : tensor<1xi32>} : tensor<1xi32>
  %m2 = tfcc.Const {value = dense<-2> : tensor<1xi32>} : tensor<1xi32>
  %one = tfcc.Const {value = dense<1> : tensor<1xi32>} : tensor<1xi32>
  %two = tfcc.Const {value = dense<2> : tensor<1xi32>} : tensor<1xi32>
  %ten = tfcc.Const {value = dense<10> : tensor<1xi32>} : tensor<1xi32>
  // x[::-1]
  %0 = tfcc.StridedSlice %x, %z, %z, %m1 {begin_mask = 1, end_mask = 1} : (tensor<5xf32>, tensor<1xi32>, tensor<1xi32>, tensor<1xi32>) -> tensor<*xf32>
  // x[-1:0:-2] = x[4], x[2]
  %1 = tfcc.StridedSlice %x, %m1, %z, %m2 : (tensor<5xf32>, tensor<1xi32>, tensor<1xi32>, tensor<1xi32>) -> tensor<*xf32>
  // x[2:10] is clamped to x[2:5]
  %2 = tfcc.StridedSlice %x, %two, %ten, %one : (tensor<5xf32>, tensor<1xi32>, tensor<1xi32>, tensor<1xi32>) -> tensor<*xf32>
  // x[2:1] is empty
  %3 = tfcc.StridedSlice %x, %two, %one, %one : (tensor<5xf32>, tensor<1xi32>, tensor<1xi32>, tensor<1xi32>) -> tensor<*xf32>
  // m[-1]
  %4 = tfcc.StridedSlice %m, %m1, %z, %one {shrink_axis_mask = 1} : (tensor<4x3xf32>, tensor<1xi32>, tensor<1xi32>, tensor<1xi32>) -> tensor<*xf32>
  return %0, %1, %2, %3, %4 : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// -----

// GatherV2: params[:axis] + indices[batch_dims:] + params[axis+1:].
// CHECK-LABEL: func.func @gather_v2
// CHECK: tfcc.GatherV2 {{.*}} -> tensor<5x2x3x7xf32>
// CHECK: tfcc.GatherV2 {{.*}} -> tensor<4x3x6xf32>
// CHECK: tfcc.GatherV2 {{.*}} -> tensor<4x2xf32>
// CHECK: tfcc.Gather {{.*}} -> tensor<4x3xf32>
func.func @gather_v2(%p: tensor<5x6x7xf32>, %i: tensor<2x3xi32>, %bp: tensor<4x5x6xf32>, %bi: tensor<4x3xi64>, %q: tensor<4x5xf32>, %qi: tensor<4x2xi32>, %g: tensor<5x3xf32>, %gi: tensor<4xi32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  %one = tfcc.Const {value = dense<1> : tensor<i32>} : tensor<i32>
  %0 = tfcc.GatherV2 %p, %i, %one : (tensor<5x6x7xf32>, tensor<2x3xi32>, tensor<i32>) -> tensor<*xf32>
  %1 = tfcc.GatherV2 %bp, %bi, %one {batch_dims = 1} : (tensor<4x5x6xf32>, tensor<4x3xi64>, tensor<i32>) -> tensor<*xf32>
  %m1 = tfcc.Const {value = dense<-1> : tensor<i32>} : tensor<i32>
  %2 = tfcc.GatherV2 %q, %qi, %m1 {batch_dims = -1} : (tensor<4x5xf32>, tensor<4x2xi32>, tensor<i32>) -> tensor<*xf32>
  %3 = tfcc.Gather %g, %gi : (tensor<5x3xf32>, tensor<4xi32>) -> tensor<*xf32>
  return %0, %1, %2, %3 : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// -----

// OneHot inserts the depth dim at axis (-1: last).
// CHECK-LABEL: func.func @one_hot
// CHECK: tfcc.OneHot {{.*}} -> tensor<4x3xf32>
// CHECK: tfcc.OneHot {{.*}} -> tensor<3x4xf32>
// CHECK: tfcc.OneHot {{.*}} -> tensor<2x3x4xi32>
// CHECK: tfcc.OneHot {{.*}} -> tensor<4x?xf32>
func.func @one_hot(%i: tensor<4xi32>, %j: tensor<2x4xi64>, %on: tensor<f32>, %off: tensor<f32>, %ion: tensor<i32>, %ioff: tensor<i32>, %d: tensor<i32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xi32>, tensor<*xf32>) {
  %three = tfcc.Const {value = dense<3> : tensor<i32>} : tensor<i32>
  %0 = tfcc.OneHot %i, %three, %on, %off : (tensor<4xi32>, tensor<i32>, tensor<f32>, tensor<f32>) -> tensor<*xf32>
  %1 = tfcc.OneHot %i, %three, %on, %off {axis = 0} : (tensor<4xi32>, tensor<i32>, tensor<f32>, tensor<f32>) -> tensor<*xf32>
  %2 = tfcc.OneHot %j, %three, %ion, %ioff {axis = 1} : (tensor<2x4xi64>, tensor<i32>, tensor<i32>, tensor<i32>) -> tensor<*xi32>
  %3 = tfcc.OneHot %i, %d, %on, %off : (tensor<4xi32>, tensor<i32>, tensor<f32>, tensor<f32>) -> tensor<*xf32>
  return %0, %1, %2, %3 : tensor<*xf32>, tensor<*xf32>, tensor<*xi32>, tensor<*xf32>
}

// -----

// CHECK-LABEL: func.func @tile
// CHECK: tfcc.Tile {{.*}} -> tensor<4x9xf32>
// CHECK: tfcc.Tile {{.*}} -> tensor<?x6xf32>
func.func @tile(%x: tensor<2x3xf32>, %y: tensor<?x3xf32>) -> (tensor<*xf32>, tensor<*xf32>) {
  %m = tfcc.Const {value = dense<[2, 3]> : tensor<2xi32>} : tensor<2xi32>
  %0 = tfcc.Tile %x, %m : (tensor<2x3xf32>, tensor<2xi32>) -> tensor<*xf32>
  %n = tfcc.Const {value = dense<2> : tensor<2xi32>} : tensor<2xi32>
  %1 = tfcc.Tile %y, %n : (tensor<?x3xf32>, tensor<2xi32>) -> tensor<*xf32>
  return %0, %1 : tensor<*xf32>, tensor<*xf32>
}

// -----

// CHECK-LABEL: func.func @pad
// CHECK: tfcc.Pad {{.*}} -> tensor<4x5xf32>
// CHECK: tfcc.PadV2 {{.*}} -> tensor<4x5xf32>
// CHECK: tfcc.Pad {{.*}} -> tensor<?x?xf32>
func.func @pad(%x: tensor<2x3xf32>, %v: tensor<f32>, %p: tensor<2x2xi32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>) {
  %c = tfcc.Const {value = dense<[[1, 1], [0, 2]]> : tensor<2x2xi32>} : tensor<2x2xi32>
  %0 = tfcc.Pad %x, %c : (tensor<2x3xf32>, tensor<2x2xi32>) -> tensor<*xf32>
  %1 = tfcc.PadV2 %x, %c, %v : (tensor<2x3xf32>, tensor<2x2xi32>, tensor<f32>) -> tensor<*xf32>
  %2 = tfcc.Pad %x, %p : (tensor<2x3xf32>, tensor<2x2xi32>) -> tensor<*xf32>
  return %0, %1, %2 : tensor<*xf32>, tensor<*xf32>, tensor<*xf32>
}

// -----

// Unique: y's length is data-dependent; idx has x's length.
// CHECK-LABEL: func.func @unique
// CHECK: tfcc.Unique {{.*}} -> (tensor<?xf32>, tensor<6xi32>)
// CHECK: tfcc.Unique {{.*}} -> (tensor<?xf32>, tensor<6xi64>)
func.func @unique(%x: tensor<6xf32>) -> (tensor<*xf32>, tensor<*xi32>, tensor<*xi64>) {
  %y, %idx = tfcc.Unique %x : (tensor<6xf32>) -> (tensor<*xf32>, tensor<*xi32>)
  %y2, %idx2 = tfcc.Unique %x {out_idx = i64} : (tensor<6xf32>) -> (tensor<*xf32>, tensor<*xi64>)
  return %y, %idx, %idx2 : tensor<*xf32>, tensor<*xi32>, tensor<*xi64>
}

// -----

// [num_segments] + data.shape[rank(segment_ids):]
// CHECK-LABEL: func.func @unsorted_segment_sum
// CHECK: tfcc.UnsortedSegmentSum {{.*}} -> tensor<3x4xf32>
// CHECK: tfcc.UnsortedSegmentSum {{.*}} -> tensor<?x4xf32>
func.func @unsorted_segment_sum(%d: tensor<6x4xf32>, %ids: tensor<6xi32>, %d3: tensor<2x3x4xf32>, %ids2: tensor<2x3xi64>, %n: tensor<i32>) -> (tensor<*xf32>, tensor<*xf32>) {
  %three = tfcc.Const {value = dense<3> : tensor<i32>} : tensor<i32>
  %0 = tfcc.UnsortedSegmentSum %d, %ids, %three : (tensor<6x4xf32>, tensor<6xi32>, tensor<i32>) -> tensor<*xf32>
  %1 = tfcc.UnsortedSegmentSum %d3, %ids2, %n : (tensor<2x3x4xf32>, tensor<2x3xi64>, tensor<i32>) -> tensor<*xf32>
  return %0, %1 : tensor<*xf32>, tensor<*xf32>
}

// -----

// Squeeze without squeeze_dims drops the dims that are 1 at run time; an
// unknown dim may be 1, so TF gives an unknown shape.
// CHECK-LABEL: func.func @squeeze_unknown_dim
// CHECK: tfcc.Squeeze {{.*}} -> tensor<*xf32>
func.func @squeeze_unknown_dim(%x: tensor<?x3xf32>) -> tensor<*xf32> {
  %0 = tfcc.Squeeze %x : (tensor<?x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

// MirrorPad pads like Pad.
// CHECK-LABEL: func.func @mirror_pad
// CHECK: tfcc.MirrorPad {{.*}} -> tensor<4x7xf32>
func.func @mirror_pad(%x: tensor<2x3xf32>) -> tensor<*xf32> {
  %p = tfcc.Const {value = dense<[[1, 1], [2, 2]]> : tensor<2x2xi32>} : tensor<2x2xi32>
  %0 = tfcc.MirrorPad %x, %p {mode = "REFLECT"} : (tensor<2x3xf32>, tensor<2x2xi32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}
