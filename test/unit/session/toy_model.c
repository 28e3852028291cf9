/* A hand-written stand-in for a model compiled by `tfcc compile`: the model
 * table and C entry functions, with variables, as generated code provides
 * them. Built into the session tests (as `toy_model`) and into shared
 * libraries exporting it as tfcc_model_info_v1, one of them with a wrong
 * ABI version.
 *
 *   predict  y = x * w + b                       (reads w, b)
 *   train    loss = mean((x * w + b - label)^2), y; one SGD step on w, b
 *            and global_step += 1                 (target train_op)
 *   init     w = [1, 2, 3, 4], b = 0.5, global_step = 0
 *   set      w = [k, k, k, k], b = k              (target set_op)
 *   probe    ptrs = [address of x, address of ptrs]
 *   negate   neg = -v (int32)
 *   count    step = global_step (no feeds: what an empty Run() selects)
 *   fail     writes z, then fails
 */
#include "tfcc/abi.h"

#include <stdint.h>
#include <string.h>

#ifndef TOY_MODEL_SYMBOL
#define TOY_MODEL_SYMBOL tfcc_model_info_v1
#endif
#ifndef TOY_ABI_VERSION
#define TOY_ABI_VERSION TFCC_ABI_VERSION
#endif

enum { W, B, STEP };

static int32_t predict_entry(tfcc_call_frame *f) {
  const float *x = f->args[0], *w = f->variables[W], *b = f->variables[B];
  float *y = f->results[0];
  memset(f->arena, 0x5a, 64); /* the arena is this call's own */
  for (int i = 0; i < 4; ++i)
    y[i] = x[i] * w[i] + *b;
  return TFCC_OK;
}

static int32_t train_entry(tfcc_call_frame *f) {
  const float *x = f->args[0], *label = f->args[1], *lr = f->args[2];
  float *w = f->variables[W], *b = f->variables[B];
  int64_t *step = f->variables[STEP];
  float *loss = f->results[0], *y = f->results[1];
  float err[4], sum = 0, sq = 0;
  for (int i = 0; i < 4; ++i) {
    y[i] = x[i] * w[i] + *b;
    err[i] = y[i] - label[i];
    sq += err[i] * err[i];
    sum += err[i];
  }
  *loss = sq / 4;
  for (int i = 0; i < 4; ++i)
    w[i] -= *lr * 0.5f * err[i] * x[i];
  *b -= *lr * 0.5f * sum;
  *step += 1;
  return TFCC_OK;
}

static int32_t init_entry(tfcc_call_frame *f) {
  float *w = f->variables[W], *b = f->variables[B];
  for (int i = 0; i < 4; ++i)
    w[i] = (float)(i + 1);
  *b = 0.5f;
  *(int64_t *)f->variables[STEP] = 0;
  return TFCC_OK;
}

/* Element by element through volatile stores, with a pause between them,
 * so that a reader running at the same time would see a mix of old and new
 * values. */
static int32_t set_entry(tfcc_call_frame *f) {
  const float k = *(const float *)f->args[0];
  volatile float *w = f->variables[W], *b = f->variables[B];
  for (int i = 0; i < 5; ++i) {
    for (volatile int spin = 0; spin < 500; ++spin) {
    }
    if (i < 4)
      w[i] = k;
    else
      *b = k;
  }
  return TFCC_OK;
}

static int32_t probe_entry(tfcc_call_frame *f) {
  int64_t *ptrs = f->results[0];
  ptrs[0] = (int64_t)(intptr_t)f->args[0];
  ptrs[1] = (int64_t)(intptr_t)f->results[0];
  return TFCC_OK;
}

static int32_t negate_entry(tfcc_call_frame *f) {
  const int32_t *v = f->args[0];
  int32_t *neg = f->results[0];
  for (int i = 0; i < 4; ++i)
    neg[i] = -v[i];
  return TFCC_OK;
}

static int32_t count_entry(tfcc_call_frame *f) {
  *(int64_t *)f->results[0] = *(const int64_t *)f->variables[STEP];
  return TFCC_OK;
}

static int32_t fail_entry(tfcc_call_frame *f) {
  ((float *)f->results[0])[0] = 1.0f;
  f->message = "node 'boom': always fails";
  return TFCC_INVALID_ARGUMENT;
}

static const int64_t k4[] = {4};
static const int64_t k2[] = {2};

static const tfcc_tensor_info x_arg[] = {{"x", TFCC_FLOAT, 1, k4, 4, 16}};
static const tfcc_tensor_info y_result[] = {{"y", TFCC_FLOAT, 1, k4, 4, 16}};
static const tfcc_tensor_info train_args[] = {{"x", TFCC_FLOAT, 1, k4, 4, 16},
                                              {"label", TFCC_FLOAT, 1, k4, 4, 16},
                                              {"lr", TFCC_FLOAT, 0, 0, 1, 4}};
static const tfcc_tensor_info train_results[] = {{"loss", TFCC_FLOAT, 0, 0, 1, 4},
                                                 {"y", TFCC_FLOAT, 1, k4, 4, 16}};
static const tfcc_tensor_info set_args[] = {{"k", TFCC_FLOAT, 0, 0, 1, 4}};
static const tfcc_tensor_info probe_results[] = {{"ptrs", TFCC_INT64, 1, k2, 2, 16}};
static const tfcc_tensor_info negate_args[] = {{"v", TFCC_INT32, 1, k4, 4, 16}};
static const tfcc_tensor_info negate_results[] = {{"neg", TFCC_INT32, 1, k4, 4, 16}};
static const tfcc_tensor_info count_results[] = {{"step", TFCC_INT64, 0, 0, 1, 8}};
static const tfcc_tensor_info fail_results[] = {{"z", TFCC_FLOAT, 1, k4, 4, 16}};
static const char *const train_targets[] = {"train_op"};
static const char *const set_targets[] = {"set_op"};

static const tfcc_signature_info signatures[] = {
    {"predict", predict_entry, 1, 1, x_arg, y_result, 0, 0, 0, 64},
    {"train", train_entry, 3, 2, train_args, train_results, 1, 1, train_targets, 0},
    {"init", init_entry, 0, 0, 0, 0, 0, 1, 0, 0},
    {"set", set_entry, 1, 0, set_args, 0, 1, 1, set_targets, 0},
    {"probe", probe_entry, 1, 1, x_arg, probe_results, 0, 0, 0, 0},
    {"negate", negate_entry, 1, 1, negate_args, negate_results, 0, 0, 0, 0},
    {"fail", fail_entry, 1, 1, x_arg, fail_results, 0, 0, 0, 0},
    {"count", count_entry, 0, 1, 0, count_results, 0, 0, 0, 0},
};

static const tfcc_tensor_info variables[] = {
    {"w", TFCC_FLOAT, 1, k4, 4, 16},
    {"b", TFCC_FLOAT, 0, 0, 1, 4},
    {"global_step", TFCC_INT64, 0, 0, 1, 8},
};

const tfcc_model_info TOY_MODEL_SYMBOL = {
    TOY_ABI_VERSION, 8, "toy", signatures, 3, 0, variables};
