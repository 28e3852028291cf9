// Trains the seeds' softmax regression and a small MLP on sklearn's 8x8
// digits with compiled training steps, through tfcc::Session as a service
// would: init, steps of 100 examples, test accuracy, checkpoints. Then it
// shows restore-and-continue: a second session restores the mid-training
// checkpoint, trains the remaining steps on the same batches, and must end
// with exactly the variables of the uninterrupted run.
//
//   train <data dir> <checkpoint dir> [steps]
#include "mlp_model.h"
#include "softmax_model.h"
#include "tfcc/npy.h"
#include "tfcc/session.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace {

struct Data {
  tfcc::NpyArray trainX, trainY, testX, testY;
};

bool check(const tfcc::Status &s, const char *what) {
  if (!s.ok())
    std::fprintf(stderr, "error: %s: %s\n", what, s.message().c_str());
  return s.ok();
}

/// Rows [first, first + n) of a [N, d] float array as a tensor.
tfcc::Tensor rows(const tfcc::NpyArray &a, int64_t first, int64_t n) {
  int64_t d = a.shape[1];
  tfcc::Tensor t(TFCC_FLOAT, {n, d});
  std::memcpy(t.data(), a.data.data() + first * d * sizeof(float), n * d * sizeof(float));
  return t;
}

/// Runs `steps` training steps from `start`: step s trains on examples
/// (100 s mod N) .. +100, as TF's reference run did. Prints the loss every
/// 100 steps when `verbose`.
bool train(tfcc::Session &session, const Data &data, int64_t start, int64_t steps,
           bool verbose) {
  const int64_t batch = 100, n = data.trainX.shape[0];
  std::vector<tfcc::Tensor> out;
  for (int64_t s = start; s < start + steps; ++s) {
    int64_t first = (s * batch) % n;
    tfcc::Status st = session.RunSignature(
        "train", {{"x", rows(data.trainX, first, batch)}, {"y_", rows(data.trainY, first, batch)}},
        &out);
    if (!check(st, "train step"))
      return false;
    if (verbose && (s % 100 == 0 || s == start + steps - 1))
      std::printf("  step %4lld  loss %.4f\n", (long long)s, out[0].data<float>()[0]);
  }
  return true;
}

/// Test accuracy through the predict signature (all 450 images at once).
double accuracy(tfcc::Session &session, const Data &data, int *correct) {
  std::vector<tfcc::Tensor> out;
  if (!check(session.RunSignature("predict", {{"x_eval", rows(data.testX, 0, data.testX.shape[0])}},
                                  &out),
             "predict"))
    return -1;
  const float *p = out[0].data<float>();
  const auto *labels = reinterpret_cast<const int32_t *>(data.testY.data.data());
  int64_t n = data.testX.shape[0], classes = out[0].shape()[1];
  *correct = 0;
  for (int64_t i = 0; i < n; ++i)
    *correct += int(std::max_element(p + i * classes, p + (i + 1) * classes) - (p + i * classes)) ==
                labels[i];
  return double(*correct) / double(n);
}

/// The largest |a - b| over the model's variables in two sessions.
double maxDifference(const tfcc::Session &a, const tfcc::Session &b) {
  double worst = 0;
  const tfcc_model_info &info = a.model();
  for (int i = 0; i < info.num_variables; ++i) {
    tfcc::Tensor va, vb;
    if (!a.ReadVariable(info.variables[i].name, &va).ok() ||
        !b.ReadVariable(info.variables[i].name, &vb).ok())
      return INFINITY;
    if (va.dtype() == TFCC_FLOAT)
      for (int64_t k = 0; k < va.num_elements(); ++k)
        worst = std::max<double>(worst, std::fabs(va.data<float>()[k] - vb.data<float>()[k]));
    else if (va.dtype() == TFCC_INT64)
      for (int64_t k = 0; k < va.num_elements(); ++k)
        worst = std::max<double>(worst, std::fabs(double(va.data<int64_t>()[k] - vb.data<int64_t>()[k])));
  }
  return worst;
}

bool run(const char *title, const tfcc_model_info &model, const Data &data,
         const std::string &ckptDir, int64_t steps) {
  std::printf("== %s\n", title);
  std::unique_ptr<tfcc::Session> session;
  std::unique_ptr<tfcc::CheckpointManager> manager;
  tfcc::CheckpointManager::Options options;
  options.name = "model";
  options.max_to_keep = 3;
  std::vector<tfcc::Tensor> none;
  if (!check(tfcc::Session::Open(model, &session), "open") ||
      !check(session->RunSignature("init", {}, &none), "init") ||
      !check(tfcc::CheckpointManager::Open(session.get(), ckptDir, options, &manager),
             "checkpoint manager"))
    return false;

  // Half the steps, a checkpoint, the other half, another checkpoint.
  int64_t half = steps / 2;
  auto t0 = std::chrono::steady_clock::now();
  if (!train(*session, data, 0, half, true))
    return false;
  std::string midCheckpoint;
  if (!check(manager->Save(half, &midCheckpoint), "save"))
    return false;
  if (!train(*session, data, half, steps - half, true))
    return false;
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::string last;
  if (!check(manager->Save(steps, &last), "save"))
    return false;
  int correct = 0;
  double acc = accuracy(*session, data, &correct);
  if (acc < 0)
    return false;
  std::printf("  %lld steps of 100 in %.3f s (%.0f steps/s, checkpoint writes excluded)\n",
              (long long)steps, seconds, steps / seconds);
  std::printf("  test accuracy %.2f%% (%d of %lld)\n", 100 * acc, correct,
              (long long)data.testX.shape[0]);
  std::printf("  checkpoints: %s, %s\n", midCheckpoint.c_str(), last.c_str());

  // Restore-and-continue: a fresh session from the mid-training checkpoint.
  std::unique_ptr<tfcc::Session> resumed;
  if (!check(tfcc::Session::Open(model, &resumed), "open") ||
      !check(resumed->Restore(midCheckpoint), "restore") ||
      !train(*resumed, data, half, steps - half, false))
    return false;
  double diff = maxDifference(*session, *resumed);
  int correct2 = 0;
  accuracy(*resumed, data, &correct2);
  std::printf("  restored %s and trained steps %lld..%lld again: test accuracy %.2f%%, "
              "max |variable difference| from the uninterrupted run %g\n",
              midCheckpoint.c_str(), (long long)half, (long long)steps - 1,
              100.0 * correct2 / data.testX.shape[0], diff);
  return diff == 0;
}

} // namespace

int main(int argc, char **argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s <data dir> <checkpoint dir> [steps]\n", argv[0]);
    return 2;
  }
  std::string dir = argv[1], ckpt = argv[2];
  int64_t steps = argc > 3 ? std::atoll(argv[3]) : 1000;
  if (steps < 2) {
    std::fprintf(stderr, "error: steps must be at least 2\n");
    return 2;
  }
  Data data;
  for (auto [name, arr] : {std::pair{"train_x", &data.trainX}, {"train_y", &data.trainY},
                           {"test_x", &data.testX}, {"test_y", &data.testY}})
    if (!check(tfcc::ReadNpy(dir + "/" + name + ".npy", arr), name))
      return 1;
  bool ok = run("softmax regression y = softmax(x W + b), gradient descent 0.5",
                tfcc_model_softmax_model_info, data, ckpt + "/softmax", steps) &&
            run("MLP 64-64-10, Adam 0.002", tfcc_model_mlp_model_info, data, ckpt + "/mlp", steps);
  return ok ? 0 : 1;
}
