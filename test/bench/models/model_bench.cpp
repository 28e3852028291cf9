// Latency of compiled models through their generated classes, on 1 and 2
// threads of a runtime context, and GEMM GFLOP/s of compiled code against
// Eigen called directly in the same run. Results: docs/PERFORMANCE.md.
//
//   ninja -C build tfcc_model_bench && build/bin/tfcc_model_bench
#include "bench_digits_b1.h"
#include "bench_digits_b64.h"
#include "bench_gemm1024.h"
#include "bench_gemm1024_gen.h"
#include "bench_gemm128.h"
#include "bench_gemm128_gen.h"
#include "bench_gemm16.h"
#include "bench_gemm16_gen.h"
#include "bench_gemm256.h"
#include "bench_gemm256_gen.h"
#include "bench_gemm32.h"
#include "bench_gemm32_gen.h"
#include "bench_gemm64.h"
#include "bench_gemm64_gen.h"
#include "bench_lstm_unrolled.h"
#include "bench_mlp_b1.h"
#include "bench_mlp_b64.h"
#include "bench_mlp_b64_gen.h"
#include "tfcc/runtime.h"

#include <Eigen/Core>
#include <benchmark/benchmark.h>

#include <random>

namespace {

template <typename M> void fillArgs(M &model) {
  std::mt19937 rng(1);
  std::uniform_real_distribution<float> u(0.f, 1.f);
  const tfcc_signature_info &sig = model.info().signatures[0];
  for (int i = 0; i < sig.num_args; ++i) {
    auto *p = static_cast<float *>(model.arg_data(0, i));
    for (int64_t j = 0; j < sig.args[i].num_elements; ++j)
      p[j] = u(rng);
  }
}

/// Runs model M on a runtime context with state.range(0) threads.
template <typename M> void BM_Model(benchmark::State &state) {
  tfcc_runtime *rt = tfcc_runtime_create(int32_t(state.range(0)));
  {
    M model(rt);
    fillArgs(model);
    for (auto _ : state) {
      tfcc::Status st = model.Run();
      if (!st.ok()) {
        state.SkipWithError(st.message().c_str());
        break;
      }
      benchmark::ClobberMemory();
    }
  }
  tfcc_runtime_destroy(rt);
}

template <typename M, int N> void BM_Gemm(benchmark::State &state) {
  BM_Model<M>(state);
  state.counters["GFLOP/s"] = benchmark::Counter(2.0 * N * N * N, benchmark::Counter::kIsIterationInvariantRate,
                                                 benchmark::Counter::kIs1000);
}

/// Eigen's own single-threaded GEMM on the same sizes, in the same run.
template <int N> void BM_EigenGemm(benchmark::State &state) {
  using Mat = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  Mat a = Mat::Random(N, N), b = Mat::Random(N, N), c(N, N);
  for (auto _ : state) {
    c.noalias() = a * b;
    benchmark::DoNotOptimize(c.data());
    benchmark::ClobberMemory();
  }
  state.counters["GFLOP/s"] = benchmark::Counter(2.0 * N * N * N, benchmark::Counter::kIsIterationInvariantRate,
                                                 benchmark::Counter::kIs1000);
}

#define MODEL(M) BENCHMARK(BM_Model<bench::M>)->Name(#M)->Arg(1)->Arg(2)->UseRealTime()
MODEL(DigitsB1);
MODEL(DigitsB64);
MODEL(MlpB1);
MODEL(MlpB64);
MODEL(MlpB64Generated);
MODEL(LstmUnrolled);
#define GEMM(N)                                                                            \
  BENCHMARK(BM_Gemm<bench::Gemm##N, N>)->Name("Gemm" #N)->Arg(1)->Arg(2)->UseRealTime();    \
  BENCHMARK(BM_Gemm<bench::Gemm##N##Generated, N>)                                         \
      ->Name("Gemm" #N "Generated")                                                        \
      ->Arg(1)                                                                             \
      ->UseRealTime();                                                                     \
  BENCHMARK(BM_EigenGemm<N>)->Name("EigenGemm" #N)->UseRealTime()
GEMM(16);
GEMM(32);
GEMM(64);
GEMM(128);
GEMM(256);
GEMM(1024);

} // namespace

BENCHMARK_MAIN();
