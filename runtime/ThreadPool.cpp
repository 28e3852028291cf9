#include "runtime/ThreadPool.h"

#include <immintrin.h>

#include <chrono>

namespace tfcc::rt {
namespace {

// How long a thread polls before it sleeps. A sleeping thread costs a futex
// round trip to wake, and on a virtual machine waking a halted vCPU took
// 25-130 µs here (tfcc_threadpool_bench: a 10 µs loop after 100 µs or 1 ms
// of caller-only work cost 37 and 139 µs instead of 12). A model's generated
// code between two kernels runs that long, so the workers poll through it,
// as OpenMP runtimes and ONNX Runtime's pool do by default.
constexpr auto kSpinTime = std::chrono::milliseconds(2);

template <typename Pred> bool SpinUntil(Pred pred) {
  const auto deadline = std::chrono::steady_clock::now() + kSpinTime;
  for (;;) {
    // Reading the clock costs about as much as a few pauses: check it
    // every 64.
    for (int i = 0; i < 64; ++i) {
      if (pred())
        return true;
      _mm_pause();
    }
    if (std::chrono::steady_clock::now() >= deadline)
      return pred();
  }
}

} // namespace

ThreadPool::ThreadPool(int num_threads)
    : num_threads_(num_threads < 1 ? 1 : num_threads) {
  workers_.reserve(num_threads_ - 1);
  try {
    for (int t = 1; t < num_threads_; ++t)
      workers_.emplace_back(&ThreadPool::WorkerLoop, this, t);
  } catch (...) {
    // Stop the workers that did start before reporting the failure.
    {
      std::lock_guard<std::mutex> lock(wake_mu_);
      stop_.store(true, std::memory_order_relaxed);
    }
    wake_cv_.notify_all();
    for (std::thread &w : workers_)
      w.join();
    throw;
  }
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(wake_mu_);
    stop_.store(true, std::memory_order_relaxed);
  }
  wake_cv_.notify_all();
  for (std::thread &w : workers_)
    w.join();
}

void ThreadPool::ParallelFor(int64_t num_tasks, TaskFn fn, void *ctx) {
  if (num_tasks <= 0)
    return;
  if (num_threads_ == 1 || num_tasks == 1 || num_tasks > kMaxTasks) {
    for (int64_t t = 0; t < num_tasks; ++t)
      fn(ctx, t, 0);
    return;
  }
  fn_.store(fn, std::memory_order_relaxed);
  ctx_.store(ctx, std::memory_order_relaxed);
  tasks_done_.store(0, std::memory_order_relaxed);
  uint64_t old = counter_.load(std::memory_order_relaxed);
  uint64_t next = ((Generation(old) + 1) << (2 * kTaskBits)) |
                  (uint64_t(num_tasks) << kTaskBits);
  // No lock while the workers poll. A worker about to sleep counts itself
  // in sleeping_workers_, holding wake_mu_, before its last look at
  // counter_; with both sides sequentially consistent, either that look
  // sees this job or the load below sees the sleeper, whose wait has then
  // released wake_mu_ before the notify can take it.
  counter_.store(next, std::memory_order_seq_cst);
  if (sleeping_workers_.load(std::memory_order_seq_cst) > 0) {
    { std::lock_guard<std::mutex> lock(wake_mu_); }
    wake_cv_.notify_all();
  }

  RunTasks(0);

  auto all_done = [&] {
    return tasks_done_.load(std::memory_order_seq_cst) == num_tasks;
  };
  if (!SpinUntil(all_done)) {
    // As a sleeping worker does: announced under the mutex, before the
    // last look at tasks_done_.
    std::unique_lock<std::mutex> lock(done_mu_);
    caller_sleeping_.store(true, std::memory_order_seq_cst);
    done_cv_.wait(lock, all_done);
    caller_sleeping_.store(false, std::memory_order_relaxed);
  }
}

void ThreadPool::RunTasks(int thread) {
  uint64_t cur = counter_.load(std::memory_order_acquire);
  for (;;) {
    if (NextTask(cur) >= NumTasks(cur))
      return;
    if (!counter_.compare_exchange_weak(cur, cur + 1,
                                        std::memory_order_acq_rel,
                                        std::memory_order_acquire))
      continue;
    // The claimed task keeps its job open, so fn_ and ctx_ are this job's.
    TaskFn fn = fn_.load(std::memory_order_relaxed);
    void *ctx = ctx_.load(std::memory_order_relaxed);
    int64_t num_tasks = int64_t(NumTasks(cur));
    fn(ctx, int64_t(NextTask(cur)), thread);
    int64_t done = tasks_done_.fetch_add(1, std::memory_order_seq_cst) + 1;
    if (done == num_tasks && thread != 0) {
      // The caller may be asleep waiting for this last task.
      if (caller_sleeping_.load(std::memory_order_seq_cst)) {
        { std::lock_guard<std::mutex> lock(done_mu_); }
        done_cv_.notify_one();
      }
      return;
    }
    cur = counter_.load(std::memory_order_acquire);
  }
}

void ThreadPool::WaitForJob(uint64_t seen_generation) {
  auto ready = [&] {
    return stop_.load(std::memory_order_relaxed) ||
           Generation(counter_.load(std::memory_order_seq_cst)) !=
               seen_generation;
  };
  if (SpinUntil(ready))
    return;
  std::unique_lock<std::mutex> lock(wake_mu_);
  sleeping_workers_.fetch_add(1, std::memory_order_seq_cst);
  wake_cv_.wait(lock, ready);
  sleeping_workers_.fetch_sub(1, std::memory_order_relaxed);
}

void ThreadPool::WorkerLoop(int thread) {
  // Generation 0 is "no job yet", whenever this thread gets to run: a loop
  // started before it did is still one to join.
  uint64_t seen = 0;
  for (;;) {
    WaitForJob(seen);
    if (stop_.load(std::memory_order_relaxed))
      return;
    seen = Generation(counter_.load(std::memory_order_acquire));
    RunTasks(thread);
  }
}

} // namespace tfcc::rt
