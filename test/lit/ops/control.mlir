// RUN: tfcc-opt --split-input-file --tfcc-shape-inference %s | FileCheck %s

// Shape rules of calls and functional control flow (ControlOps.td). Callees
// are refined first, so calls see their refined result types.

// CHECK-LABEL: func.func @no_op_assert
// CHECK: tfcc.NoOp
// CHECK: tfcc.Assert %{{.*}}, %{{.*}} {summarize = 5 : i64} : (tensor<i1>, tensor<2xf32>) -> ()
func.func @no_op_assert(%c: tensor<i1>, %x: tensor<2xf32>) {
  tfcc.NoOp : () -> ()
  tfcc.Assert %c, %x {summarize = 5} : (tensor<i1>, tensor<2xf32>) -> ()
  return
}

// -----

// CHECK-LABEL: func.func @calls
// CHECK: tfcc.PartitionedCall {{.*}}f = @callee{{.*}} -> (tensor<2x3xf32>, tensor<i32>)
// CHECK: tfcc.StatefulPartitionedCall {{.*}}f = @callee{{.*}} -> (tensor<2x3xf32>, tensor<i32>)
// CHECK-LABEL: func.func private @callee
// CHECK-SAME: -> (tensor<2x3xf32>, tensor<i32>)
func.func @calls(%x: tensor<2x3xf32>) -> (tensor<*xf32>, tensor<*xi32>) {
  %0:2 = tfcc.PartitionedCall %x {f = @callee} : (tensor<2x3xf32>) -> (tensor<*xf32>, tensor<*xi32>)
  %1:2 = tfcc.StatefulPartitionedCall %x {f = @callee} : (tensor<2x3xf32>) -> (tensor<*xf32>, tensor<*xi32>)
  return %0#0, %1#1 : tensor<*xf32>, tensor<*xi32>
}
func.func private @callee(%x: tensor<2x3xf32>) -> (tensor<*xf32>, tensor<*xi32>) {
  %0 = tfcc.Relu %x : (tensor<2x3xf32>) -> tensor<*xf32>
  %1 = tfcc.Rank %x : (tensor<2x3xf32>) -> tensor<*xi32>
  return %0, %1 : tensor<*xf32>, tensor<*xi32>
}

// -----

// A callee's result of another dtype is not taken.
// CHECK-LABEL: func.func @call_dtype
// CHECK: tfcc.PartitionedCall {{.*}} -> tensor<*xf32>
func.func @call_dtype(%x: tensor<2xi32>) -> tensor<*xf32> {
  %0 = tfcc.PartitionedCall %x {f = @int_callee} : (tensor<2xi32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}
func.func private @int_callee(%x: tensor<2xi32>) -> tensor<2xi32> {
  return %x : tensor<2xi32>
}

// -----

// Branch results give the If's (branches declared with refined types; see
// known-bugs.mlir for branches the pass must refine first).
// CHECK-LABEL: func.func @if
// CHECK: tfcc.If {{.*}} -> tensor<4xf32>
// CHECK: tfcc.StatelessIf {{.*}} -> tensor<4xf32>
func.func @if(%c: tensor<i1>, %x: tensor<4xf32>) -> (tensor<*xf32>, tensor<*xf32>) {
  %0 = tfcc.If %c, %x {then_branch = @then, else_branch = @else} : (tensor<i1>, tensor<4xf32>) -> tensor<*xf32>
  %1 = tfcc.StatelessIf %c, %x {then_branch = @then, else_branch = @else} : (tensor<i1>, tensor<4xf32>) -> tensor<*xf32>
  return %0, %1 : tensor<*xf32>, tensor<*xf32>
}
func.func private @then(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = tfcc.Neg %x : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
func.func private @else(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = tfcc.Exp %x : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @case
// CHECK: tfcc.Case {{.*}} -> tensor<3x2xf32>
func.func @case(%i: tensor<i32>, %x: tensor<2x3xf32>) -> tensor<*xf32> {
  %0 = tfcc.Case %i, %x {branches = [@b0, @b1]} : (tensor<i32>, tensor<2x3xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}
func.func private @b0(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  %p = tfcc.Const {value = dense<[1, 0]> : tensor<2xi32>} : tensor<2xi32>
  %0 = tfcc.Transpose %x, %p : (tensor<2x3xf32>, tensor<2xi32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}
func.func private @b1(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  %s = tfcc.Const {value = dense<[3, 2]> : tensor<2xi32>} : tensor<2xi32>
  %0 = tfcc.Reshape %x, %s : (tensor<2x3xf32>, tensor<2xi32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

// A loop may change shapes between iterations: results keep their declared
// types (the body's shapes are not taken).
// CHECK-LABEL: func.func @while
// CHECK: tfcc.While {{.*}} -> (tensor<i32>, tensor<*xf32>)
// CHECK: tfcc.StatelessWhile {{.*}} -> (tensor<i32>, tensor<*xf32>)
func.func @while(%i: tensor<i32>, %x: tensor<2xf32>) -> (tensor<*xf32>, tensor<*xf32>) {
  %0:2 = tfcc.While %i, %x {cond = @cond, body = @body, parallel_iterations = 1} : (tensor<i32>, tensor<2xf32>) -> (tensor<i32>, tensor<*xf32>)
  %1:2 = tfcc.StatelessWhile %i, %x {cond = @cond, body = @body} : (tensor<i32>, tensor<2xf32>) -> (tensor<i32>, tensor<*xf32>)
  return %0#1, %1#1 : tensor<*xf32>, tensor<*xf32>
}
func.func private @cond(%i: tensor<i32>, %x: tensor<*xf32>) -> tensor<i1> {
  %n = tfcc.Const {value = dense<10> : tensor<i32>} : tensor<i32>
  %0 = tfcc.Less %i, %n : (tensor<i32>, tensor<i32>) -> tensor<i1>
  return %0 : tensor<i1>
}
func.func private @body(%i: tensor<i32>, %x: tensor<*xf32>) -> (tensor<i32>, tensor<*xf32>) {
  %one = tfcc.Const {value = dense<1> : tensor<i32>} : tensor<i32>
  %0 = tfcc.AddV2 %i, %one : (tensor<i32>, tensor<i32>) -> tensor<i32>
  %z = tfcc.Const {value = dense<0> : tensor<i32>} : tensor<i32>
  %1 = tfcc.ConcatV2 %x, %x, %z : (tensor<*xf32>, tensor<*xf32>, tensor<i32>) -> tensor<*xf32>
  return %0, %1 : tensor<i32>, tensor<*xf32>
}

// -----

// An op the dialect does not know keeps the types the importer gave it.
// CHECK-LABEL: func.func @opaque
// CHECK: tfcc.opaque {{.*}}tf_op = "FancyOp"{{.*}} -> (tensor<*xf32>, tensor<3xi32>)
func.func @opaque(%x: tensor<2xf32>) -> (tensor<*xf32>, tensor<3xi32>) {
  %0:2 = tfcc.opaque %x {tf_op = "FancyOp", tf_attrs = {k = 1 : i64}} : (tensor<2xf32>) -> (tensor<*xf32>, tensor<3xi32>)
  return %0#0, %0#1 : tensor<*xf32>, tensor<3xi32>
}

// -----

// If's results are what either branch may return: [2] or [3] is [?].
// CHECK-LABEL: func.func @if_branches_differ
// CHECK: tfcc.If {{.*}} -> tensor<?xf32>
func.func @if_branches_differ(%c: tensor<i1>, %x: tensor<2xf32>) -> tensor<*xf32> {
  %0 = tfcc.If %c, %x {then_branch = @two, else_branch = @three} : (tensor<i1>, tensor<2xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}
func.func private @two(%x: tensor<2xf32>) -> tensor<2xf32> {
  return %x : tensor<2xf32>
}
func.func private @three(%x: tensor<2xf32>) -> tensor<3xf32> {
  %c = tfcc.Const {value = dense<1.0> : tensor<3xf32>} : tensor<3xf32>
  return %c : tensor<3xf32>
}

// -----

// Branch functions are refined before the If/Case that names them, so the
// caller sees their refined results.
// CHECK-LABEL: func.func @branches_refined_first
// CHECK: tfcc.If {{.*}} -> tensor<4xf32>
// CHECK: tfcc.Case {{.*}} -> tensor<4xf32>
func.func @branches_refined_first(%c: tensor<i1>, %i: tensor<i32>, %x: tensor<4xf32>) -> (tensor<*xf32>, tensor<*xf32>) {
  %0 = tfcc.If %c, %x {then_branch = @neg, else_branch = @exp} : (tensor<i1>, tensor<4xf32>) -> tensor<*xf32>
  %1 = tfcc.Case %i, %x {branches = [@neg, @exp]} : (tensor<i32>, tensor<4xf32>) -> tensor<*xf32>
  return %0, %1 : tensor<*xf32>, tensor<*xf32>
}
func.func private @neg(%x: tensor<4xf32>) -> tensor<*xf32> {
  %0 = tfcc.Neg %x : (tensor<4xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}
func.func private @exp(%x: tensor<4xf32>) -> tensor<*xf32> {
  %0 = tfcc.Exp %x : (tensor<4xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}
