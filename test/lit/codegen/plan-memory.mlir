// RUN: tfcc-opt %s --tfcc-plan-memory -split-input-file -verify-diagnostics | FileCheck %s

// %a dies at its last read, so %c reuses its bytes; %b overlaps both and
// gets its own range. Largest buffers are placed first.
// CHECK-LABEL: func @reuse
// CHECK-SAME: %[[ARENA:[a-z0-9]+]]: memref<8192xi8> {tfcc.arena}) attributes {tfcc.arena_size = 8192 : i64}
// CHECK: %[[A:.*]] = memref.view %[[ARENA]][%c0{{.*}}][] : memref<8192xi8> to memref<1024xf32>
// CHECK: %[[B:.*]] = memref.view %[[ARENA]][%c4096{{.*}}][] : memref<8192xi8> to memref<1024xf32>
// CHECK: %[[C:.*]] = memref.view %[[ARENA]][%c0{{.*}}][] : memref<8192xi8> to memref<1024xf32>
// CHECK-NOT: memref.alloc
func.func @reuse(%x: memref<1024xf32>, %y: memref<1024xf32>) {
  %a = memref.alloc() : memref<1024xf32>
  memref.copy %x, %a : memref<1024xf32> to memref<1024xf32>
  %b = memref.alloc() : memref<1024xf32>
  memref.copy %a, %b : memref<1024xf32> to memref<1024xf32>
  %c = memref.alloc() : memref<1024xf32>
  memref.copy %b, %c : memref<1024xf32> to memref<1024xf32>
  memref.copy %c, %y : memref<1024xf32> to memref<1024xf32>
  return
}

// -----

// A raw pointer taken for a kernel call keeps the buffer alive until the
// call: %b must not share %a's bytes.
// CHECK-LABEL: func @pointer_escape
// CHECK: memref.view %{{.*}}[%c0{{.*}}][] : memref<8192xi8> to memref<1024xf32>
// CHECK: memref.view %{{.*}}[%c4096{{.*}}][] : memref<8192xi8> to memref<1024xf32>
func.func private @kernel(!llvm.ptr, !llvm.ptr)
func.func @pointer_escape(%x: memref<1024xf32>, %y: memref<1024xf32>) {
  %a = memref.alloc() : memref<1024xf32>
  memref.copy %x, %a : memref<1024xf32> to memref<1024xf32>
  %i = memref.extract_aligned_pointer_as_index %a : memref<1024xf32> -> index
  %i64 = arith.index_cast %i : index to i64
  %p = llvm.inttoptr %i64 : i64 to !llvm.ptr
  %b = memref.alloc() : memref<1024xf32>
  %j = memref.extract_aligned_pointer_as_index %b : memref<1024xf32> -> index
  %j64 = arith.index_cast %j : index to i64
  %q = llvm.inttoptr %j64 : i64 to !llvm.ptr
  func.call @kernel(%p, %q) : (!llvm.ptr, !llvm.ptr) -> ()
  memref.copy %b, %y : memref<1024xf32> to memref<1024xf32>
  return
}

// -----

// Views of a buffer keep it alive as long as they are read.
// CHECK-LABEL: func @through_views
// CHECK: memref.view %{{.*}}[%c0{{.*}}][] : memref<8192xi8> to memref<32x32xf32>
// CHECK: memref.view %{{.*}}[%c4096{{.*}}][] : memref<8192xi8> to memref<1024xf32>
func.func @through_views(%x: memref<1024xf32>, %y: memref<1024xf32>) {
  %a = memref.alloc() : memref<32x32xf32>
  %flat = memref.collapse_shape %a [[0, 1]] : memref<32x32xf32> into memref<1024xf32>
  memref.copy %x, %flat : memref<1024xf32> to memref<1024xf32>
  %b = memref.alloc() : memref<1024xf32>
  memref.copy %flat, %b : memref<1024xf32> to memref<1024xf32>
  memref.copy %b, %y : memref<1024xf32> to memref<1024xf32>
  return
}

// -----

func.func @in_loop(%x: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  scf.for %i = %c0 to %c4 step %c1 {
    // expected-error @+1 {{buffer allocated inside a loop or region cannot be planned statically}}
    %a = memref.alloc() : memref<4xf32>
    memref.copy %x, %a : memref<4xf32> to memref<4xf32>
  }
  return
}
