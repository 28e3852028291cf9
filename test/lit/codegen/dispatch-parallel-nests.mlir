// RUN: tfcc-opt %s --split-input-file --tfcc-dispatch-parallel-nests | FileCheck %s

// The calls over [0, 64) and [0, 8) go through the runtime's pool: the
// other arguments go into a stack block of 8-byte slots allocated once at
// the caller's entry, sized for its largest call and shared by its calls,
// and a new __range function per callee reads them back.
// CHECK: llvm.func @tfcc_rt_parallel_range(!llvm.ptr, i64, !llvm.ptr, !llvm.ptr)
// CHECK-LABEL: llvm.func internal @f__par0__range(
// CHECK-SAME: %[[CTX:.+]]: !llvm.ptr, %[[B:.+]]: i64, %[[E:.+]]: i64)
// CHECK: %[[S0:.+]] = llvm.getelementptr %[[CTX]][0, 0] : (!llvm.ptr) -> !llvm.ptr, !llvm.array<2 x i64>
// CHECK: %[[X:.+]] = llvm.load %[[S0]] : !llvm.ptr -> !llvm.ptr
// CHECK: %[[S1:.+]] = llvm.getelementptr %[[CTX]][0, 1] : (!llvm.ptr) -> !llvm.ptr, !llvm.array<2 x i64>
// CHECK: %[[V:.+]] = llvm.load %[[S1]] : !llvm.ptr -> f32
// CHECK: llvm.call @f__par0(%[[X]], %[[V]], %[[B]], %[[E]])
// CHECK-LABEL: llvm.func @f(
// CHECK-SAME: %[[XA:[^:]+]]: !llvm.ptr, %[[VA:[^:]+]]: f32, %[[RT:[^:]+]]: !llvm.ptr {tfcc.runtime})
// CHECK: %[[ONE:.+]] = llvm.mlir.constant(1 : i64) : i64
// CHECK: %[[BLOCK:.+]] = llvm.alloca %[[ONE]] x !llvm.array<2 x i64> {alignment = 8 : i64}
// CHECK: %[[P0:.+]] = llvm.getelementptr %[[BLOCK]][0, 0]
// CHECK: llvm.store %[[XA]], %[[P0]] : !llvm.ptr, !llvm.ptr
// CHECK: %[[P1:.+]] = llvm.getelementptr %[[BLOCK]][0, 1]
// CHECK: llvm.store %[[VA]], %[[P1]] : f32, !llvm.ptr
// CHECK: %[[N:.+]] = llvm.mlir.constant(64 : i64) : i64
// CHECK: %[[FN:.+]] = llvm.mlir.addressof @f__par0__range : !llvm.ptr
// CHECK: llvm.call @tfcc_rt_parallel_range(%[[RT]], %[[N]], %[[FN]], %[[BLOCK]])
// CHECK-NOT: llvm.alloca
// CHECK: %[[Q0:.+]] = llvm.getelementptr %[[BLOCK]][0, 0] : (!llvm.ptr) -> !llvm.ptr, !llvm.array<1 x i64>
// CHECK: llvm.store %[[XA]], %[[Q0]] : !llvm.ptr, !llvm.ptr
// CHECK: %[[N8:.+]] = llvm.mlir.constant(8 : i64) : i64
// CHECK: %[[FN1:.+]] = llvm.mlir.addressof @f__par1__range : !llvm.ptr
// CHECK: llvm.call @tfcc_rt_parallel_range(%[[RT]], %[[N8]], %[[FN1]], %[[BLOCK]])
// CHECK-NOT: llvm.call @f__par
llvm.func internal @f__par0(%x: !llvm.ptr, %v: f32, %b: i64, %e: i64) attributes {tfcc.parallel_range} {
  llvm.return
}
llvm.func internal @f__par1(%x: !llvm.ptr, %b: i64, %e: i64) attributes {tfcc.parallel_range} {
  llvm.return
}
llvm.func @f(%x: !llvm.ptr, %v: f32, %rt: !llvm.ptr {tfcc.runtime}) {
  %c0 = llvm.mlir.constant(0 : i64) : i64
  %c64 = llvm.mlir.constant(64 : i64) : i64
  %c8 = llvm.mlir.constant(8 : i64) : i64
  llvm.call @f__par0(%x, %v, %c0, %c64) : (!llvm.ptr, f32, i64, i64) -> ()
  llvm.call @f__par1(%x, %c0, %c8) : (!llvm.ptr, i64, i64) -> ()
  llvm.return
}

// -----

// Stay sequential: a caller with no runtime context, and a range that is
// not the constant [0, N).
// CHECK-NOT: tfcc_rt_parallel_range
// CHECK-LABEL: llvm.func @no_runtime(
// CHECK: llvm.call @g__par0(
// CHECK-LABEL: llvm.func @dynamic_range(
// CHECK: llvm.call @g__par0(
llvm.func internal @g__par0(%x: !llvm.ptr, %b: i64, %e: i64) attributes {tfcc.parallel_range} {
  llvm.return
}
llvm.func @no_runtime(%x: !llvm.ptr) {
  %c0 = llvm.mlir.constant(0 : i64) : i64
  %c8 = llvm.mlir.constant(8 : i64) : i64
  llvm.call @g__par0(%x, %c0, %c8) : (!llvm.ptr, i64, i64) -> ()
  llvm.return
}
llvm.func @dynamic_range(%x: !llvm.ptr, %n: i64, %rt: !llvm.ptr {tfcc.runtime}) {
  %c0 = llvm.mlir.constant(0 : i64) : i64
  llvm.call @g__par0(%x, %c0, %n) : (!llvm.ptr, i64, i64) -> ()
  llvm.return
}
