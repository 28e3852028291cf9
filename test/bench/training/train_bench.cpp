// Compiled training steps per second: one `train` signature call per step
// (forward, gradients, optimizer update, global_step) through the generated
// classes, for the models of tf_train_bench.py, each compiled from TF's own
// training graph (_tf) and from the forward graph by tfcc-autodiff (_ad).
// run_train_bench.py runs this beside TensorFlow and prints the ratios.
//
//   ninja -C build tfcc_train_bench && build/bin/tfcc_train_bench [--threads=N]
#include "trainbench_cnn_adam_ad.h"
#include "trainbench_cnn_adam_tf.h"
#include "trainbench_cnn_sgd_ad.h"
#include "trainbench_cnn_sgd_tf.h"
#include "trainbench_digits_mlp_ad.h"
#include "trainbench_digits_mlp_tf.h"
#include "trainbench_mlp_adam_ad.h"
#include "trainbench_mlp_adam_tf.h"
#include "trainbench_mlp_sgd_ad.h"
#include "trainbench_mlp_sgd_tf.h"
#include "trainbench_softmax_ad.h"
#include "trainbench_softmax_tf.h"
#include "tfcc/runtime.h"

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <cstring>
#include <random>

namespace {

int threads = 1;

/// Inputs in [0, 1) and one-hot labels: any batch costs the same.
void fillBatch(tfcc::CompiledModel &m, int sig) {
  std::mt19937 rng(1);
  std::uniform_real_distribution<float> u(0.f, 1.f);
  const tfcc_signature_info &s = m.info().signatures[sig];
  for (int i = 0; i < s.num_args; ++i) {
    auto *p = static_cast<float *>(m.arg_data(sig, i));
    const tfcc_tensor_info &t = s.args[i];
    bool labels = std::strncmp(t.name, "y", 1) == 0;
    int64_t classes = t.dims[t.rank - 1];
    for (int64_t j = 0; j < t.num_elements; ++j)
      p[j] = labels ? float(j % classes == (j / classes) % classes) : u(rng);
  }
}

template <typename M> void BM_TrainStep(benchmark::State &state) {
  tfcc_runtime *runtime = tfcc_runtime_create(threads);
  {
    M generated(runtime);
    tfcc::CompiledModel &model = generated; // Run(int): any signature by index
    int train = model.signature_index("train"), init = model.signature_index("init");
    if (train < 0 || init < 0 || !model.Run(init).ok()) {
      state.SkipWithError("no train/init signature");
    } else {
      fillBatch(model, train);
      for (auto _ : state)
        if (!model.Run(train).ok())
          state.SkipWithError("train step failed");
      state.counters["steps/s"] = benchmark::Counter(double(state.iterations()),
                                                     benchmark::Counter::kIsRate);
    }
  }
  tfcc_runtime_destroy(runtime);
}

} // namespace

#define TRAIN(M) BENCHMARK(BM_TrainStep<trainbench::M>)->Name(#M)->Unit(benchmark::kMicrosecond)
TRAIN(mlp_sgd_tf);
TRAIN(mlp_sgd_ad);
TRAIN(mlp_adam_tf);
TRAIN(mlp_adam_ad);
TRAIN(cnn_sgd_tf);
TRAIN(cnn_sgd_ad);
TRAIN(cnn_adam_tf);
TRAIN(cnn_adam_ad);
TRAIN(softmax_tf);
TRAIN(softmax_ad);
TRAIN(digits_mlp_tf);
TRAIN(digits_mlp_ad);

int main(int argc, char **argv) {
  for (int i = 1; i < argc; ++i)
    if (std::strncmp(argv[i], "--threads=", 10) == 0)
      threads = std::atoi(argv[i] + 10);
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
