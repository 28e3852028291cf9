// tfcc_rt_conv2d_f32 against tfcc_rt_conv2d_const_filter_f32 (the filter
// packed once, as compiled models call it for weights) on single 3x3 SAME
// convolutions at batch 1, one thread: what packing the filter on every
// call costs.
//
//   ninja -C build tfcc_conv_bench
//   build/bin/tfcc_conv_bench --benchmark_min_time=0.5 --benchmark_repetitions=5
//
// Arguments: size (height = width), input channels, output channels, and
// 0 for the plain entry, 1 for the constant-filter one.
#include "tfcc/kernels.h"
#include "tfcc/runtime.h"

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <random>
#include <vector>

namespace {

void BM_Conv3x3(benchmark::State &state) {
  const int64_t hw = state.range(0), ic = state.range(1), oc = state.range(2);
  const bool constant = state.range(3) != 0;
  std::mt19937 rng(42);
  std::uniform_real_distribution<float> dist(-1, 1);
  std::vector<float> input(size_t(hw * hw * ic)), filter(size_t(9 * ic * oc)),
      output(size_t(hw * hw * oc));
  for (float &x : input) x = dist(rng);
  for (float &x : filter) x = dist(rng);
  tfcc_runtime *rt = tfcc_runtime_create(1);
  void *slot = nullptr;
  for (auto _ : state) {
    if (constant)
      tfcc_rt_conv2d_const_filter_f32(rt, &slot, input.data(), 1, hw, hw, ic, filter.data(), 3,
                                      3, oc, hw, hw, 1, 1, 1, 1, 1, 1, nullptr, 0,
                                      output.data());
    else
      tfcc_rt_conv2d_f32(rt, input.data(), 1, hw, hw, ic, filter.data(), 3, 3, oc, hw, hw, 1,
                         1, 1, 1, 1, 1, nullptr, 0, output.data());
    benchmark::DoNotOptimize(output.data());
  }
  state.counters["GFLOP/s"] =
      benchmark::Counter(2.0 * double(hw * hw) * 9 * double(ic * oc) * 1e-9,
                         benchmark::Counter::kIsIterationInvariantRate);
  std::free(slot);
  tfcc_runtime_destroy(rt);
}

// The small CNN of the peer harness (28x28x1->32, 14x14x32->64), then
// ResNet-50's 3x3 stages at batch 1.
BENCHMARK(BM_Conv3x3)
    ->ArgsProduct({{14}, {32}, {64}, {0, 1}})
    ->ArgsProduct({{56}, {64}, {64}, {0, 1}})
    ->ArgsProduct({{28}, {128}, {128}, {0, 1}})
    ->ArgsProduct({{14}, {256}, {256}, {0, 1}})
    ->ArgsProduct({{7}, {512}, {512}, {0, 1}})
    ->Unit(benchmark::kMicrosecond);

} // namespace

BENCHMARK_MAIN();
