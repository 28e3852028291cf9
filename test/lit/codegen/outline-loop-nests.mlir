// RUN: tfcc-opt %s --split-input-file --tfcc-outline-loop-nests=min-ops=2 | FileCheck %s

// Two linalg ops reach min-ops: each moves to a private, internal, noinline
// function of its buffers; constants it uses (captured by the body, or an
// operand) are cloned in.
// CHECK-LABEL: func.func private @big__nest0(%{{.+}}: memref<4xf32>, %{{.+}}: memref<4xf32>)
// CHECK-SAME: llvm.linkage = #llvm.linkage<internal>
// CHECK-SAME: passthrough = ["noinline"]
// CHECK: arith.constant 2.000000e+00 : f32
// CHECK: linalg.generic
// CHECK-LABEL: func.func private @big__nest1(%{{.+}}: memref<4xf32>)
// CHECK: arith.constant 0.000000e+00 : f32
// CHECK: linalg.fill
// CHECK-LABEL: func.func @big
// CHECK-NOT: linalg.
// CHECK: call @big__nest0(%arg0, %arg1)
// CHECK: call @big__nest1(%arg1)
#id = affine_map<(d0) -> (d0)>
func.func @big(%x: memref<4xf32>, %y: memref<4xf32>) {
  %c2 = arith.constant 2.0 : f32
  %c0 = arith.constant 0.0 : f32
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : memref<4xf32>) outs(%y : memref<4xf32>) {
  ^bb0(%a: f32, %b: f32):
    %m = arith.mulf %a, %c2 : f32
    linalg.yield %m : f32
  }
  linalg.fill ins(%c0 : f32) outs(%y : memref<4xf32>)
  return
}

// -----

// Below min-ops nothing moves.
// CHECK-LABEL: func.func @small
// CHECK-NOT: call
// CHECK: linalg.fill
func.func @small(%y: memref<4xf32, strided<[2]>>) {
  %c0 = arith.constant 0.0 : f32
  linalg.fill ins(%c0 : f32) outs(%y : memref<4xf32, strided<[2]>>)
  return
}

// -----

// A buffer with a dynamic offset (no bare-pointer form) stays inline in a
// large function; static strides cross as the aligned pointer, so that op
// moves.
// CHECK-LABEL: func.func private @mixed__nest0(%{{.+}}: memref<4xf32, strided<[2]>>)
// CHECK-LABEL: func.func @mixed
// CHECK: linalg.fill {{.*}}offset: ?
// CHECK: call @mixed__nest0
func.func @mixed(%d: memref<4xf32, strided<[2], offset: ?>>, %s: memref<4xf32, strided<[2]>>) {
  %c0 = arith.constant 0.0 : f32
  linalg.fill ins(%c0 : f32) outs(%d : memref<4xf32, strided<[2], offset: ?>>)
  linalg.fill ins(%c0 : f32) outs(%s : memref<4xf32, strided<[2]>>)
  return
}
