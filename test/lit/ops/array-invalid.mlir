// RUN: tfcc-opt --split-input-file --verify-diagnostics %s

// Every diagnostic the array ops' shape rules emit (ArrayOps.cpp, and the
// shared axis rule of ShapeRules.cpp).

func.func @fill_value_not_scalar(%v: tensor<2xf32>) -> tensor<*xf32> {
  %d = tfcc.Const {value = dense<[2, 3]> : tensor<2xi32>} : tensor<2xi32>
  // expected-error @+1 {{value must be a scalar, got shape [2]}}
  %0 = tfcc.Fill %d, %v : (tensor<2xi32>, tensor<2xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @fill_negative_dims(%v: tensor<f32>) -> tensor<*xf32> {
  %d = tfcc.Const {value = dense<[2, -3]> : tensor<2xi32>} : tensor<2xi32>
  // expected-error @+1 {{dims must be non-negative}}
  %0 = tfcc.Fill %d, %v : (tensor<2xi32>, tensor<f32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @broadcast_to_smaller(%x: tensor<2x3xf32>) -> tensor<*xf32> {
  %s = tfcc.Const {value = dense<[3]> : tensor<1xi32>} : tensor<1xi32>
  // expected-error @+1 {{cannot broadcast [2,3] to [3]}}
  %0 = tfcc.BroadcastTo %x, %s : (tensor<2x3xf32>, tensor<1xi32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @broadcast_to_incompatible(%x: tensor<3xf32>) -> tensor<*xf32> {
  %s = tfcc.Const {value = dense<[2, 4]> : tensor<2xi32>} : tensor<2xi32>
  // expected-error @+1 {{operands have incompatible shapes [3] and [2,4]}}
  %0 = tfcc.BroadcastTo %x, %s : (tensor<3xf32>, tensor<2xi32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @reshape_two_unknown(%x: tensor<2x3xf32>) -> tensor<*xf32> {
  %s = tfcc.Const {value = dense<[-1, -1]> : tensor<2xi32>} : tensor<2xi32>
  // expected-error @+1 {{has more than one -1}}
  %0 = tfcc.Reshape %x, %s : (tensor<2x3xf32>, tensor<2xi32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @reshape_negative(%x: tensor<2x3xf32>) -> tensor<*xf32> {
  %s = tfcc.Const {value = dense<[-2, 3]> : tensor<2xi32>} : tensor<2xi32>
  // expected-error @+1 {{has a negative dim}}
  %0 = tfcc.Reshape %x, %s : (tensor<2x3xf32>, tensor<2xi32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @reshape_indivisible(%x: tensor<2x3xf32>) -> tensor<*xf32> {
  %s = tfcc.Const {value = dense<[-1, 4]> : tensor<2xi32>} : tensor<2xi32>
  // expected-error @+1 {{cannot reshape [2,3] (6 elements) to [-1,4]}}
  %0 = tfcc.Reshape %x, %s : (tensor<2x3xf32>, tensor<2xi32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @reshape_count(%x: tensor<2x3xf32>) -> tensor<*xf32> {
  %s = tfcc.Const {value = dense<[7]> : tensor<1xi64>} : tensor<1xi64>
  // expected-error @+1 {{cannot reshape [2,3] (6 elements) to [7] (7 elements)}}
  %0 = tfcc.Reshape %x, %s : (tensor<2x3xf32>, tensor<1xi64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @squeeze_not_one(%x: tensor<1x3xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{cannot squeeze dim 1 of size 3}}
  %0 = tfcc.Squeeze %x {squeeze_dims = [1]} : (tensor<1x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @squeeze_out_of_range(%x: tensor<1x3xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{squeeze dim -3 is out of range for rank 2}}
  %0 = tfcc.Squeeze %x {squeeze_dims = [-3]} : (tensor<1x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @expand_dims_out_of_range(%x: tensor<3xf32>) -> tensor<*xf32> {
  %d = tfcc.Const {value = dense<2> : tensor<i32>} : tensor<i32>
  // expected-error @+1 {{dim 2 is out of range for rank 2}}
  %0 = tfcc.ExpandDims %x, %d : (tensor<3xf32>, tensor<i32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @transpose_rank(%x: tensor<2x3x4xf32>) -> tensor<*xf32> {
  %p = tfcc.Const {value = dense<[1, 0]> : tensor<2xi32>} : tensor<2xi32>
  // expected-error @+1 {{perm [1,0] does not match rank 3}}
  %0 = tfcc.Transpose %x, %p : (tensor<2x3x4xf32>, tensor<2xi32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @transpose_not_permutation(%x: tensor<2x3x4xf32>) -> tensor<*xf32> {
  %p = tfcc.Const {value = dense<[0, 0, 1]> : tensor<3xi32>} : tensor<3xi32>
  // expected-error @+1 {{perm [0,0,1] is not a permutation}}
  %0 = tfcc.Transpose %x, %p : (tensor<2x3x4xf32>, tensor<3xi32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @transpose_wrong_result(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %p = tfcc.Const {value = dense<[1, 0]> : tensor<2xi32>} : tensor<2xi32>
  // expected-error @+1 {{result #0 has type 'tensor<2x3xf32>', but its inputs give 'tensor<3x2xf32>'}}
  %0 = tfcc.Transpose %x, %p : (tensor<2x3xf32>, tensor<2xi32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @pack_empty() -> tensor<*xf32> {
  // expected-error @+1 {{needs at least one input}}
  %0 = tfcc.Pack : () -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @pack_dtypes(%a: tensor<2xf32>, %b: tensor<2xi32>) -> tensor<*xf32> {
  // expected-error @+1 {{inputs have different dtypes 'f32' and 'i32'}}
  %0 = tfcc.Pack %a, %b : (tensor<2xf32>, tensor<2xi32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @pack_shapes(%a: tensor<2x3xf32>, %b: tensor<3x2xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{inputs have different shapes [2,3] and [3,2]}}
  %0 = tfcc.Pack %a, %b : (tensor<2x3xf32>, tensor<3x2xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @pack_axis(%a: tensor<2x3xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{axis 3 is out of range for rank 3}}
  %0 = tfcc.Pack %a, %a {axis = 3} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @unpack_num(%x: tensor<4x2xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{num = 3 but dim 0 has size 4}}
  %0:3 = tfcc.Unpack %x {num = 3} : (tensor<4x2xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>)
  return %0#0 : tensor<*xf32>
}

// -----

func.func @unpack_result_count(%x: tensor<2x5xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{has 3 results, but its inputs and attributes give 2}}
  %0:3 = tfcc.Unpack %x {num = 2} : (tensor<2x5xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>)
  return %0#0 : tensor<*xf32>
}

// -----

func.func @concat_empty(%axis: tensor<i32>) -> tensor<*xf32> {
  // expected-error @+1 {{needs at least one input}}
  %0 = tfcc.ConcatV2 %axis : (tensor<i32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @concat_dtypes(%a: tensor<2xf32>, %b: tensor<2xi32>, %axis: tensor<i32>) -> tensor<*xf32> {
  // expected-error @+1 {{inputs have different dtypes 'f32' and 'i32'}}
  %0 = tfcc.ConcatV2 %a, %b, %axis : (tensor<2xf32>, tensor<2xi32>, tensor<i32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @concat_ranks(%a: tensor<2x3xf32>, %b: tensor<3xf32>, %axis: tensor<i32>) -> tensor<*xf32> {
  // expected-error @+1 {{inputs have different ranks 2 and 1}}
  %0 = tfcc.ConcatV2 %a, %b, %axis : (tensor<2x3xf32>, tensor<3xf32>, tensor<i32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @concat_dims(%a: tensor<2x3xf32>, %b: tensor<3x3xf32>) -> tensor<*xf32> {
  %one = tfcc.Const {value = dense<1> : tensor<i32>} : tensor<i32>
  // expected-error @+1 {{inputs differ in dim 0: 2 vs 3}}
  %0 = tfcc.ConcatV2 %a, %b, %one : (tensor<2x3xf32>, tensor<3x3xf32>, tensor<i32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @concat_axis(%a: tensor<2x3xf32>) -> tensor<*xf32> {
  %two = tfcc.Const {value = dense<2> : tensor<i32>} : tensor<i32>
  // expected-error @+1 {{axis 2 is out of range for rank 2}}
  %0 = tfcc.Concat %two, %a, %a : (tensor<i32>, tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @split_zero(%d: tensor<i32>, %x: tensor<4xf32>) {
  // expected-error @+1 {{num_split must be positive, got 0}}
  tfcc.Split %d, %x {num_split = 0} : (tensor<i32>, tensor<4xf32>) -> ()
  return
}

// -----

func.func @split_uneven(%x: tensor<4x6xf32>) -> tensor<*xf32> {
  %one = tfcc.Const {value = dense<1> : tensor<i32>} : tensor<i32>
  // expected-error @+1 {{dim 1 of size 6 does not split evenly into 4}}
  %0:4 = tfcc.Split %one, %x {num_split = 4} : (tensor<i32>, tensor<4x6xf32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>, tensor<*xf32>)
  return %0#0 : tensor<*xf32>
}

// -----

func.func @split_dim(%x: tensor<4x6xf32>) -> tensor<*xf32> {
  %two = tfcc.Const {value = dense<2> : tensor<i32>} : tensor<i32>
  // expected-error @+1 {{split_dim 2 is out of range for rank 2}}
  %0:2 = tfcc.Split %two, %x {num_split = 2} : (tensor<i32>, tensor<4x6xf32>) -> (tensor<*xf32>, tensor<*xf32>)
  return %0#0 : tensor<*xf32>
}

// -----

func.func @split_v_sizes(%x: tensor<6xf32>, %d: tensor<i32>) -> tensor<*xf32> {
  %s = tfcc.Const {value = dense<[2, 4]> : tensor<2xi32>} : tensor<2xi32>
  // expected-error @+1 {{size_splits has 2 entries for num_split 3}}
  %0:3 = tfcc.SplitV %x, %s, %d {num_split = 3} : (tensor<6xf32>, tensor<2xi32>, tensor<i32>) -> (tensor<*xf32>, tensor<*xf32>, tensor<*xf32>)
  return %0#0 : tensor<*xf32>
}

// -----

func.func @slice_rank(%x: tensor<4x5xf32>, %b: tensor<1xi32>) -> tensor<*xf32> {
  %s = tfcc.Const {value = dense<[2]> : tensor<1xi32>} : tensor<1xi32>
  // expected-error @+1 {{size [2] does not match rank 2}}
  %0 = tfcc.Slice %x, %b, %s : (tensor<4x5xf32>, tensor<1xi32>, tensor<1xi32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @slice_bounds(%x: tensor<4x5xf32>) -> tensor<*xf32> {
  %b = tfcc.Const {value = dense<[3, 0]> : tensor<2xi32>} : tensor<2xi32>
  %s = tfcc.Const {value = dense<[2, 1]> : tensor<2xi32>} : tensor<2xi32>
  // expected-error @+1 {{slice [3, 5) is out of bounds for dim 0 of size 4}}
  %0 = tfcc.Slice %x, %b, %s : (tensor<4x5xf32>, tensor<2xi32>, tensor<2xi32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @strided_slice_lengths(%x: tensor<4x5xf32>) -> tensor<*xf32> {
  %b = tfcc.Const {value = dense<0> : tensor<2xi32>} : tensor<2xi32>
  %e = tfcc.Const {value = dense<1> : tensor<1xi32>} : tensor<1xi32>
  // expected-error @+1 {{begin, end and strides must have the same length}}
  %0 = tfcc.StridedSlice %x, %b, %e, %b : (tensor<4x5xf32>, tensor<2xi32>, tensor<1xi32>, tensor<2xi32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @strided_slice_two_ellipses(%x: tensor<4x5xf32>) -> tensor<*xf32> {
  %z = tfcc.Const {value = dense<0> : tensor<2xi32>} : tensor<2xi32>
  %s = tfcc.Const {value = dense<1> : tensor<2xi32>} : tensor<2xi32>
  // expected-error @+1 {{has more than one ellipsis}}
  %0 = tfcc.StridedSlice %x, %z, %z, %s {ellipsis_mask = 3} : (tensor<4x5xf32>, tensor<2xi32>, tensor<2xi32>, tensor<2xi32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @strided_slice_too_many(%x: tensor<4x5xf32>) -> tensor<*xf32> {
  %z = tfcc.Const {value = dense<0> : tensor<3xi32>} : tensor<3xi32>
  %s = tfcc.Const {value = dense<1> : tensor<3xi32>} : tensor<3xi32>
  // expected-error @+1 {{index 2 is out of range for rank 2}}
  %0 = tfcc.StridedSlice %x, %z, %s, %s : (tensor<4x5xf32>, tensor<3xi32>, tensor<3xi32>, tensor<3xi32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @strided_slice_zero_stride(%x: tensor<4x5xf32>) -> tensor<*xf32> {
  %z = tfcc.Const {value = dense<0> : tensor<2xi32>} : tensor<2xi32>
  %e = tfcc.Const {value = dense<2> : tensor<2xi32>} : tensor<2xi32>
  %s = tfcc.Const {value = dense<[1, 0]> : tensor<2xi32>} : tensor<2xi32>
  // expected-error @+1 {{stride 1 is zero}}
  %0 = tfcc.StridedSlice %x, %z, %e, %s : (tensor<4x5xf32>, tensor<2xi32>, tensor<2xi32>, tensor<2xi32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @strided_slice_shrink_bounds(%x: tensor<4x5xf32>) -> tensor<*xf32> {
  %b = tfcc.Const {value = dense<[4]> : tensor<1xi32>} : tensor<1xi32>
  %e = tfcc.Const {value = dense<[5]> : tensor<1xi32>} : tensor<1xi32>
  %s = tfcc.Const {value = dense<1> : tensor<1xi32>} : tensor<1xi32>
  // expected-error @+1 {{index 4 is out of bounds for dim 0 of size 4}}
  %0 = tfcc.StridedSlice %x, %b, %e, %s {shrink_axis_mask = 1} : (tensor<4x5xf32>, tensor<1xi32>, tensor<1xi32>, tensor<1xi32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @gather_axis(%p: tensor<4x5xf32>, %i: tensor<3xi32>) -> tensor<*xf32> {
  %a = tfcc.Const {value = dense<-3> : tensor<i32>} : tensor<i32>
  // expected-error @+1 {{axis -3 is out of range for rank 2}}
  %0 = tfcc.GatherV2 %p, %i, %a : (tensor<4x5xf32>, tensor<3xi32>, tensor<i32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

// batch_dims may not exceed axis.
func.func @gather_batch_dims(%p: tensor<4x5xf32>, %i: tensor<4x2xi32>) -> tensor<*xf32> {
  %a = tfcc.Const {value = dense<0> : tensor<i32>} : tensor<i32>
  // expected-error @+1 {{batch_dims 1 is out of range}}
  %0 = tfcc.GatherV2 %p, %i, %a {batch_dims = 1} : (tensor<4x5xf32>, tensor<4x2xi32>, tensor<i32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @one_hot_dtypes(%i: tensor<4xi32>, %d: tensor<i32>, %on: tensor<f32>, %off: tensor<f64>) -> tensor<*xf32> {
  // expected-error @+1 {{on_value and off_value have different dtypes}}
  %0 = tfcc.OneHot %i, %d, %on, %off : (tensor<4xi32>, tensor<i32>, tensor<f32>, tensor<f64>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @one_hot_depth(%i: tensor<4xi32>, %on: tensor<f32>) -> tensor<*xf32> {
  %d = tfcc.Const {value = dense<-1> : tensor<i32>} : tensor<i32>
  // expected-error @+1 {{depth must be non-negative, got -1}}
  %0 = tfcc.OneHot %i, %d, %on, %on : (tensor<4xi32>, tensor<i32>, tensor<f32>, tensor<f32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @one_hot_axis(%i: tensor<4xi32>, %d: tensor<i32>, %on: tensor<f32>) -> tensor<*xf32> {
  // expected-error @+1 {{axis 2 is out of range}}
  %0 = tfcc.OneHot %i, %d, %on, %on {axis = 2} : (tensor<4xi32>, tensor<i32>, tensor<f32>, tensor<f32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @tile_rank(%x: tensor<2x3xf32>) -> tensor<*xf32> {
  %m = tfcc.Const {value = dense<[2]> : tensor<1xi32>} : tensor<1xi32>
  // expected-error @+1 {{multiples [2] does not match rank 2}}
  %0 = tfcc.Tile %x, %m : (tensor<2x3xf32>, tensor<1xi32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @tile_negative(%x: tensor<2x3xf32>) -> tensor<*xf32> {
  %m = tfcc.Const {value = dense<[2, -1]> : tensor<2xi32>} : tensor<2xi32>
  // expected-error @+1 {{multiples must be non-negative}}
  %0 = tfcc.Tile %x, %m : (tensor<2x3xf32>, tensor<2xi32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @pad_shape(%x: tensor<2x3xf32>) -> tensor<*xf32> {
  %p = tfcc.Const {value = dense<[[1, 1]]> : tensor<1x2xi32>} : tensor<1x2xi32>
  // expected-error @+1 {{paddings must be [2, 2]}}
  %0 = tfcc.Pad %x, %p : (tensor<2x3xf32>, tensor<1x2xi32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @pad_negative(%x: tensor<2x3xf32>, %v: tensor<f32>) -> tensor<*xf32> {
  %p = tfcc.Const {value = dense<[[1, 1], [0, -1]]> : tensor<2x2xi32>} : tensor<2x2xi32>
  // expected-error @+1 {{paddings must be non-negative}}
  %0 = tfcc.PadV2 %x, %p, %v : (tensor<2x3xf32>, tensor<2x2xi32>, tensor<f32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @unique_not_vector(%x: tensor<2x3xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{x must be a vector, got shape [2,3]}}
  %y, %idx = tfcc.Unique %x : (tensor<2x3xf32>) -> (tensor<*xf32>, tensor<*xi32>)
  return %y : tensor<*xf32>
}

// -----

func.func @segment_ids_rank(%d: tensor<6xf32>, %ids: tensor<6x1xi32>, %n: tensor<i32>) -> tensor<*xf32> {
  // expected-error @+1 {{segment_ids rank exceeds data rank}}
  %0 = tfcc.UnsortedSegmentSum %d, %ids, %n : (tensor<6xf32>, tensor<6x1xi32>, tensor<i32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

// Diagnostics print negative values as "?" (shapeString is meant for
// shapes): Fill reports "dims must be non-negative, got [2,?]".
func.func @fill_negative_dims_message(%v: tensor<f32>) -> tensor<*xf32> {
  %d = tfcc.Const {value = dense<[2, -3]> : tensor<2xi32>} : tensor<2xi32>
  // expected-error @+1 {{dims must be non-negative, got [2,-3]}}
  %0 = tfcc.Fill %d, %v : (tensor<2xi32>, tensor<f32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @mirror_pad_mode(%x: tensor<2x3xf32>, %p: tensor<2x2xi32>) -> tensor<*xf32> {
  // expected-error @+1 {{mode must be REFLECT or SYMMETRIC, got 'EDGE'}}
  %0 = tfcc.MirrorPad %x, %p {mode = "EDGE"} : (tensor<2x3xf32>, tensor<2x2xi32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @strided_slice_grad_negative_shape(%dy: tensor<2xf32>) -> tensor<*xf32> {
  %shape = tfcc.Const {value = dense<[3, -1]> : tensor<2xi32>} : tensor<2xi32>
  %b = tfcc.Const {value = dense<0> : tensor<1xi32>} : tensor<1xi32>
  // expected-error @+1 {{shape [3,-1] has a negative dim}}
  %0 = tfcc.StridedSliceGrad %shape, %b, %b, %b, %dy : (tensor<2xi32>, tensor<1xi32>, tensor<1xi32>, tensor<1xi32>, tensor<2xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}
