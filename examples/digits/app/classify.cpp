// Classifies sklearn's digits test split with the compiled MLP: the whole
// split as one batch, then image by image, and prints the accuracy.
//
//   classify <test_x.npy> <test_y.npy>
#include "digits_batch.h"
#include "digits_single.h"
#include "tfcc/npy.h"
#include "tfcc/runtime.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <vector>

static int argmax(const float *row, int n) {
  return int(std::max_element(row, row + n) - row);
}

int main(int argc, char **argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s test_x.npy test_y.npy\n", argv[0]);
    return 2;
  }
  tfcc::NpyArray x, y;
  tfcc::Status st = tfcc::ReadNpy(argv[1], &x);
  if (st.ok())
    st = tfcc::ReadNpy(argv[2], &y);
  if (!st.ok()) {
    std::fprintf(stderr, "error: %s\n", st.message().c_str());
    return 1;
  }
  digits::MlpBatch batch;
  const int64_t n = digits::MlpBatch::arg_x_shape[0];
  const int classes = int(digits::MlpBatch::result_probs_shape[1]);
  if (x.dtype != TFCC_FLOAT || y.dtype != TFCC_INT32 ||
      x.num_elements() != digits::MlpBatch::arg_x_count || y.num_elements() != n) {
    std::fprintf(stderr, "error: expected %lld float32 images of 64 pixels and int32 labels\n",
                 (long long)n);
    return 1;
  }
  const auto *labels = reinterpret_cast<const int32_t *>(y.data.data());

  std::memcpy(batch.arg_x_data(), x.data.data(), digits::MlpBatch::arg_x_size);
  if (tfcc::Status s = batch.Run(); !s.ok()) {
    std::fprintf(stderr, "error: %s\n", s.message().c_str());
    return 1;
  }
  int correct = 0;
  std::vector<int> predicted(n);
  for (int64_t i = 0; i < n; ++i) {
    predicted[i] = argmax(batch.result_probs_data() + i * classes, classes);
    correct += predicted[i] == labels[i];
  }
  std::printf("batch of %lld: accuracy %.2f%% (%d of %lld)\n", (long long)n,
              100.0 * correct / n, correct, (long long)n);
  std::printf("first predictions:");
  for (int i = 0; i < 16; ++i)
    std::printf(" %d", predicted[i]);
  std::printf("\nlabels:           ");
  for (int i = 0; i < 16; ++i)
    std::printf(" %d", labels[i]);
  std::printf("\n");

  // One image at a time, as a service would; the same predictions.
  tfcc_runtime *runtime = tfcc_runtime_create(1);
  digits::MlpSingle single(runtime);
  int agree = 0;
  auto start = std::chrono::steady_clock::now();
  for (int64_t i = 0; i < n; ++i) {
    std::memcpy(single.arg_x_data(), x.data.data() + i * digits::MlpSingle::arg_x_size,
                digits::MlpSingle::arg_x_size);
    if (tfcc::Status s = single.Run(); !s.ok()) {
      std::fprintf(stderr, "error: %s\n", s.message().c_str());
      return 1;
    }
    agree += argmax(single.result_probs_data(), classes) == predicted[i];
  }
  double us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
                  .count();
  std::printf("one at a time: %d of %lld predictions agree with the batch, %.2f us per image\n",
              agree, (long long)n, us / n);
  tfcc_runtime_destroy(runtime);
  return agree == n ? 0 : 1;
}
