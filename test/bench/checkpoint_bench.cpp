// Checkpoint save and restore throughput against plain file I/O of the same
// bytes, in the same run. Not run by ctest:
//   build/bin/tfcc_checkpoint_bench [--benchmark_filter=...]
// Files go to $TFCC_BENCH_DIR, else $TMPDIR, else /tmp. Reads are from the
// page cache (the file was just written); saves include fsync.
#include "runtime/checkpoint/Checkpoint.h"
#include "runtime/checkpoint/Crc32c.h"
#include "runtime/checkpoint/Restore.h"

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

namespace {

using namespace tfcc::checkpoint;

constexpr int kTensors = 16;

std::string benchDir() {
  for (const char *var : {"TFCC_BENCH_DIR", "TMPDIR"})
    if (const char *v = std::getenv(var); v && *v)
      return v;
  return "/tmp";
}

// `megabytes` of float32 in kTensors tensors, with a scratch directory.
struct Fixture {
  explicit Fixture(int64_t megabytes)
      : dir(benchDir() + "/tfcc_ckpt_bench_" + std::to_string(getpid())),
        values(kTensors, std::vector<float>(megabytes * (1 << 20) / 4 / kTensors)) {
    std::filesystem::create_directories(dir);
    for (int t = 0; t < kTensors; ++t)
      for (size_t i = 0; i < values[t].size(); ++i)
        values[t][i] = float(i % 1000) * 0.5f + float(t);
    for (int t = 0; t < kTensors; ++t)
      named.emplace_back("model/layer_" + std::to_string(t) + "/kernel", DType::Float,
                         Shape{int64_t(values[t].size())}, values[t].data());
  }
  ~Fixture() { std::filesystem::remove_all(dir); }
  int64_t bytes() const { return int64_t(values[0].size()) * 4 * kTensors; }
  std::string prefix() const { return dir + "/ckpt"; }
  // Writes the checkpoint the read benchmarks start from.
  bool saveOnce(benchmark::State &state) const {
    if (save(prefix(), named).ok())
      return true;
    state.SkipWithError("save failed");
    return false;
  }
  std::vector<std::vector<float>> destinations() const {
    return std::vector<std::vector<float>>(kTensors, std::vector<float>(values[0].size()));
  }

  std::string dir;
  std::vector<std::vector<float>> values;
  std::vector<NamedTensor> named;
};

// Moves all n bytes with ::read or ::write, as the plain baselines do.
template <typename Io, typename Byte> bool transferAll(Io io, int fd, Byte *p, size_t n) {
  while (n) {
    ssize_t done = io(fd, p, n);
    if (done <= 0)
      return false;
    p += done;
    n -= size_t(done);
  }
  return true;
}

void setRate(benchmark::State &state, int64_t bytes) {
  state.SetBytesProcessed(state.iterations() * bytes);
  state.counters["GB/s"] = benchmark::Counter(double(bytes) * double(state.iterations()) / 1e9,
                                              benchmark::Counter::kIsRate);
}

void BM_Save(benchmark::State &state) {
  Fixture f(state.range(0));
  for (auto _ : state) {
    Status s = save(f.prefix(), f.named);
    if (!s.ok())
      state.SkipWithError(s.message().c_str());
  }
  setRate(state, f.bytes());
}

// The floor for a durable save: the same bytes, one write per tensor, fsync.
void BM_PlainWriteFsync(benchmark::State &state) {
  Fixture f(state.range(0));
  const std::string path = f.dir + "/plain";
  for (auto _ : state) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    for (const auto &v : f.values)
      if (!transferAll(::write, fd, reinterpret_cast<const char *>(v.data()), v.size() * 4))
        state.SkipWithError("write failed");
    ::fsync(fd);
    ::close(fd);
  }
  setRate(state, f.bytes());
}

void BM_Restore(benchmark::State &state) {
  Fixture f(state.range(0));
  if (!f.saveOnce(state))
    return;
  std::vector<std::vector<float>> out = f.destinations();
  std::vector<RestoreTarget> targets;
  for (int t = 0; t < kTensors; ++t)
    targets.push_back({f.named[t].name, DType::Float, f.named[t].shape, out[t].data(),
                       out[t].size() * 4});
  for (auto _ : state) {
    Status s = restore(f.prefix(), targets);
    if (!s.ok())
      state.SkipWithError(s.message().c_str());
    benchmark::DoNotOptimize(out[0][0]);
  }
  if (out != f.values)
    state.SkipWithError("restored values differ");
  setRate(state, f.bytes());
}

// The floor for a restore: read() of the same bytes into the destinations.
void BM_PlainRead(benchmark::State &state) {
  Fixture f(state.range(0));
  if (!f.saveOnce(state))
    return;
  const std::string path = dataFileName(f.prefix(), 0, 1);
  std::vector<std::vector<float>> out = f.destinations();
  for (auto _ : state) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    for (auto &v : out)
      if (!transferAll(::read, fd, reinterpret_cast<char *>(v.data()), v.size() * 4))
        state.SkipWithError("read failed");
    ::close(fd);
    benchmark::DoNotOptimize(out[0][0]);
  }
  setRate(state, f.bytes());
}

// Checksum speed alone, in memory.
void BM_Crc32c(benchmark::State &state) {
  std::vector<char> data(size_t(state.range(0)) << 20, 'x');
  for (auto _ : state)
    benchmark::DoNotOptimize(crc32c::value(data.data(), data.size()));
  setRate(state, int64_t(data.size()));
  state.SetLabel(crc32c::hardwareAccelerated() ? "sse4.2" : "table");
}

BENCHMARK(BM_Save)->Arg(64)->Arg(256)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_PlainWriteFsync)->Arg(64)->Arg(256)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Restore)->Arg(64)->Arg(256)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_PlainRead)->Arg(64)->Arg(256)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Crc32c)->Arg(64)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
