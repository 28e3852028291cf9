// The cost of one ThreadPool::ParallelFor hand-off when the caller has run
// alone for a while before it, as a compiled model does between kernels
// (generated pads, pools and softmax run on the caller only).
//
//   ninja -C build tfcc_threadpool_bench
//   build/bin/tfcc_threadpool_bench --benchmark_repetitions=5 \
//       --benchmark_report_aggregates_only=true
//
// Arguments: microseconds of caller-only work before each loop, and the pool
// size. Each loop is 2 tasks of 10 µs each, so a perfect hand-off costs
// 10 µs of wall time on 2 threads and 20 µs on 1.
#include "runtime/ThreadPool.h"

#include <benchmark/benchmark.h>

#include <chrono>

namespace {

void BusyFor(double us) {
  auto end = std::chrono::steady_clock::now() + std::chrono::duration<double, std::micro>(us);
  while (std::chrono::steady_clock::now() < end) {
  }
}

void Task(void *, int64_t, int) { BusyFor(10); }

void BM_HandOff(benchmark::State &state) {
  const double gap_us = double(state.range(0));
  tfcc::rt::ThreadPool pool(int(state.range(1)));
  for (auto _ : state) {
    state.PauseTiming();
    BusyFor(gap_us);
    state.ResumeTiming();
    pool.ParallelFor(2, Task, nullptr);
  }
}

BENCHMARK(BM_HandOff)->ArgsProduct({{0, 20, 100, 1000}, {1, 2}})->UseRealTime();

} // namespace

BENCHMARK_MAIN();
