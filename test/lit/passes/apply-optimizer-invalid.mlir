// RUN: tfcc-opt %s --split-input-file --tfcc-apply-optimizer="optimizer=momentum" -verify-diagnostics
// RUN: not tfcc-opt %s --tfcc-apply-optimizer="optimizer=lbfgs" 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// UNKNOWN: unknown optimizer 'lbfgs' (sgd, momentum, adagrad, rmsprop, adam)

// A model variable that already has a slot's name.
// expected-error @+1 {{tfcc-apply-optimizer: the model already has a variable 'w/Momentum', the name of an optimizer slot}}
module {
  tfcc.variable @w : tensor<2xf32>
  tfcc.variable @"w/Momentum" : tensor<2xf32>
  func.func @train(%loss: tensor<f32>, %g: tensor<2xf32>)
      -> (tensor<f32> {tfcc.fetch = "loss"},
          tensor<2xf32> {tfcc.fetch = "grad_w", tfcc.gradient_of = "w", tfcc.gradient_of_variable}) {
    return %loss, %g : tensor<f32>, tensor<2xf32>
  }
}

// -----

// Nothing to update.
// expected-error @+1 {{tfcc-apply-optimizer: 'train' has no variable gradients}}
func.func @train(%loss: tensor<f32>) -> (tensor<f32> {tfcc.fetch = "loss"}) {
  return %loss : tensor<f32>
}

// -----

// The model's own global_step must be TF's int64 scalar.
module {
  // expected-error @+1 {{tfcc-apply-optimizer: global_step has type 'tensor<f32>'; expected 'tensor<i64>'}}
  tfcc.variable @global_step : tensor<f32>
  tfcc.variable @w : tensor<2xf32>
  func.func @train(%loss: tensor<f32>, %g: tensor<2xf32>)
      -> (tensor<f32> {tfcc.fetch = "loss"},
          tensor<2xf32> {tfcc.fetch = "grad_w", tfcc.gradient_of = "w", tfcc.gradient_of_variable}) {
    return %loss, %g : tensor<f32>, tensor<2xf32>
  }
}

// -----

// An init function without a body cannot take the slots' initializers.
module {
  tfcc.variable @w : tensor<2xf32>
  // expected-error @+1 {{tfcc-apply-optimizer: cannot add slot initializers to 'init'}}
  func.func private @init()
  func.func @train(%loss: tensor<f32>, %g: tensor<2xf32>)
      -> (tensor<f32> {tfcc.fetch = "loss"},
          tensor<2xf32> {tfcc.fetch = "grad_w", tfcc.gradient_of = "w", tfcc.gradient_of_variable}) {
    return %loss, %g : tensor<f32>, tensor<2xf32>
  }
}
