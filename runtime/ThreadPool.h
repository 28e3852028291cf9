// A fixed pool of worker threads with an allocation-free parallel-for.
//
// The calling thread takes part in every loop (as thread 0), so a pool of N
// threads starts N-1 workers. Work is handed over through a function pointer
// and a context pointer, never a std::function, so ParallelFor allocates
// nothing. One ParallelFor runs at a time per pool (runtime.h: a context
// serves one Run() at a time); nested ParallelFor calls are not supported.
#ifndef TFCC_RUNTIME_THREADPOOL_H
#define TFCC_RUNTIME_THREADPOOL_H

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

namespace tfcc::rt {

class ThreadPool {
public:
  // Runs task `task` of the loop on pool thread `thread` (0 = the caller).
  using TaskFn = void (*)(void *ctx, int64_t task, int thread);

  // Starts num_threads-1 workers; throws std::system_error when a thread
  // cannot be started (the C API turns that into NULL).
  explicit ThreadPool(int num_threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool &) = delete;
  ThreadPool &operator=(const ThreadPool &) = delete;

  int num_threads() const { return num_threads_; }

  // Calls fn(ctx, t, thread) once for every t in [0, num_tasks) and returns
  // when all calls have returned. Tasks are claimed dynamically, so a thread
  // that another process slows down takes fewer of them.
  void ParallelFor(int64_t num_tasks, TaskFn fn, void *ctx);

private:
  // The job counter packs [generation:16][num_tasks:24][next task:24] into
  // one word: a claim is one CAS that sees the job's size and its next task
  // together, so a worker that wakes late claims, at worst, a real task of
  // the current job, whose function it reads only after the claim.
  static constexpr int kTaskBits = 24;
  static constexpr uint64_t kTaskMask = (uint64_t{1} << kTaskBits) - 1;
  static uint64_t Generation(uint64_t c) { return c >> (2 * kTaskBits); }
  static uint64_t NumTasks(uint64_t c) { return (c >> kTaskBits) & kTaskMask; }
  static uint64_t NextTask(uint64_t c) { return c & kTaskMask; }

public:
  // Larger loops run on the caller alone; kernels make far fewer tasks.
  static constexpr int64_t kMaxTasks = int64_t(kTaskMask);

private:
  void WorkerLoop(int thread);
  // Claims and runs tasks of the current job until none are left.
  void RunTasks(int thread);
  void WaitForJob(uint64_t seen_generation);

  const int num_threads_;
  std::vector<std::thread> workers_;

  std::atomic<uint64_t> counter_{0};
  // Job parameters, published by the release store to counter_ and stable
  // until every task of the job is done.
  std::atomic<TaskFn> fn_{nullptr};
  std::atomic<void *> ctx_{nullptr};
  std::atomic<int64_t> tasks_done_{0};
  std::atomic<bool> stop_{false};

  // Sleeping workers wait on wake_; a caller waiting for the last task
  // sleeps on done_. Both are only used after a short spin, and a loop
  // takes their mutexes only when someone sleeps: the counts say who.
  std::mutex wake_mu_;
  std::condition_variable wake_cv_;
  std::atomic<int> sleeping_workers_{0};
  std::mutex done_mu_;
  std::condition_variable done_cv_;
  std::atomic<bool> caller_sleeping_{false};
};

} // namespace tfcc::rt

#endif // TFCC_RUNTIME_THREADPOOL_H
