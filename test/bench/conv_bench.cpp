// tfcc_rt_conv2d_f32 and tfcc_rt_conv2d_const_filter_f32 (the filter packed
// once, as compiled models call it for weights; for 8..128 channels on each
// side that is Winograd's F(4x4, 3x3)) on single 3x3 SAME, stride-1
// convolutions with bias and ReLU, the kernel called directly; and the
// constant-filter convolution with a max-pool fused.
//
//   ninja -C build tfcc_conv_bench
//   build/bin/tfcc_conv_bench --benchmark_min_time=0.5 --benchmark_repetitions=5 \
//       --benchmark_report_aggregates_only=true
//
// Arguments: size (height = width), input channels, output channels, batch,
// pool threads, and (BM_Conv3x3) 0 for the plain entry, 1 for the
// constant-filter one.
#include "tfcc/kernels.h"
#include "tfcc/runtime.h"

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <random>
#include <vector>

namespace {

// A convolution's operands: random input, filter and bias, room for the
// output, and a runtime with the benchmark's threads.
struct ConvData {
  ConvData(int64_t batch, int64_t hw, int64_t ic, int64_t oc, int threads)
      : input(size_t(batch * hw * hw * ic)), filter(size_t(9 * ic * oc)),
        bias(size_t(oc)), output(size_t(batch * hw * hw * oc)),
        rt(tfcc_runtime_create(threads)) {
    std::mt19937 rng(42);
    std::uniform_real_distribution<float> dist(-1, 1);
    for (std::vector<float> *v : {&input, &filter, &bias})
      for (float &x : *v)
        x = dist(rng);
  }
  ~ConvData() {
    std::free(slot);
    tfcc_runtime_destroy(rt);
  }
  std::vector<float> input, filter, bias, output;
  tfcc_runtime *rt;
  void *slot = nullptr;
};

void SetRate(benchmark::State &state, int64_t batch, int64_t hw, int64_t ic, int64_t oc) {
  state.counters["GFLOP/s"] = benchmark::Counter(
      2.0 * double(batch * hw * hw) * 9 * double(ic * oc) * 1e-9,
      benchmark::Counter::kIsIterationInvariantRate);
}

void BM_Conv3x3(benchmark::State &state) {
  const int64_t hw = state.range(0), ic = state.range(1), oc = state.range(2);
  const int64_t batch = state.range(3);
  const bool constant = state.range(5) != 0;
  ConvData d(batch, hw, ic, oc, int(state.range(4)));
  for (auto _ : state) {
    if (constant)
      tfcc_rt_conv2d_const_filter_f32(d.rt, &d.slot, d.input.data(), batch, hw, hw, ic,
                                      d.filter.data(), 3, 3, oc, hw, hw, 1, 1, 1, 1, 1, 1,
                                      d.bias.data(), TFCC_ACT_RELU, d.output.data());
    else
      tfcc_rt_conv2d_f32(d.rt, d.input.data(), batch, hw, hw, ic, d.filter.data(), 3, 3, oc,
                         hw, hw, 1, 1, 1, 1, 1, 1, d.bias.data(), TFCC_ACT_RELU,
                         d.output.data());
    benchmark::DoNotOptimize(d.output.data());
  }
  SetRate(state, batch, hw, ic, oc);
}

// The same convolution (constant filter) with a 2x2, stride-2 max-pool
// fused (tfcc_rt_conv2d_max_pool_f32): against BM_Conv3x3/.../1, what
// pooling costs when the convolution's output is never stored.
void BM_Conv3x3MaxPool(benchmark::State &state) {
  const int64_t hw = state.range(0), ic = state.range(1), oc = state.range(2);
  const int64_t batch = state.range(3);
  ConvData d(batch, hw, ic, oc, int(state.range(4)));
  for (auto _ : state) {
    tfcc_rt_conv2d_max_pool_f32(d.rt, &d.slot, d.input.data(), batch, hw, hw, ic,
                                d.filter.data(), 3, 3, oc, hw, hw, 1, 1, 1, 1, 1, 1,
                                d.bias.data(), TFCC_ACT_RELU, 2, 2, 2, 2, hw / 2, hw / 2,
                                d.output.data());
    benchmark::DoNotOptimize(d.output.data());
  }
  SetRate(state, batch, hw, ic, oc);
}

// The two convolutions of the peer harness's CNN (test/bench/peers/models.py:
// 28x28x1->16, 14x14x16->32) at batch 1 and 32 on 1 and 2 threads, then
// ResNet-50's 3x3 stages at batch 1 on one thread.
BENCHMARK(BM_Conv3x3)
    ->ArgsProduct({{28}, {1}, {16}, {1, 32}, {1, 2}, {0, 1}})
    ->ArgsProduct({{14}, {16}, {32}, {1, 32}, {1, 2}, {0, 1}})
    ->ArgsProduct({{56}, {64}, {64}, {1}, {1}, {0, 1}})
    ->ArgsProduct({{28}, {128}, {128}, {1}, {1}, {0, 1}})
    ->ArgsProduct({{14}, {256}, {256}, {1}, {1}, {0, 1}})
    ->ArgsProduct({{7}, {512}, {512}, {1}, {1}, {0, 1}})
    ->Unit(benchmark::kMicrosecond)
    ->UseRealTime();
BENCHMARK(BM_Conv3x3MaxPool)
    ->ArgsProduct({{28}, {1}, {16}, {1, 32}, {1, 2}})
    ->ArgsProduct({{14}, {16}, {32}, {1, 32}, {1, 2}})
    ->Unit(benchmark::kMicrosecond)
    ->UseRealTime();

} // namespace

BENCHMARK_MAIN();
