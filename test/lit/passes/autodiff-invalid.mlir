// RUN: tfcc-opt %s --split-input-file --tfcc-autodiff="function=main loss=loss wrt=x" -verify-diagnostics

// An op on the path without a gradient rule is named.
func.func @main(%x: tensor<3xf32> {tfcc.feed = "x"}) -> (tensor<f32> {tfcc.fetch = "loss"}) {
  %axis = tfcc.Const {value = dense<0> : tensor<1xi32>} : tensor<1xi32>
  // expected-error @+1 {{tfcc-autodiff: op 'Prod' is on the path to the loss and has no gradient rule}}
  %c = tfcc.Prod %x, %axis : (tensor<3xf32>, tensor<1xi32>) -> tensor<f32>
  return %c : tensor<f32>
}

// -----

// As in TF, a gradient reaching PreventGradient is an error with its message.
func.func @main(%x: tensor<3xf32> {tfcc.feed = "x"}) -> (tensor<3xf32> {tfcc.fetch = "loss"}) {
  // expected-error @+1 {{a gradient reached PreventGradient: no second derivative here}}
  %p = tfcc.PreventGradient %x {message = "no second derivative here"} : (tensor<3xf32>) -> tensor<3xf32>
  return %p : tensor<3xf32>
}

// -----

// expected-error @+1 {{tfcc-autodiff: 'main' fetches no 'loss' to differentiate}}
func.func @main(%x: tensor<3xf32> {tfcc.feed = "x"}) -> (tensor<3xf32> {tfcc.fetch = "y"}) {
  return %x : tensor<3xf32>
}

// -----

// expected-error @+1 {{the loss 'loss' has type 'tensor<3xi32>'; it must be a float tensor of static shape}}
func.func @main(%x: tensor<3xf32> {tfcc.feed = "x"}) -> (tensor<3xi32> {tfcc.fetch = "loss"}) {
  %c = tfcc.Cast %x {DstT = i32} : (tensor<3xf32>) -> tensor<3xi32>
  return %c : tensor<3xi32>
}

// -----

// expected-error @+1 {{tfcc-autodiff: 'x' is neither a float variable nor a feed of 'main'}}
func.func @main(%y: tensor<3xf32> {tfcc.feed = "y"}) -> (tensor<3xf32> {tfcc.fetch = "loss"}) {
  return %y : tensor<3xf32>
}

// -----

// expected-error @+1 {{tfcc-autodiff: no function 'main' to differentiate}}
module {
}

// -----

func.func @main(%x: tensor<3x4xf32> {tfcc.feed = "x"}) -> (tensor<3x2xf32> {tfcc.fetch = "loss"}) {
  %i = tfcc.Const {value = dense<[0, 2]> : tensor<2xi32>} : tensor<2xi32>
  %axis = tfcc.Const {value = dense<1> : tensor<i32>} : tensor<i32>
  // expected-error @+1 {{tfcc-autodiff: GatherV2 is differentiable along axis 0 without batch_dims only, so far}}
  %g = tfcc.GatherV2 %x, %i, %axis : (tensor<3x4xf32>, tensor<2xi32>, tensor<i32>) -> tensor<3x2xf32>
  return %g : tensor<3x2xf32>
}

// -----

func.func @main(%x: tensor<3x4xf32> {tfcc.feed = "x"}) -> (tensor<3xf32> {tfcc.fetch = "loss"}) {
  // expected-error @+1 {{tfcc-autodiff: Einsum label 'j' of 'ij->i' is summed within one operand; its gradient is not supported yet}}
  %e = tfcc.Einsum %x {equation = "ij->i"} : (tensor<3x4xf32>) -> tensor<3xf32>
  return %e : tensor<3xf32>
}

// -----

// expected-error @+1 {{tfcc-autodiff: feed 'x' is not a float tensor}}
func.func @main(%x: tensor<3xi32> {tfcc.feed = "x"}, %y: tensor<3xf32> {tfcc.feed = "y"}) -> (tensor<3xf32> {tfcc.fetch = "loss"}) {
  return %y : tensor<3xf32>
}

// -----

func.func @main(%x: tensor<3x3xf32> {tfcc.feed = "x"}) -> (tensor<3xf32> {tfcc.fetch = "loss"}) {
  // expected-error @+1 {{tfcc-autodiff: Einsum term 'ii' repeats a label (a diagonal); its gradient is not supported yet}}
  %e = tfcc.Einsum %x {equation = "ii->i"} : (tensor<3x3xf32>) -> tensor<3xf32>
  return %e : tensor<3xf32>
}
