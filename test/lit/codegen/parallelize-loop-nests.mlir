// RUN: tfcc-opt %s --split-input-file --tfcc-parallelize-loop-nests=min-iterations=1024 | FileCheck %s

// An elementwise op of 64x32 iterations moves into a range function over
// its first loop: one row slice per iteration, sizes kept static; the call
// runs the whole range [0, 64).
// CHECK-LABEL: func.func private @ew__par0(
// CHECK-SAME: %[[X:.+]]: memref<64x32xf32>, %[[Y:.+]]: memref<64x32xf32>, %[[B:.+]]: index, %[[E:.+]]: index)
// CHECK-SAME: llvm.linkage = #llvm.linkage<internal>
// CHECK-SAME: passthrough = ["noinline"]
// CHECK-SAME: tfcc.parallel_range
// CHECK: %[[TWO:.+]] = arith.constant 2.000000e+00 : f32
// CHECK: scf.for %[[I:.+]] = %[[B]] to %[[E]] step %{{.+}} {
// CHECK:   %[[XS:.+]] = memref.subview %[[X]][%[[I]], 0] [1, 32] [1, 1]
// CHECK:   %[[YS:.+]] = memref.subview %[[Y]][%[[I]], 0] [1, 32] [1, 1]
// CHECK:   linalg.generic {{.*}} ins(%[[XS]] : memref<1x32xf32, strided<[32, 1], offset: ?>>) outs(%[[YS]]
// CHECK:     arith.mulf %{{.+}}, %[[TWO]]
// CHECK-LABEL: func.func @ew(
// CHECK-NOT: linalg.generic
// CHECK: %[[C0:.+]] = arith.constant 0 : index
// CHECK: %[[C64:.+]] = arith.constant 64 : index
// CHECK: call @ew__par0(%arg0, %arg1, %[[C0]], %[[C64]])
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @ew(%x: memref<64x32xf32>, %y: memref<64x32xf32>, %rt: !llvm.ptr {tfcc.runtime}) {
  %c2 = arith.constant 2.0 : f32
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : memref<64x32xf32>) outs(%y : memref<64x32xf32>) {
  ^bb0(%a: f32, %b: f32):
    %m = arith.mulf %a, %c2 : f32
    linalg.yield %m : f32
  }
  return
}

// -----

// A sum over the first loop is split over the second, the one its output
// is indexed by.
// CHECK-LABEL: func.func private @colsum__par0(
// CHECK: scf.for %[[I:.+]] =
// CHECK:   memref.subview %{{.+}}[0, %[[I]]] [64, 1] [1, 1]
// CHECK:   memref.subview %{{.+}}[%[[I]]] [1] [1]
// CHECK:   linalg.generic {{.*}}iterator_types = ["reduction", "parallel"]
// CHECK-LABEL: func.func @colsum(
// CHECK: call @colsum__par0(%arg0, %arg1, %{{.+}}, %{{.+}}) : (memref<64x32xf32>, memref<32xf32>, index, index)
#in = affine_map<(d0, d1) -> (d0, d1)>
#out = affine_map<(d0, d1) -> (d1)>
func.func @colsum(%x: memref<64x32xf32>, %y: memref<32xf32>, %rt: !llvm.ptr {tfcc.runtime}) {
  linalg.generic {indexing_maps = [#in, #out], iterator_types = ["reduction", "parallel"]}
      ins(%x : memref<64x32xf32>) outs(%y : memref<32xf32>) {
  ^bb0(%a: f32, %b: f32):
    %s = arith.addf %a, %b : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// linalg.index counts from the slice inside the range function, so the
// slice's offset is added back.
// CHECK-LABEL: func.func private @iota__par0(
// CHECK: scf.for %[[I:.+]] =
// CHECK: linalg.generic
// CHECK:   %[[IDX:.+]] = linalg.index 0 : index
// CHECK:   affine.apply #{{.+}}(%[[I]])[%[[IDX]]]
#id1 = affine_map<(d0, d1) -> (d0, d1)>
func.func @iota(%y: memref<64x32xi64>, %rt: !llvm.ptr {tfcc.runtime}) {
  linalg.generic {indexing_maps = [#id1], iterator_types = ["parallel", "parallel"]}
      outs(%y : memref<64x32xi64>) {
  ^bb0(%b: i64):
    %i = linalg.index 0 : index
    %v = arith.index_cast %i : index to i64
    linalg.yield %v : i64
  }
  return
}

// -----

// Left as they are: an op below min-iterations, an op in a function with no
// runtime context, and a reduction with no parallel loop to split.
// CHECK-LABEL: func.func @small(
// CHECK-NOT: call
// CHECK: linalg.fill
func.func @small(%y: memref<16x16xf32>, %rt: !llvm.ptr {tfcc.runtime}) {
  %c0 = arith.constant 0.0 : f32
  linalg.fill ins(%c0 : f32) outs(%y : memref<16x16xf32>)
  return
}
// CHECK-LABEL: func.func @no_runtime(
// CHECK-NOT: call
// CHECK: linalg.fill
func.func @no_runtime(%y: memref<64x32xf32>) {
  %c0 = arith.constant 0.0 : f32
  linalg.fill ins(%c0 : f32) outs(%y : memref<64x32xf32>)
  return
}
// CHECK-LABEL: func.func @total(
// CHECK-NOT: call
// CHECK: linalg.generic
#all = affine_map<(d0) -> (d0)>
#none = affine_map<(d0) -> ()>
func.func @total(%x: memref<4096xf32>, %y: memref<f32>, %rt: !llvm.ptr {tfcc.runtime}) {
  linalg.generic {indexing_maps = [#all, #none], iterator_types = ["reduction"]}
      ins(%x : memref<4096xf32>) outs(%y : memref<f32>) {
  ^bb0(%a: f32, %b: f32):
    %s = arith.addf %a, %b : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// A buffer with a dynamic offset cannot cross a call as a bare pointer:
// the op stays where it is.
// CHECK-LABEL: func.func @dynamic_offset(
// CHECK-NOT: call
// CHECK: linalg.fill
func.func @dynamic_offset(%y: memref<64x32xf32, strided<[32, 1], offset: ?>>, %rt: !llvm.ptr {tfcc.runtime}) {
  %c0 = arith.constant 0.0 : f32
  linalg.fill ins(%c0 : f32) outs(%y : memref<64x32xf32, strided<[32, 1], offset: ?>>)
  return
}
