// tfcc_rt_matmul_f32 against Eigen and OpenBLAS called directly, on square
// f32 GEMMs; and the batch-1 product (a row times a weight matrix) with its
// output placed at several offsets from the weights, modulo 4 KiB, and with
// the weights as they are or packed as a constant, on 1 and 2 threads; a
// batch of 6-128 rows times constant weights (the GEMM's edge rows); and
// the rate at which one core reads that many weights from L3 as 1, 2 or 4
// streams.
//
//   ninja -C build tfcc_gemm_bench
//   build/bin/tfcc_gemm_bench --benchmark_min_time=1
//
// On a CPU with AVX-512F, BM_Tfcc runs the AVX-512 kernel and BM_TfccAvx2
// the AVX2 one; tfcc_gemm_bench_avx512 is this program with Eigen built for
// AVX-512 too (x86-64-v4), its fair baseline there.
//
// Baselines: one thread, Eigen's Map<Matrix> product (noalias); two
// threads, the same product with Eigen::setNbThreads(2) (OpenMP builds) and
// Eigen's Tensor contraction on a 2-thread ThreadPoolDevice. OpenBLAS's
// cblas_sgemm (row-major, openblas_set_num_threads(1 or 2)) when CMake found
// libopenblas-dev (TFCC_BENCH_OPENBLAS).
#define EIGEN_USE_THREADS
#include <Eigen/Core>
#include <unsupported/Eigen/CXX11/Tensor>

#include "runtime/kernels/KernelIsa.h"
#include "tfcc/kernels.h"
#include "tfcc/runtime.h"

#include <benchmark/benchmark.h>

#ifdef TFCC_BENCH_OPENBLAS
#include <cblas.h> // OpenBLAS's, which declares openblas_set_num_threads
#endif

#include <immintrin.h>

#include <cstdlib>
#include <memory>
#include <numeric>
#include <random>
#include <vector>

namespace {

using RowMatrix =
    Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// a [m, k] and b [k, n] (or [n, k]: the same size) random, c [m, n].
struct Operands {
  std::vector<float> a, b, c;
  Operands(int64_t m, int64_t k, int64_t n)
      : a(size_t(m * k)), b(size_t(k * n)), c(size_t(m * n)) {
    std::mt19937 rng(42);
    std::uniform_real_distribution<float> dist(-1, 1);
    for (float &x : a) x = dist(rng);
    for (float &x : b) x = dist(rng);
  }
  explicit Operands(int64_t n) : Operands(n, n, n) {}
};

using RuntimePtr = std::unique_ptr<tfcc_runtime, void (*)(tfcc_runtime *)>;
RuntimePtr MakeRuntime(int threads) {
  return RuntimePtr(tfcc_runtime_create(threads), tfcc_runtime_destroy);
}

// The rate at which a product of a few rows reads its [k, n] weights.
void SetWeightRate(benchmark::State &state, int64_t k, int64_t n) {
  state.counters["GB/s"] = benchmark::Counter(double(k * n * sizeof(float)) * 1e-9,
                                              benchmark::Counter::kIsIterationInvariantRate);
}

void SetFlops(benchmark::State &state, int64_t n) {
  state.counters["GFLOP/s"] = benchmark::Counter(
      2.0 * double(n) * double(n) * double(n) * 1e-9,
      benchmark::Counter::kIsIterationInvariantRate);
}

void BM_Tfcc(benchmark::State &state) {
  const int64_t n = state.range(0);
  const int threads = int(state.range(1));
  RuntimePtr rt = MakeRuntime(threads);
  Operands x(n);
  for (auto _ : state) {
    tfcc_rt_matmul_f32(rt.get(), n, n, n, x.a.data(), 0, x.b.data(), 0,
                       nullptr, TFCC_ACT_NONE, x.c.data());
    benchmark::DoNotOptimize(x.c.data());
    benchmark::ClobberMemory();
  }
  SetFlops(state, n);
}

// BM_Tfcc held to the AVX2 kernel, on a CPU that would run the AVX-512 one:
// what the wider kernel gains, side by side in one run.
void BM_TfccAvx2(benchmark::State &state) {
  const tfcc::rt::KernelIsa saved = tfcc::rt::ActiveKernelIsa();
  if (saved != tfcc::rt::KernelIsa::kAvx512) {
    state.SkipWithError("the AVX2 kernel is BM_Tfcc's already on this CPU");
    return;
  }
  tfcc::rt::SetKernelIsa(tfcc::rt::KernelIsa::kAvx2);
  BM_Tfcc(state);
  tfcc::rt::SetKernelIsa(saved);
}

void BM_EigenMatrix(benchmark::State &state) {
  const int64_t n = state.range(0);
  const int threads = int(state.range(1));
#ifdef _OPENMP
  Eigen::setNbThreads(threads);
#else
  if (threads > 1) {
    state.SkipWithError("Eigen's threaded GEMM needs OpenMP");
    return;
  }
#endif
  Operands x(n);
  Eigen::Map<const RowMatrix> a(x.a.data(), n, n), b(x.b.data(), n, n);
  Eigen::Map<RowMatrix> c(x.c.data(), n, n);
  for (auto _ : state) {
    c.noalias() = a * b;
    benchmark::DoNotOptimize(x.c.data());
    benchmark::ClobberMemory();
  }
  SetFlops(state, n);
}

void BM_EigenTensor(benchmark::State &state) {
  const int64_t n = state.range(0);
  const int threads = int(state.range(1));
  Eigen::ThreadPool pool(threads);
  Eigen::ThreadPoolDevice device(&pool, threads);
  Operands x(n);
  using Map = Eigen::TensorMap<Eigen::Tensor<float, 2, Eigen::RowMajor>>;
  using ConstMap = Eigen::TensorMap<Eigen::Tensor<const float, 2, Eigen::RowMajor>>;
  ConstMap a(x.a.data(), n, n), b(x.b.data(), n, n);
  Map c(x.c.data(), n, n);
  const Eigen::array<Eigen::IndexPair<int>, 1> dims = {Eigen::IndexPair<int>(1, 0)};
  for (auto _ : state) {
    c.device(device) = a.contract(b, dims);
    benchmark::DoNotOptimize(x.c.data());
    benchmark::ClobberMemory();
  }
  SetFlops(state, n);
}

#ifdef TFCC_BENCH_OPENBLAS
void BM_OpenBlas(benchmark::State &state) {
  const int64_t n = state.range(0);
  const int threads = int(state.range(1));
  openblas_set_num_threads(threads);
  Operands x(n);
  const blasint ld = blasint(n);
  for (auto _ : state) {
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, ld, ld, ld, 1.0f,
                x.a.data(), ld, x.b.data(), ld, 0.0f, x.c.data(), ld);
    benchmark::DoNotOptimize(x.c.data());
    benchmark::ClobberMemory();
  }
  SetFlops(state, n);
}
#endif

// [1, 784] x [784, 512], mlp_b1's first layer, with b on a 4 KiB boundary
// and c `offset` bytes past one. A core that matches a load against earlier
// stores by address bits 0-11 only stalls when the streamed b rows and c
// share those bits; the kernel's time should not depend on the offset.
void BM_TfccRowTimesMatrix(benchmark::State &state) {
  constexpr int64_t k = 784, n = 512;
  const int64_t offset = state.range(0);
  RuntimePtr rt = MakeRuntime(1);
  std::vector<float> a(k);
  std::mt19937 rng(42);
  std::uniform_real_distribution<float> dist(-1, 1);
  for (float &x : a) x = dist(rng);
  auto aligned = [](size_t bytes) {
    return std::unique_ptr<float, void (*)(void *)>(
        static_cast<float *>(std::aligned_alloc(4096, (bytes + 4095) / 4096 * 4096)), std::free);
  };
  auto b = aligned(k * n * sizeof(float));
  auto cBlock = aligned(n * sizeof(float) + 4096);
  for (int64_t i = 0; i < k * n; ++i) b.get()[i] = dist(rng);
  float *c = cBlock.get() + offset / int64_t(sizeof(float));
  for (auto _ : state) {
    tfcc_rt_matmul_f32(rt.get(), 1, n, k, a.data(), 0, b.get(), 0, nullptr, TFCC_ACT_NONE, c);
    benchmark::DoNotOptimize(c);
    benchmark::ClobberMemory();
  }
  SetWeightRate(state, k, n);
}
BENCHMARK(BM_TfccRowTimesMatrix)
    ->ArgName("c_offset")
    ->Arg(0)->Arg(32)->Arg(64)->Arg(1024)->Arg(2048)->Arg(2080)->Arg(3072)
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);

// Times one row x.a times x.b (k x n), fed or constant, on `threads`.
void TimeRowTimesWeights(benchmark::State &state, int threads, Operands &x, int64_t k,
                         int64_t n, bool constant) {
  RuntimePtr rt = MakeRuntime(threads);
  void *slot[TFCC_MATMUL_SLOT_POINTERS] = {};
  for (auto _ : state) {
    if (constant)
      tfcc_rt_matmul_const_b_f32(rt.get(), slot, 1, n, k, x.a.data(), 0, x.b.data(), 0,
                                 nullptr, TFCC_ACT_NONE, x.c.data());
    else
      tfcc_rt_matmul_f32(rt.get(), 1, n, k, x.a.data(), 0, x.b.data(), 0, nullptr,
                         TFCC_ACT_NONE, x.c.data());
    benchmark::DoNotOptimize(x.c.data());
    benchmark::ClobberMemory();
  }
  for (void *p : slot)
    std::free(p);
  SetWeightRate(state, k, n);
}

// [1, k] x [k, n] at batch 1 on 1 or 2 threads: b as it is (each thread
// streams a column slice of every row of b) or as a constant
// (tfcc_rt_matmul_const_b_f32: column panels packed by the first call, so
// each thread's columns are one contiguous stream). Shapes: mlp_b1's first
// layer, lstm_step's merged gate product, and a product narrower than one
// panel (10 columns: b as it is goes through SmallRowsAccumulate, a
// constant through the masked panel kernel).
void BM_TfccRowTimesWeights(benchmark::State &state) {
  const int64_t k = state.range(0), n = state.range(1);
  Operands x(1, k, n);
  TimeRowTimesWeights(state, int(state.range(2)), x, k, n, state.range(3) != 0);
}
BENCHMARK(BM_TfccRowTimesWeights)
    ->ArgNames({"k", "n", "threads", "const"})
    ->ArgsProduct({{784}, {512}, {1, 2}, {0, 1}})
    ->ArgsProduct({{384}, {1024}, {1, 2}, {0, 1}})
    ->ArgsProduct({{512}, {10}, {1}, {0, 1}})
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);

// One row of a with `zero%` of its entries zero (at random places), as after
// a ReLU, times a constant b: from a third zeros on, only the rows of b
// that meet a nonzero are read (MatMul.cpp's NonzeroRowsAccumulate). GB/s
// counts all of b, so it is the dense rate the product stands in for.
void BM_TfccMostlyZeroRow(benchmark::State &state) {
  const int64_t k = state.range(0), n = state.range(1), zero_percent = state.range(3);
  Operands x(1, k, n);
  std::vector<int64_t> order(static_cast<size_t>(k));
  std::iota(order.begin(), order.end(), 0);
  std::shuffle(order.begin(), order.end(), std::mt19937(7));
  for (int64_t i = 0; i < k * zero_percent / 100; ++i)
    x.a[size_t(order[size_t(i)])] = 0.0f;
  TimeRowTimesWeights(state, int(state.range(2)), x, k, n, true);
}
BENCHMARK(BM_TfccMostlyZeroRow)
    ->ArgNames({"k", "n", "threads", "zero%"})
    ->ArgsProduct({{784}, {512}, {1, 2}, {0, 25, 34, 40, 45, 50, 60}})
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);

// A batch of rows times constant weights, [m, 784] x [784, 512] with the
// bias and ReLU fused (mlp_b64's first layer and its batch-size siblings),
// through tfcc_rt_matmul_const_b_f32 as compiled models call it. Batch
// sizes that are powers of two leave 2 or 4 rows past the last whole
// 6-row tile of the micro-kernel; m = 7-12 against m = 6 is what 1-6 rows
// of such an edge cost (GemmKernel.cpp's EdgeRowsOfTwoPanels).
void BM_TfccBatchTimesWeights(benchmark::State &state) {
  const int64_t m = state.range(0), k = state.range(1), n = state.range(2);
  RuntimePtr rt = MakeRuntime(int(state.range(3)));
  Operands x(m, k, n);
  const std::vector<float> bias(size_t(n), 0.125f);
  void *slot[TFCC_MATMUL_SLOT_POINTERS] = {};
  for (auto _ : state) {
    tfcc_rt_matmul_const_b_f32(rt.get(), slot, m, n, k, x.a.data(), 0, x.b.data(), 0,
                               bias.data(), TFCC_ACT_RELU, x.c.data());
    benchmark::DoNotOptimize(x.c.data());
    benchmark::ClobberMemory();
  }
  for (void *p : slot)
    std::free(p);
  state.counters["GFLOP/s"] = benchmark::Counter(
      2.0 * double(m) * double(k) * double(n) * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_TfccBatchTimesWeights)
    ->ArgNames({"m", "k", "n", "threads"})
    ->ArgsProduct({{6, 7, 8, 9, 10, 11, 12}, {784}, {512}, {1}})
    ->ArgsProduct({{32, 64, 128}, {784}, {512}, {1, 2}})
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);

// What a core can read from L3: the sum of mlp_b1's weights (2.67 MB, more
// than L2 holds) read as 1, 2 or 4 contiguous streams, one after the other
// in each loop step. The batch-1 products are bound by this rate; it is why
// PackedPanels stores a panel as two halves that one row reads at once.
template <int STREAMS>
void BM_SumStreams(benchmark::State &state) {
  constexpr int64_t kPer = (784 * 512 + 512 * 512 + 512 * 10) / STREAMS / 32 * 32;
  Operands x(1, kPer, STREAMS);
  const float *data = x.b.data();
  for (auto _ : state) {
    // Eight independent sums: the adds' latency stays hidden.
    __m256 sum[8];
    for (__m256 &v : sum)
      v = _mm256_setzero_ps();
    for (int64_t i = 0; i < kPer; i += 32)
      for (int s = 0; s < STREAMS; ++s)
        for (int v = 0; v < 4; ++v) {
          __m256 &acc = sum[(4 * s + v) % 8];
          acc = _mm256_add_ps(acc, _mm256_loadu_ps(data + s * kPer + i + 8 * v));
        }
    benchmark::DoNotOptimize(sum);
  }
  state.counters["GB/s"] =
      benchmark::Counter(double(STREAMS * kPer * sizeof(float)) * 1e-9,
                         benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_SumStreams<1>)->UseRealTime()->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_SumStreams<2>)->UseRealTime()->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_SumStreams<4>)->UseRealTime()->Unit(benchmark::kMicrosecond);

// A few rows times a fed b read transposed ([n, k] in memory, as a key
// cache or a weight stored [out, in] is): tfcc_rt_matmul_f32 streams b's
// rows as dot products with the rows of a. The shape of mlp_b1's first
// layer stored [out, in].
void BM_TfccRowsTimesTransposed(benchmark::State &state) {
  const int64_t rows = state.range(0), k = state.range(1), n = state.range(2);
  RuntimePtr rt = MakeRuntime(int(state.range(3)));
  Operands x(rows, k, n);
  for (auto _ : state) {
    tfcc_rt_matmul_f32(rt.get(), rows, n, k, x.a.data(), 0, x.b.data(), 1, nullptr,
                       TFCC_ACT_NONE, x.c.data());
    benchmark::DoNotOptimize(x.c.data());
    benchmark::ClobberMemory();
  }
  SetWeightRate(state, k, n);
}
BENCHMARK(BM_TfccRowsTimesTransposed)
    ->ArgNames({"rows", "k", "n", "threads"})
    ->ArgsProduct({{1, 2, 3}, {784}, {512}, {1, 2}})
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);

void Sizes(benchmark::internal::Benchmark *b) {
  for (int threads : {1, 2})
    for (int n : {256, 1024, 2048})
      b->Args({n, threads});
  b->ArgNames({"n", "threads"})->UseRealTime()->Unit(benchmark::kMillisecond);
}

BENCHMARK(BM_Tfcc)->Apply(Sizes);
BENCHMARK(BM_TfccAvx2)->Apply(Sizes);
BENCHMARK(BM_EigenMatrix)->Apply(Sizes);
BENCHMARK(BM_EigenTensor)->Apply(Sizes);
#ifdef TFCC_BENCH_OPENBLAS
BENCHMARK(BM_OpenBlas)->Apply(Sizes);
#endif

} // namespace

BENCHMARK_MAIN();
