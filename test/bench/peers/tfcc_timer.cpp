// tfcc_timer: times one model built by `tfcc compile --emit=shared-lib`,
// called through the C ABI of include/tfcc/abi.h exactly as a generated
// class (tfcc::CompiledModel) calls it: one call frame set up once, then the
// entry function called in a loop. Used by run_peers.py; needs only the
// headers of include/ and libdl:
//
//   c++ -O2 -std=c++17 -Iinclude test/bench/peers/tfcc_timer.cpp -ldl -o tfcc_timer
//   tfcc_timer model.so --threads 2 --input x=x.bin [--input ...]
//              [--output-dir DIR] [--warmup 0.2] [--min-time 1] [--min-samples 5]
//
// Every input is a file of raw little-endian elements in the argument's
// dtype and shape. The runtime context (thread pool) comes from the
// library's own tfcc_runtime_create, which tfcc links into every shared
// library whose code calls a runtime kernel; a library without one needs no
// context (it only has generated loops) and gets NULL.
//
// Timing: one call, then calls for --warmup seconds; from the warmup's mean
// a count k is chosen so that one sample (k calls back to back) lasts about
// 2 ms; samples are taken until --min-time seconds and --min-samples have
// passed. Prints one JSON object: the median and every sample, in
// microseconds per call.
#include "tfcc/abi.h"

#include <dlfcn.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <vector>

namespace {

[[noreturn]] void Fail(const std::string &message) {
  std::fprintf(stderr, "tfcc_timer: error: %s\n", message.c_str());
  std::exit(1);
}

struct AlignedBuffer {
  void *data = nullptr;
  explicit AlignedBuffer(int64_t bytes) {
    size_t size = size_t(std::max<int64_t>(bytes, 1));
    size = (size + TFCC_BUFFER_ALIGNMENT - 1) / TFCC_BUFFER_ALIGNMENT * TFCC_BUFFER_ALIGNMENT;
    data = std::aligned_alloc(TFCC_BUFFER_ALIGNMENT, size);
    if (!data)
      Fail("out of memory allocating " + std::to_string(bytes) + " bytes");
    std::memset(data, 0, size);
  }
  AlignedBuffer(AlignedBuffer &&o) noexcept : data(o.data) { o.data = nullptr; }
  AlignedBuffer(const AlignedBuffer &) = delete;
  ~AlignedBuffer() { std::free(data); }
};

void ReadFile(const std::string &path, void *into, int64_t bytes, const char *what) {
  FILE *f = std::fopen(path.c_str(), "rb");
  if (!f)
    Fail(std::string("cannot open input for '") + what + "': " + path);
  std::fseek(f, 0, SEEK_END);
  long size = std::ftell(f);
  std::fseek(f, 0, SEEK_SET);
  if (size != bytes) {
    std::fclose(f);
    Fail(std::string("input for '") + what + "' (" + path + ") has " + std::to_string(size) +
         " bytes, the model expects " + std::to_string(bytes));
  }
  size_t got = std::fread(into, 1, size_t(bytes), f);
  std::fclose(f);
  if (int64_t(got) != bytes)
    Fail("short read of " + path);
}

void WriteFile(const std::string &path, const void *data, int64_t bytes) {
  FILE *f = std::fopen(path.c_str(), "wb");
  if (!f || std::fwrite(data, 1, size_t(bytes), f) != size_t(bytes))
    Fail("cannot write " + path);
  std::fclose(f);
}

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

std::string JsonString(const char *s) {
  std::string out = "\"";
  for (; *s; ++s) {
    if (*s == '"' || *s == '\\')
      out += '\\';
    out += *s;
  }
  return out + "\"";
}

} // namespace

int main(int argc, char **argv) {
  std::string library, signature, output_dir;
  int threads = 1;
  double warmup = 0.2, min_time = 1.0;
  int min_samples = 5;
  std::map<std::string, std::string> inputs;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc)
        Fail(a + " needs a value");
      return argv[++i];
    };
    if (a == "--threads")
      threads = std::atoi(value().c_str());
    else if (a == "--signature")
      signature = value();
    else if (a == "--input") {
      std::string v = value();
      size_t eq = v.find('=');
      if (eq == std::string::npos)
        Fail("--input takes NAME=FILE, got '" + v + "'");
      inputs[v.substr(0, eq)] = v.substr(eq + 1);
    } else if (a == "--output-dir")
      output_dir = value();
    else if (a == "--warmup")
      warmup = std::atof(value().c_str());
    else if (a == "--min-time")
      min_time = std::atof(value().c_str());
    else if (a == "--min-samples")
      min_samples = std::max(1, std::atoi(value().c_str()));
    else if (!a.empty() && a[0] == '-')
      Fail("unknown option " + a);
    else if (library.empty())
      library = a;
    else
      Fail("one library only, got '" + library + "' and '" + a + "'");
  }
  if (library.empty())
    Fail("usage: tfcc_timer model.so --threads N --input NAME=FILE ... (see the source's header)");
  if (threads < 1)
    Fail("--threads must be at least 1");

  // dlopen needs a path with a slash to not search the library path.
  if (library.find('/') == std::string::npos)
    library = "./" + library;
  void *handle = dlopen(library.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle)
    Fail(std::string("dlopen: ") + dlerror());
  auto *model = static_cast<const tfcc_model_info *>(dlsym(handle, TFCC_MODEL_INFO_SYMBOL));
  if (!model)
    Fail(library + " exports no " TFCC_MODEL_INFO_SYMBOL ": not built by tfcc --emit=shared-lib?");
  if (model->abi_version != TFCC_ABI_VERSION)
    Fail("model ABI version " + std::to_string(model->abi_version) + ", this timer knows " +
         std::to_string(TFCC_ABI_VERSION));

  using CreateFn = void *(*)(int32_t);
  using DestroyFn = void (*)(void *);
  auto create = reinterpret_cast<CreateFn>(dlsym(handle, "tfcc_runtime_create"));
  auto destroy = reinterpret_cast<DestroyFn>(dlsym(handle, "tfcc_runtime_destroy"));
  void *runtime = nullptr;
  if (create && destroy) {
    runtime = create(threads);
    if (!runtime)
      Fail("tfcc_runtime_create(" + std::to_string(threads) + ") failed");
  }

  const tfcc_signature_info *sig = nullptr;
  for (int i = 0; i < model->num_signatures; ++i) {
    const tfcc_signature_info &s = model->signatures[i];
    if (signature.empty() ? std::strcmp(s.name, "init") != 0 : signature == s.name) {
      sig = &s;
      break;
    }
  }
  if (!sig)
    Fail(signature.empty() ? "the model has no signature to time"
                           : "the model has no signature '" + signature + "'");

  std::vector<AlignedBuffer> buffers;
  buffers.reserve(size_t(sig->num_args + sig->num_results + model->num_variables + 1));
  std::vector<void *> args, results, variables;
  for (int i = 0; i < sig->num_args; ++i) {
    const tfcc_tensor_info &t = sig->args[i];
    buffers.emplace_back(t.byte_size);
    args.push_back(buffers.back().data);
    auto it = inputs.find(t.name);
    if (it == inputs.end())
      Fail(std::string("no --input for the model's argument '") + t.name + "'");
    ReadFile(it->second, args.back(), t.byte_size, t.name);
    inputs.erase(it);
  }
  if (!inputs.empty())
    Fail("the model has no argument '" + inputs.begin()->first + "'");
  for (int i = 0; i < sig->num_results; ++i) {
    buffers.emplace_back(sig->results[i].byte_size);
    results.push_back(buffers.back().data);
  }
  for (int i = 0; i < model->num_variables; ++i) {
    buffers.emplace_back(model->variables[i].byte_size);
    variables.push_back(buffers.back().data);
  }
  buffers.emplace_back(sig->arena_size);
  void *arena = buffers.back().data;

  tfcc_call_frame frame{args.data(), results.data(), variables.data(), arena, runtime, nullptr};
  // Variables start from the model's init signature when it has one.
  for (int i = 0; i < model->num_signatures; ++i) {
    const tfcc_signature_info &s = model->signatures[i];
    if (std::strcmp(s.name, "init") != 0 || &s == sig)
      continue;
    AlignedBuffer init_arena(s.arena_size);
    tfcc_call_frame init{nullptr, nullptr, variables.data(), init_arena.data, runtime, nullptr};
    if (s.entry(&init) != TFCC_OK)
      Fail(std::string("init signature failed: ") + (init.message ? init.message : "?"));
  }

  auto call = [&] {
    int32_t status = sig->entry(&frame);
    if (status != TFCC_OK)
      Fail(std::string("the model returned status ") + std::to_string(status) + ": " +
           (frame.message ? frame.message : "(no message)"));
  };

  call();
  Clock::time_point start = Clock::now(), now = start;
  int64_t warm_calls = 0;
  do {
    call();
    ++warm_calls;
    now = Clock::now();
  } while (Seconds(start, now) < warmup || warm_calls < 2);
  const double per_call = Seconds(start, now) / double(warm_calls);
  const int64_t k = std::max<int64_t>(1, int64_t(std::ceil(2e-3 / std::max(per_call, 1e-9))));

  std::vector<double> samples; // microseconds per call
  start = Clock::now();
  do {
    Clock::time_point a = Clock::now();
    for (int64_t j = 0; j < k; ++j)
      call();
    Clock::time_point b = Clock::now();
    samples.push_back(Seconds(a, b) * 1e6 / double(k));
    now = b;
  } while ((Seconds(start, now) < min_time || int(samples.size()) < min_samples) &&
           samples.size() < 100000);

  std::vector<double> sorted = samples;
  std::sort(sorted.begin(), sorted.end());
  const size_t n = sorted.size();
  const double median = n % 2 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);

  if (!output_dir.empty())
    for (int i = 0; i < sig->num_results; ++i)
      WriteFile(output_dir + "/" + std::to_string(i) + ".bin", results[size_t(i)],
                sig->results[i].byte_size);

  std::printf("{\"median_us\": %.6g, \"calls_per_sample\": %lld, \"runtime\": %s, "
              "\"signature\": %s, \"results\": [",
              median, static_cast<long long>(k), runtime ? "true" : "false",
              JsonString(sig->name).c_str());
  for (int i = 0; i < sig->num_results; ++i)
    std::printf("%s%s", i ? ", " : "", JsonString(sig->results[i].name).c_str());
  std::printf("], \"samples_us\": [");
  for (size_t i = 0; i < samples.size(); ++i)
    std::printf("%s%.6g", i ? ", " : "", samples[i]);
  std::printf("]}\n");

  if (runtime)
    destroy(runtime);
  // The library stays loaded: its runtime's threads are gone, but static
  // destructors at exit are simpler to reason about with it mapped.
  return 0;
}
