// CompiledModel over a hand-written model table whose entry functions are
// plain C functions, as generated code's are.
#include "MallocCounter.h"

#include "tfcc/model.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>

namespace tfcc {
namespace {

// What the entries saw, for the tests to check.
void *g_seen_arena = nullptr;
void *g_seen_runtime = nullptr;

// add: z = x + y; uses all 256 bytes of its arena.
int32_t AddEntry(tfcc_call_frame *f) {
  auto *x = static_cast<const float *>(f->args[0]);
  auto *y = static_cast<const float *>(f->args[1]);
  auto *z = static_cast<float *>(f->results[0]);
  std::memset(f->arena, 0xab, 256);
  for (int i = 0; i < 4; ++i)
    z[i] = x[i] + y[i];
  g_seen_arena = f->arena;
  g_seen_runtime = f->runtime;
  return TFCC_OK;
}

// scale: z = x * y[0] + y[1]; uses all 1000 bytes of its arena.
int32_t ScaleEntry(tfcc_call_frame *f) {
  auto *x = static_cast<const float *>(f->args[0]);
  auto *y = static_cast<const float *>(f->args[1]);
  auto *z = static_cast<float *>(f->results[0]);
  std::memset(f->arena, 0xcd, 1000);
  for (int i = 0; i < 4; ++i)
    z[i] = x[i] * y[0] + y[1];
  g_seen_arena = f->arena;
  return TFCC_OK;
}

// step: counter += 1; out = counter.
int32_t StepEntry(tfcc_call_frame *f) {
  auto *counter = static_cast<int64_t *>(f->variables[0]);
  *counter += 1;
  *static_cast<int64_t *>(f->results[0]) = *counter;
  return TFCC_OK;
}

int32_t FailEntry(tfcc_call_frame *f) {
  f->message = "node 'check': value out of range";
  return TFCC_OUT_OF_RANGE;
}

int32_t SilentFailEntry(tfcc_call_frame *) { return TFCC_INTERNAL; }

const int64_t kDims4[] = {4};
const int64_t kDims2[] = {2};
const tfcc_tensor_info kAddArgs[] = {{"x", TFCC_FLOAT, 1, kDims4, 4, 16},
                                     {"y", TFCC_FLOAT, 1, kDims4, 4, 16}};
const tfcc_tensor_info kAddResults[] = {{"z", TFCC_FLOAT, 1, kDims4, 4, 16}};
// x and z as in add (shared buffers); y has another shape (its own buffer).
const tfcc_tensor_info kScaleArgs[] = {{"x", TFCC_FLOAT, 1, kDims4, 4, 16},
                                       {"y", TFCC_FLOAT, 1, kDims2, 2, 8}};
const tfcc_tensor_info kScaleResults[] = {{"z", TFCC_FLOAT, 1, kDims4, 4, 16}};
const tfcc_tensor_info kStepResults[] = {{"count:1", TFCC_INT64, 0, nullptr, 1, 8}};
const tfcc_tensor_info kVariables[] = {{"counter", TFCC_INT64, 0, nullptr, 1, 8},
                                       {"weights", TFCC_FLOAT, 1, kDims4, 4, 16}};
const char *const kTargets[] = {"increment"};

const tfcc_signature_info kSignatures[] = {
    {"add", AddEntry, 2, 1, kAddArgs, kAddResults, 0, 0, nullptr, 256},
    {"scale", ScaleEntry, 2, 1, kScaleArgs, kScaleResults, 0, 0, nullptr, 1000},
    {"step", StepEntry, 0, 1, nullptr, kStepResults, 1, 1, kTargets, 0},
    {"fail", FailEntry, 0, 0, nullptr, nullptr, 0, 0, nullptr, 0},
    {"silent_fail", SilentFailEntry, 0, 0, nullptr, nullptr, 0, 0, nullptr, 0},
};

const tfcc_model_info kModel = {TFCC_ABI_VERSION, 5, "toy", kSignatures,
                                2, 0, kVariables};

bool Aligned(const void *p) {
  return reinterpret_cast<uintptr_t>(p) % TFCC_BUFFER_ALIGNMENT == 0;
}

TEST(CompiledModelTest, BuffersAreAlignedZeroedAndSharedByName) {
  CompiledModel model(kModel);
  ASSERT_TRUE(model.status().ok()) << model.status().message();
  const int add = model.signature_index("add");
  const int scale = model.signature_index("scale");
  ASSERT_EQ(add, 0);
  ASSERT_EQ(scale, 1);
  for (int s = 0; s < 2; ++s)
    for (int i = 0; i < 2; ++i) {
      const float *p = static_cast<const float *>(model.arg_data(s, i));
      ASSERT_NE(p, nullptr);
      EXPECT_TRUE(Aligned(p));
      EXPECT_EQ(p[0], 0.0f);
    }
  EXPECT_EQ(model.arg_data(add, 0), model.arg_data(scale, 0)); // x
  EXPECT_NE(model.arg_data(add, 1), model.arg_data(scale, 1)); // y: shapes differ
  EXPECT_EQ(model.result_data(add, 0), model.result_data(scale, 0)); // z
  // Args and results never share, nor do variables with anything.
  EXPECT_NE(model.arg_data(add, 0), model.result_data(add, 0));
  EXPECT_NE(model.variable_data(0), model.variable_data(1));
  EXPECT_TRUE(Aligned(model.variable_data(1)));
  EXPECT_EQ(*static_cast<const int64_t *>(model.variable_data(0)), 0);
}

TEST(CompiledModelTest, RunsSignaturesOnSharedBuffers) {
  tfcc_runtime *rt = tfcc_runtime_create(2);
  ASSERT_NE(rt, nullptr);
  CompiledModel model(kModel, rt);
  EXPECT_EQ(model.runtime(), rt);
  float *x = static_cast<float *>(model.arg_data(0, 0));
  float *y = static_cast<float *>(model.arg_data(0, 1));
  for (int i = 0; i < 4; ++i) {
    x[i] = float(i);
    y[i] = 10.0f * float(i);
  }
  ASSERT_TRUE(model.Run(0).ok());
  const float *z = static_cast<const float *>(model.result_data(0, 0));
  EXPECT_EQ(z[3], 33.0f);
  EXPECT_EQ(g_seen_runtime, rt);
  void *add_arena = g_seen_arena;

  float *scale_y = static_cast<float *>(model.arg_data(1, 1));
  scale_y[0] = 2;
  scale_y[1] = 0.5f;
  ASSERT_TRUE(model.Run(1).ok()); // x is still the one set for add
  EXPECT_EQ(z[3], 6.5f);
  // One arena, big enough for the larger signature (which fills all 1000
  // bytes of it: a sanitizer build would catch a smaller one).
  EXPECT_EQ(g_seen_arena, add_arena);
  EXPECT_TRUE(Aligned(g_seen_arena));
  tfcc_runtime_destroy(rt);
}

TEST(CompiledModelTest, VariablesPersistAcrossRuns) {
  CompiledModel model(kModel);
  const int step = model.signature_index("step");
  for (int i = 0; i < 3; ++i)
    ASSERT_TRUE(model.Run(step).ok());
  EXPECT_EQ(*static_cast<const int64_t *>(model.variable_data(0)), 3);
  EXPECT_EQ(*static_cast<const int64_t *>(model.result_data(step, 0)), 3);
  // Another instance has its own variables.
  CompiledModel other(kModel);
  ASSERT_TRUE(other.Run(step).ok());
  EXPECT_EQ(*static_cast<const int64_t *>(other.variable_data(0)), 1);
}

TEST(CompiledModelTest, ErrorsBecomeStatuses) {
  CompiledModel model(kModel);
  Status s = model.Run(model.signature_index("fail"));
  EXPECT_EQ(s.code(), TFCC_OUT_OF_RANGE);
  EXPECT_EQ(s.message(), "node 'check': value out of range");

  s = model.Run(model.signature_index("silent_fail"));
  EXPECT_EQ(s.code(), TFCC_INTERNAL);
  EXPECT_EQ(s.message(), "signature 'silent_fail' failed with code 13");

  s = model.Run(7);
  EXPECT_EQ(s.code(), TFCC_INVALID_ARGUMENT);
  EXPECT_EQ(s.message(), "signature index 7 is out of range: model 'toy' has 5");
  EXPECT_FALSE(model.Run(-1).ok());

  EXPECT_TRUE(Status::OK().ok());
  EXPECT_TRUE(Status::OK().message().empty());
}

TEST(CompiledModelTest, RejectsAnotherAbiVersion) {
  tfcc_model_info future = kModel;
  future.abi_version = TFCC_ABI_VERSION + 1;
  CompiledModel model(future);
  EXPECT_FALSE(model.status().ok());
  Status s = model.Run();
  EXPECT_EQ(s.code(), TFCC_INVALID_ARGUMENT);
  EXPECT_EQ(s.message(), "model 'toy' was compiled for tfcc ABI version " +
                             std::to_string(TFCC_ABI_VERSION + 1) +
                             ", this code expects version " + std::to_string(TFCC_ABI_VERSION));
  EXPECT_EQ(model.arg_data(0, 0), nullptr);
}

TEST(CompiledModelTest, LooksUpNames) {
  CompiledModel model(kModel);
  EXPECT_EQ(model.num_signatures(), 5);
  EXPECT_EQ(model.signature_index("step"), 2);
  EXPECT_EQ(model.signature_index("nope"), -1);
  EXPECT_EQ(model.arg_index(0, "y"), 1);
  EXPECT_EQ(model.arg_index(0, "y:0"), 1); // TF's name of output 0
  EXPECT_EQ(model.arg_index(0, "y:1"), -1);
  EXPECT_EQ(model.arg_index(0, "z"), -1);
  EXPECT_EQ(model.arg_index(9, "x"), -1);
  EXPECT_EQ(model.result_index(2, "count:1"), 0);
  EXPECT_EQ(model.result_index(2, "count"), -1);
  EXPECT_EQ(model.variable_index("weights"), 1);
  EXPECT_EQ(model.variable_index("bias"), -1);
  EXPECT_EQ(model.arg_data(0, 2), nullptr);
  EXPECT_EQ(model.result_data(5, 0), nullptr);
  EXPECT_EQ(model.variable_data(-1), nullptr);
  EXPECT_EQ(&model.info(), &kModel);
}

TEST(CompiledModelTest, MovesKeepTheBuffers) {
  CompiledModel a(kModel);
  void *x = a.arg_data(0, 0);
  CompiledModel b(std::move(a));
  EXPECT_EQ(b.arg_data(0, 0), x);
  ASSERT_TRUE(b.Run(0).ok());
  CompiledModel c(kModel);
  c = std::move(b);
  EXPECT_EQ(c.arg_data(0, 0), x);
  EXPECT_TRUE(c.Run(0).ok());
}

TEST(CompiledModelTest, RunAllocatesNothing) {
  if (!test::MallocCountingAvailable())
    GTEST_SKIP() << "malloc is the sanitizer's in this build";
  CompiledModel model(kModel);
  test::ScopedMallocCount counter;
  for (int sig = 0; sig < 3; ++sig)
    ASSERT_TRUE(model.Run(sig).ok());
  EXPECT_EQ(counter.count(), 0);
}

} // namespace
} // namespace tfcc
