// The kernels allocate nothing once their context exists: counted with the
// malloc hook of MallocCounter.cpp, which sees operator new and Eigen's
// allocator too.
#include "MallocCounter.h"
#include "Reference.h"

#include <cstdlib>
#include <thread>

namespace tfcc::test {
namespace {

TEST(AllocationTest, CounterSeesAllocations) {
  if (!MallocCountingAvailable())
    GTEST_SKIP() << "malloc is the sanitizer's in this build";
  ScopedMallocCount counter;
  // Through volatiles, so the compiler cannot elide the pairs.
  void *volatile p = std::malloc(100);
  int *volatile q = new int(1);
  delete q;
  std::free(p);
  EXPECT_EQ(counter.count(), 2);
}

// packed_b: the packing slots of y read as a constant b, one per
// transpose_b (TFCC_MATMUL_SLOT_POINTERS pointers each: the GEMM's packing
// and the few-rows product's panels), then as constant filters
// (kFirstFilterSlot on), already filled: 3x3x16x32 and
// 3x3x32x64 (Winograd's transformed filter), 3x3x4x32 (the direct
// convolution's copy) and 5x5x32x64 (im2col's packed GEMM operand).
// The constant-filter convolutions RunKernels and the first-call setup
// share, alone and with a 2x2 max-pool fused.
constexpr int kFirstFilterSlot = 2 * TFCC_MATMUL_SLOT_POINTERS;
constexpr int kSlots = kFirstFilterSlot + 4;

void ConstFilterConvs(tfcc_runtime *rt, const std::vector<float> &x,
                      const std::vector<float> &y, std::vector<float> &out,
                      void **packed_b) {
  struct Filter {
    int64_t size, in_c, out_c, hw;
  };
  constexpr Filter kFilters[] = {{3, 16, 32, 28}, {3, 32, 64, 14}, {3, 4, 32, 28}, {5, 32, 64, 14}};
  for (int i = 0; i < 4; ++i) {
    const Filter &f = kFilters[i];
    void **slot = &packed_b[kFirstFilterSlot + i];
    const float *bias = i % 2 ? nullptr : y.data();
    tfcc_rt_conv2d_const_filter_f32(rt, slot, x.data(), 2, f.hw, f.hw, f.in_c, y.data(), f.size,
                                    f.size, f.out_c, f.hw, f.hw, 1, 1, 1, 1, f.size / 2,
                                    f.size / 2, bias, TFCC_ACT_RELU, out.data());
    tfcc_rt_conv2d_max_pool_f32(rt, slot, x.data(), 2, f.hw, f.hw, f.in_c, y.data(), f.size,
                                f.size, f.out_c, f.hw, f.hw, 1, 1, 1, 1, f.size / 2, f.size / 2,
                                bias, TFCC_ACT_RELU, 2, 2, 2, 2, f.hw / 2, f.hw / 2,
                                out.data());
  }
}

void RunKernels(tfcc_runtime *rt, const std::vector<float> &x,
                const std::vector<float> &y, std::vector<float> &out,
                void **packed_b) {
  const float *bias = y.data();
  for (int ta = 0; ta < 2; ++ta)
    for (int tb = 0; tb < 2; ++tb) {
      void **slot = &packed_b[tb * TFCC_MATMUL_SLOT_POINTERS];
      tfcc_rt_matmul_const_b_f32(rt, slot, 64, 512, 784, x.data(), ta,
                                 y.data(), tb, bias, TFCC_ACT_RELU,
                                 out.data());
      // m >= n: the shared-panel path on more than one thread.
      tfcc_rt_matmul_const_b_f32(rt, slot, 1024, 512, 784, x.data(),
                                 ta, y.data(), tb, nullptr, TFCC_ACT_NONE,
                                 out.data());
      // A few rows: streamed from the column panels.
      tfcc_rt_matmul_const_b_f32(rt, slot, 1, 512, 784, x.data(), ta,
                                 y.data(), tb, bias, TFCC_ACT_NONE, out.data());
      tfcc_rt_matmul_f32(rt, 300, 257, 129, x.data(), ta, y.data(), tb, bias,
                         TFCC_ACT_RELU, out.data());
      tfcc_rt_matmul_f32(rt, 1, 512, 300, x.data(), ta, y.data(), tb, nullptr,
                         TFCC_ACT_NONE, out.data()); // GEMV
      tfcc_rt_matmul_f32(rt, 512, 1, 300, x.data(), ta, y.data(), tb, nullptr,
                         TFCC_ACT_NONE, out.data()); // GEMV, other side
    }
  tfcc_rt_matmul_f32(rt, 40, 2100, 300, x.data(), 0, y.data(), 0, nullptr,
                     TFCC_ACT_RELU6, out.data());
  // Direct: 3x3 SAME (padded strips), VALID (the input as it is), strided
  // deep patches; a 1x1 (plain matmul path); im2col: 3x3 SAME to 64
  // channels, deep patches (column blocks).
  tfcc_rt_conv2d_f32(rt, x.data(), 2, 28, 28, 16, y.data(), 3, 3, 32, 28, 28,
                     1, 1, 1, 1, 1, 1, bias, TFCC_ACT_RELU, out.data());
  tfcc_rt_conv2d_f32(rt, x.data(), 2, 28, 28, 16, y.data(), 3, 3, 32, 26, 26,
                     1, 1, 1, 1, 0, 0, bias, TFCC_ACT_RELU6, out.data());
  tfcc_rt_conv2d_f32(rt, x.data(), 1, 5, 5, 512, y.data(), 3, 3, 8, 3, 3, 2,
                     2, 1, 1, 1, 1, nullptr, TFCC_ACT_NONE, out.data());
  tfcc_rt_conv2d_f32(rt, x.data(), 2, 14, 14, 32, y.data(), 1, 1, 64, 14, 14,
                     1, 1, 1, 1, 0, 0, nullptr, TFCC_ACT_NONE, out.data());
  tfcc_rt_conv2d_f32(rt, x.data(), 2, 14, 14, 32, y.data(), 3, 3, 64, 14, 14,
                     1, 1, 1, 1, 1, 1, bias, TFCC_ACT_RELU, out.data());
  tfcc_rt_conv2d_f32(rt, x.data(), 1, 5, 5, 512, y.data(), 3, 3, 72, 3, 3, 2,
                     2, 1, 1, 1, 1, nullptr, TFCC_ACT_NONE, out.data());
  // The fused max-pool with a plain filter: direct, then im2col.
  tfcc_rt_conv2d_max_pool_f32(rt, nullptr, x.data(), 2, 28, 28, 16, y.data(), 3, 3, 32, 28,
                              28, 1, 1, 1, 1, 1, 1, bias, TFCC_ACT_RELU, 2, 2, 2, 2, 14, 14,
                              out.data());
  tfcc_rt_conv2d_max_pool_f32(rt, nullptr, x.data(), 2, 14, 14, 32, y.data(), 3, 3, 64, 14,
                              14, 1, 1, 1, 1, 1, 1, bias, TFCC_ACT_RELU, 2, 2, 2, 2, 7, 7,
                              out.data());
  ConstFilterConvs(rt, x, y, out, packed_b);
}

TEST(AllocationTest, KernelsAllocateNothingAfterCreation) {
  if (!MallocCountingAvailable())
    GTEST_SKIP() << "malloc is the sanitizer's in this build";
  const auto x = RandomVector(1 << 20, 7);
  const auto y = RandomVector(1 << 20, 8);
  std::vector<float> out(1 << 20);
  // The NULL runtime's context is created by the thread's first call, the
  // packed copy of a constant b by the first call with its slot.
  tfcc_rt_matmul_f32(nullptr, 1, 1, 1, x.data(), 0, y.data(), 0, nullptr, 0,
                     out.data());
  void *packed_b[kSlots] = {};
  for (int tb = 0; tb < 2; ++tb)
    for (int64_t m : {64, 1})
      tfcc_rt_matmul_const_b_f32(nullptr, &packed_b[tb * TFCC_MATMUL_SLOT_POINTERS], m, 512,
                                 784, x.data(), 0, y.data(), tb, nullptr, TFCC_ACT_NONE,
                                 out.data());
  ConstFilterConvs(nullptr, x, y, out, packed_b);
  for (int slot = 0; slot < kSlots; ++slot)
    EXPECT_NE(packed_b[slot], nullptr) << "slot " << slot;
  for (const TestRuntime &rt : TestRuntimes()) {
    ScopedMallocCount counter;
    RunKernels(rt.runtime, x, y, out, packed_b);
    EXPECT_EQ(counter.count(), 0) << rt.name;
  }
  for (void *p : packed_b)
    std::free(p);
}

// NULL-runtime callers on different threads each get their own context.
TEST(AllocationTest, NullRuntimeOnAnotherThread) {
  const auto x = RandomVector(1 << 16, 9);
  std::vector<float> a(64 * 64), b(64 * 64);
  tfcc_rt_matmul_f32(nullptr, 64, 64, 64, x.data(), 0, x.data(), 1, nullptr, 0,
                     a.data());
  std::thread other([&] {
    tfcc_rt_matmul_f32(nullptr, 64, 64, 64, x.data(), 0, x.data(), 1, nullptr,
                       0, b.data());
  });
  other.join();
  EXPECT_EQ(a, b);
}

} // namespace
} // namespace tfcc::test
