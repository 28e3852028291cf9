// RUN: tfcc-opt --split-input-file --verify-diagnostics %s

// Every diagnostic of calls and functional control flow (ControlOps.cpp and
// the call and loop rules of ShapeRules.cpp).

func.func @callee_missing(%x: tensor<2xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{callee @nope is not a function}}
  %0 = tfcc.PartitionedCall %x {f = @nope} : (tensor<2xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @callee_arity(%x: tensor<2xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{callee @one takes 1 arguments, given 2}}
  %0 = tfcc.StatefulPartitionedCall %x, %x {f = @one} : (tensor<2xf32>, tensor<2xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}
func.func private @one(%x: tensor<2xf32>) -> tensor<2xf32> {
  return %x : tensor<2xf32>
}

// -----

func.func @call_results(%x: tensor<2xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{has 2 results but @one returns 1}}
  %0:2 = tfcc.PartitionedCall %x {f = @one} : (tensor<2xf32>) -> (tensor<*xf32>, tensor<*xf32>)
  return %0#0 : tensor<*xf32>
}
func.func private @one(%x: tensor<2xf32>) -> tensor<2xf32> {
  return %x : tensor<2xf32>
}

// -----

func.func @then_missing(%c: tensor<i1>, %x: tensor<2xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{then_branch @nope is not a function}}
  %0 = tfcc.If %c, %x {then_branch = @nope, else_branch = @one} : (tensor<i1>, tensor<2xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}
func.func private @one(%x: tensor<2xf32>) -> tensor<2xf32> {
  return %x : tensor<2xf32>
}

// -----

func.func @else_arity(%c: tensor<i1>, %x: tensor<2xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{else_branch @two takes 2 arguments, given 1}}
  %0 = tfcc.StatelessIf %c, %x {then_branch = @one, else_branch = @two} : (tensor<i1>, tensor<2xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}
func.func private @one(%x: tensor<2xf32>) -> tensor<2xf32> {
  return %x : tensor<2xf32>
}
func.func private @two(%x: tensor<2xf32>, %y: tensor<2xf32>) -> tensor<2xf32> {
  return %x : tensor<2xf32>
}

// -----

func.func @case_nested_ref(%i: tensor<i32>, %x: tensor<2xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{branches must be flat symbol references}}
  %0 = tfcc.Case %i, %x {branches = [@one, @m::@one]} : (tensor<i32>, tensor<2xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}
func.func private @one(%x: tensor<2xf32>) -> tensor<2xf32> {
  return %x : tensor<2xf32>
}

// -----

func.func @case_branch_missing(%i: tensor<i32>, %x: tensor<2xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{branch @nope is not a function}}
  %0 = tfcc.Case %i, %x {branches = [@one, @nope]} : (tensor<i32>, tensor<2xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}
func.func private @one(%x: tensor<2xf32>) -> tensor<2xf32> {
  return %x : tensor<2xf32>
}

// -----

func.func @while_cond_missing(%x: tensor<2xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{cond @nope is not a function}}
  %0 = tfcc.While %x {cond = @nope, body = @one} : (tensor<2xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}
func.func private @one(%x: tensor<2xf32>) -> tensor<2xf32> {
  return %x : tensor<2xf32>
}

// -----

func.func @while_body_arity(%x: tensor<2xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{body @two takes 2 arguments, given 1}}
  %0 = tfcc.StatelessWhile %x {cond = @cond, body = @two} : (tensor<2xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}
func.func private @cond(%x: tensor<2xf32>) -> tensor<i1> {
  %c = tfcc.Const {value = dense<true> : tensor<i1>} : tensor<i1>
  return %c : tensor<i1>
}
func.func private @two(%x: tensor<2xf32>, %y: tensor<2xf32>) -> tensor<2xf32> {
  return %x : tensor<2xf32>
}

// -----

func.func @while_results(%i: tensor<i32>, %x: tensor<2xf32>) -> tensor<*xi32> {
  // expected-error @+1 {{has 2 loop-carried inputs but 1 results}}
  %0 = tfcc.While %i, %x {cond = @c, body = @b} : (tensor<i32>, tensor<2xf32>) -> tensor<*xi32>
  return %0 : tensor<*xi32>
}
