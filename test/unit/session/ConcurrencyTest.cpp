// Many threads on one session: inference in parallel with writers that
// replace every variable at once. A reader that overlapped a writer would
// see w and b from different states; serialized writers count exactly.
#include "TempDir.h"
#include "ToyModel.h"

#include <atomic>
#include <mutex>
#include <string>
#include <thread>

namespace tfcc::test {
namespace {

constexpr int kReaders = 8;
constexpr int kRunsPerReader = 10000;
constexpr int kMinWrites = 100;

// "set" makes w = [k, k, k, k] and b = k, so predict on x = [1, 2, 3, 4]
// gives y[i] = k * (x[i] + 1) for one k.
bool Consistent(const std::vector<float> &y, float *k) {
  *k = y[0] / 2;
  for (int i = 0; i < 4; ++i)
    if (y[size_t(i)] != *k * float(i + 2))
      return false;
  return true;
}

Status Set(Session &s, float k) {
  std::vector<Tensor> none;
  return s.Run({{"k", Scalar(k)}}, {}, {"set_op"}, &none);
}

TEST(SessionConcurrencyTest, ReadersNeverSeeAHalfWrittenState) {
  auto session = OpenToy();
  ASSERT_TRUE(Set(*session, 1).ok());
  TempDir dir;
  std::atomic<int> readers_done{0};
  std::atomic<int> failures{0};
  std::atomic<int> max_seen{0};
  std::atomic<int> writes{0};
  std::string first_failure;
  std::mutex failure_mutex;
  auto fail = [&](const std::string &what) {
    if (failures.fetch_add(1) == 0) {
      std::lock_guard<std::mutex> lock(failure_mutex);
      first_failure = what;
    }
  };

  std::vector<std::thread> threads;
  for (int r = 0; r < kReaders; ++r)
    threads.emplace_back([&] {
      const Feeds feeds = {{"x", Floats({4}, {1, 2, 3, 4})}};
      const std::vector<std::string> fetches = {"y"}, targets;
      std::vector<Tensor> out;
      float last = 0;
      // At least kRunsPerReader runs, and on until the writer has had its
      // turns, so that reads and writes overlap however threads are run.
      for (int i = 0; i < kRunsPerReader || writes.load() < kMinWrites; ++i) {
        Status s = session->Run(feeds, fetches, targets, &out);
        float k;
        if (!s.ok())
          fail(s.message());
        else if (!Consistent(out[0].ToVector<float>(), &k))
          fail("torn state: y[0] = " + std::to_string(out[0].ToVector<float>()[0]) +
               ", y[3] = " + std::to_string(out[0].ToVector<float>()[3]));
        else if (k < last) // the writer only counts up
          fail("state went back from " + std::to_string(last) + " to " + std::to_string(k));
        else
          last = k;
      }
      int seen = int(last);
      for (int m = max_seen.load(); seen > m && !max_seen.compare_exchange_weak(m, seen);) {
      }
      readers_done.fetch_add(1);
    });
  // The writer counts k up while the readers run.
  threads.emplace_back([&] {
    for (int k = 2; readers_done.load() < kReaders; ++k) {
      if (Status s = Set(*session, float(k)); !s.ok())
        fail(s.message());
      writes.fetch_add(1);
      std::this_thread::yield();
    }
  });
  // Reads of variables and saves go on meanwhile, and see whole states.
  threads.emplace_back([&] {
    for (int i = 0; readers_done.load() < kReaders; ++i) {
      Tensor w, b;
      if (!session->ReadVariable("w", &w).ok() || !session->ReadVariable("b", &b).ok())
        fail("ReadVariable failed");
      std::vector<float> wv = w.ToVector<float>();
      if (wv[0] != wv[3])
        fail("ReadVariable saw a torn w");
      if (i % 50 == 0) {
        SaveOptions no_sync;
        no_sync.sync = false;
        if (Status s = session->Save(dir / "ckpt", no_sync); !s.ok())
          fail(s.message());
      }
    }
  });
  for (std::thread &t : threads)
    t.join();
  EXPECT_EQ(failures.load(), 0) << first_failure;
  EXPECT_GE(writes.load(), kMinWrites);
  // The readers saw the writer's progress.
  EXPECT_GT(max_seen.load(), 1);

  // The last save holds one whole state.
  auto restored = OpenToy();
  ASSERT_TRUE(restored->Restore(dir / "ckpt").ok());
  std::vector<float> w = ReadFloats(*restored, "w");
  EXPECT_EQ(w, std::vector<float>(4, w[0]));
  EXPECT_EQ(ReadFloats(*restored, "b"), std::vector<float>{w[0]});
}

TEST(SessionConcurrencyTest, WritersAreSerialized) {
  auto session = OpenToy();
  constexpr int kThreads = 4, kSteps = 500;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&] {
      const Feeds feeds = {{"x", Floats({4}, {0, 0, 0, 0})},
                           {"label", Floats({4}, {0, 0, 0, 0})},
                           {"lr", Scalar(0)}};
      std::vector<Tensor> out;
      for (int i = 0; i < kSteps; ++i)
        if (!session->Run(feeds, {"loss"}, {"train_op"}, &out).ok())
          failures.fetch_add(1);
    });
  // Readers of the step count meanwhile.
  threads.emplace_back([&] {
    std::vector<Tensor> out;
    int64_t last = 0;
    for (int i = 0; i < 2000; ++i) {
      if (!session->Run({}, {"step"}, {}, &out).ok() || out[0].ToVector<int64_t>()[0] < last)
        failures.fetch_add(1);
      else
        last = out[0].ToVector<int64_t>()[0];
    }
  });
  for (std::thread &t : threads)
    t.join();
  EXPECT_EQ(failures.load(), 0);
  Tensor step;
  ASSERT_TRUE(session->ReadVariable("global_step", &step).ok());
  EXPECT_EQ(step.ToVector<int64_t>()[0], kThreads * kSteps);
}

} // namespace
} // namespace tfcc::test
