#include "runtime/ThreadPool.h"

#include "tfcc/kernels.h"
#include "tfcc/runtime.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <set>
#include <thread>
#include <vector>

namespace tfcc::rt {
namespace {

struct Record {
  std::vector<std::atomic<int>> runs;
  std::vector<std::atomic<int>> threads_seen;
  explicit Record(size_t tasks, size_t threads)
      : runs(tasks), threads_seen(threads) {}
};

void RecordTask(void *ctx, int64_t task, int thread) {
  auto *r = static_cast<Record *>(ctx);
  r->runs[size_t(task)].fetch_add(1);
  if (thread >= 0 && size_t(thread) < r->threads_seen.size())
    r->threads_seen[size_t(thread)].fetch_add(1);
  else
    r->runs[size_t(task)].fetch_add(1000); // an out-of-range thread number
}

TEST(ThreadPoolTest, RunsEveryTaskOnceOnAValidThread) {
  for (int threads : {1, 2, 3, 5}) {
    ThreadPool pool(threads);
    EXPECT_EQ(pool.num_threads(), threads);
    for (int64_t tasks : {0, 1, 2, 3, 7, 64, 1000}) {
      Record r{size_t(tasks), size_t(threads)};
      pool.ParallelFor(tasks, RecordTask, &r);
      for (int64_t t = 0; t < tasks; ++t)
        ASSERT_EQ(r.runs[size_t(t)].load(), 1)
            << "task " << t << " of " << tasks << " on " << threads
            << " threads";
    }
  }
}

void SleepTask(void *ctx, int64_t, int thread) {
  std::this_thread::sleep_for(std::chrono::milliseconds(2));
  static_cast<std::atomic<int> *>(ctx)[thread].fetch_add(1);
}

TEST(ThreadPoolTest, WorkersShareTheWork) {
  ThreadPool pool(3);
  std::atomic<int> per_thread[3] = {};
  pool.ParallelFor(50, SleepTask, per_thread);
  int busy = 0, total = 0;
  for (auto &n : per_thread) {
    busy += n.load() > 0;
    total += n.load();
  }
  EXPECT_EQ(total, 50);
  EXPECT_GE(busy, 2) << "50 sleeping tasks all ran on one thread";
}

void AddTask(void *ctx, int64_t task, int) {
  static_cast<std::atomic<int64_t> *>(ctx)->fetch_add(task + 1);
}

// Many short loops back to back: a worker still finishing loop i must never
// run a task of loop i+1 with loop i's context, or miss a wake-up.
TEST(ThreadPoolTest, BackToBackLoopsStayConsistent) {
  ThreadPool pool(3);
  for (int iter = 0; iter < 20000; ++iter) {
    std::atomic<int64_t> sum{0};
    const int64_t tasks = 2 + iter % 5;
    pool.ParallelFor(tasks, AddTask, &sum);
    ASSERT_EQ(sum.load(), tasks * (tasks + 1) / 2) << "loop " << iter;
  }
}

// Loops after the workers have gone to sleep still wake them, and a pool
// with sleeping workers shuts down.
TEST(ThreadPoolTest, WakesSleepingWorkers) {
  ThreadPool pool(2);
  for (int iter = 0; iter < 3; ++iter) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    std::atomic<int> per_thread[2] = {};
    pool.ParallelFor(50, SleepTask, per_thread);
    EXPECT_EQ(per_thread[0].load() + per_thread[1].load(), 50);
    EXPECT_GT(per_thread[1].load(), 0) << "the worker never woke up";
  }
}

// Two tasks: the caller's waits until the worker has claimed the other
// (at most 1 s), which then takes 10 ms. The caller is done first and,
// after its spin, sleeps until the worker's last task wakes it.
struct Handshake {
  std::atomic<bool> worker_in{false};
  std::atomic<int> ran{0};
};

void CallerWaitsForWorker(void *ctx, int64_t, int thread) {
  auto &h = *static_cast<Handshake *>(ctx);
  if (thread == 0) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
    while (!h.worker_in.load() && std::chrono::steady_clock::now() < deadline)
      std::this_thread::yield();
  } else {
    h.worker_in.store(true);
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  h.ran.fetch_add(1);
}

TEST(ThreadPoolTest, WakesASleepingCaller) {
  ThreadPool pool(2);
  for (int iter = 0; iter < 5; ++iter) {
    Handshake h;
    pool.ParallelFor(2, CallerWaitsForWorker, &h);
    EXPECT_TRUE(h.worker_in.load()) << "the worker took no task";
    EXPECT_EQ(h.ran.load(), 2);
  }
}

// Loops whose gaps straddle the workers' spin time (2 ms), so a worker is
// often just deciding to sleep as a loop is published, and tasks that
// sometimes outlast the caller's spin: a lost wake-up on either side
// would hang this test, a loop returning early would miss a task.
struct EdgeLoop {
  int slow_us;
  std::atomic<int> ran{0};
};

void ShortOrSlow(void *ctx, int64_t task, int) {
  auto &loop = *static_cast<EdgeLoop *>(ctx);
  if (task == 1)
    std::this_thread::sleep_for(std::chrono::microseconds(loop.slow_us));
  loop.ran.fetch_add(1);
}

TEST(ThreadPoolTest, NoLostWakeUpsAtTheSpinEdge) {
  ThreadPool pool(3);
  for (int iter = 0; iter < 300; ++iter) {
    std::this_thread::sleep_for(std::chrono::microseconds(250 * (iter % 13)));
    EdgeLoop loop{300 * (iter % 11)};
    pool.ParallelFor(3, ShortOrSlow, &loop);
    ASSERT_EQ(loop.ran.load(), 3) << "loop " << iter;
  }
}

TEST(RuntimeTest, CreateReportsThreads) {
  tfcc_runtime *rt = tfcc_runtime_create(3);
  ASSERT_NE(rt, nullptr);
  EXPECT_EQ(tfcc_runtime_num_threads(rt), 3);
  tfcc_runtime_destroy(rt);

  rt = tfcc_runtime_create(0); // one per online CPU
  ASSERT_NE(rt, nullptr);
  EXPECT_EQ(tfcc_runtime_num_threads(rt),
            int32_t(std::max(1u, std::thread::hardware_concurrency())));
  tfcc_runtime_destroy(rt);

  EXPECT_EQ(tfcc_runtime_num_threads(nullptr), 1);
  tfcc_runtime_destroy(nullptr); // a no-op, like free(NULL)
}

// tfcc_rt_parallel_range (tfcc/kernels.h), the entry generated loop nests
// are split through: every index once, in non-empty ranges.
struct RangeRecord {
  std::vector<std::atomic<int>> hits;
  std::atomic<int> calls{0}, empty{0};
  explicit RangeRecord(size_t n) : hits(n) {}
};

void RecordRange(void *ctx, int64_t begin, int64_t end) {
  auto *r = static_cast<RangeRecord *>(ctx);
  r->calls.fetch_add(1);
  if (begin >= end)
    r->empty.fetch_add(1);
  for (int64_t i = begin; i < end; ++i)
    r->hits[size_t(i)].fetch_add(1);
}

TEST(RuntimeTest, ParallelRangeCoversTheExtentOnce) {
  for (int threads : {0, 1, 2, 3}) { // 0: a NULL runtime
    tfcc_runtime *rt = threads ? tfcc_runtime_create(threads) : nullptr;
    for (int64_t extent : {0, 1, 2, 7, 1000}) {
      RangeRecord r{size_t(extent)};
      tfcc_rt_parallel_range(rt, extent, RecordRange, &r);
      for (int64_t i = 0; i < extent; ++i)
        ASSERT_EQ(r.hits[size_t(i)].load(), 1)
            << "index " << i << " of " << extent << ", " << threads << " threads";
      EXPECT_EQ(r.empty.load(), 0);
      // One range for one thread; more than one thread splits what it can.
      const int expected = extent == 0 ? 0 : threads <= 1 ? 1 : int(std::min<int64_t>(extent, 4 * threads));
      EXPECT_EQ(r.calls.load(), expected) << extent << " on " << threads << " threads";
    }
    tfcc_runtime_destroy(rt);
  }
}

} // namespace
} // namespace tfcc::rt
