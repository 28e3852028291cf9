// Naive, double-accumulating references for the runtime kernels, and the
// comparison the kernel tests share.
#ifndef TFCC_TEST_RUNTIME_REFERENCE_H
#define TFCC_TEST_RUNTIME_REFERENCE_H

#include "tfcc/kernels.h"
#include "tfcc/runtime.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace tfcc::test {

inline std::vector<float> RandomVector(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::vector<float> v(n);
  for (float &x : v)
    x = dist(rng);
  return v;
}

// Random operands of a convolution: NHWC input, HWIO filter and bias, from
// the seeds `seed`, `seed + 1` and `seed + 2`.
struct ConvOperands {
  std::vector<float> input, filter, bias;
};
inline ConvOperands RandomConvOperands(int64_t batch, int64_t h, int64_t w, int64_t c,
                                       int64_t fh, int64_t fw, int64_t oc, uint32_t seed) {
  return {RandomVector(size_t(batch * h * w * c), seed),
          RandomVector(size_t(fh * fw * c * oc), seed + 1), RandomVector(size_t(oc), seed + 2)};
}

// A value and the sum of the magnitudes of its terms, which bounds the
// float rounding error of any summation order.
struct RefValue {
  double value;
  double magnitude;
};

// A bias-and-activation epilogue the kernels fuse, as the tests run them:
// with the test's bias vector or none.
struct Epilogue {
  const char *name;
  bool bias;
  int32_t activation;
};

inline double Activate(double v, int32_t activation) {
  if (activation == TFCC_ACT_RELU)
    return v < 0 ? 0 : v;
  if (activation == TFCC_ACT_RELU6)
    return v < 0 ? 0 : (v > 6 ? 6 : v);
  return v;
}

// Expects every element of `got` to match the reference after bias and
// activation, within a bound proportional to the terms' magnitudes.
inline void ExpectMatches(const std::vector<RefValue> &ref,
                          const float *got, int64_t cols, const float *bias,
                          int32_t activation, const std::string &what) {
  int failures = 0;
  for (size_t i = 0; i < ref.size() && failures < 5; ++i) {
    const double b = bias ? bias[i % size_t(cols)] : 0.0;
    const double want = Activate(ref[i].value + b, activation);
    const double tolerance = 1e-5 * (ref[i].magnitude + std::fabs(b)) + 1e-6;
    if (!(std::fabs(double(got[i]) - want) <= tolerance)) {
      ADD_FAILURE() << what << ": element " << i << " (row " << i / size_t(cols)
                    << ", col " << i % size_t(cols) << ") is " << got[i]
                    << ", want " << want << " +- " << tolerance;
      ++failures;
    }
  }
}

struct RuntimeDeleter {
  void operator()(tfcc_runtime *r) const { tfcc_runtime_destroy(r); }
};
using RuntimePtr = std::unique_ptr<tfcc_runtime, RuntimeDeleter>;

// The packing slot of a constant b, as generated code has one per weight:
// TFCC_MATMUL_SLOT_POINTERS pointers, NULL at first, each copy the kernel
// packed into it freed with the slot.
struct ConstBSlot {
  void *pointers[TFCC_MATMUL_SLOT_POINTERS] = {};
  ConstBSlot() = default;
  ConstBSlot(const ConstBSlot &) = delete;
  ConstBSlot &operator=(const ConstBSlot &) = delete;
  ~ConstBSlot() {
    for (void *p : pointers)
      std::free(p);
  }
};

// The contexts kernels are tested on: 1, 2 and 3 threads, and NULL (the
// calling thread's own context). Created once for the whole test program.
struct TestRuntime {
  const char *name;
  tfcc_runtime *runtime;
};
inline const std::vector<TestRuntime> &TestRuntimes() {
  static RuntimePtr one(tfcc_runtime_create(1)), two(tfcc_runtime_create(2)),
      three(tfcc_runtime_create(3));
  static const std::vector<TestRuntime> all = {{"1 thread", one.get()},
                                               {"2 threads", two.get()},
                                               {"3 threads", three.get()},
                                               {"NULL runtime", nullptr}};
  return all;
}

} // namespace tfcc::test

#endif // TFCC_TEST_RUNTIME_REFERENCE_H
