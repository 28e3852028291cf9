/* A hand-written stand-in for a `tfcc compile` model object: the model
 * table under the fixed name tfcc_model_info_v1 and C entry functions, as
 * generated code provides them. Linked with tfcc_driver by the driver test. */
#include "tfcc/abi.h"

/* add: sum = a + b; scaled/out:1 = 2 * (a + b). */
static int32_t add_entry(tfcc_call_frame *f) {
  const float *a = f->args[0], *b = f->args[1];
  float *sum = f->results[0], *scaled = f->results[1];
  for (int i = 0; i < 3; ++i) {
    sum[i] = a[i] + b[i];
    scaled[i] = 2.0f * sum[i];
  }
  return TFCC_OK;
}

/* outer: outer[i][j] = x[i] * y[j]. */
static int32_t outer_entry(tfcc_call_frame *f) {
  const float *x = f->args[0], *y = f->args[1];
  float *out = f->results[0];
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 3; ++j)
      out[i * 3 + j] = x[i] * y[j];
  return TFCC_OK;
}

/* negate: neg = -v, int32. */
static int32_t negate_entry(tfcc_call_frame *f) {
  const int32_t *v = f->args[0];
  int32_t *neg = f->results[0];
  for (int i = 0; i < 4; ++i)
    neg[i] = -v[i];
  return TFCC_OK;
}

/* fail: writes part of its result, then fails; nothing may be written out. */
static int32_t fail_entry(tfcc_call_frame *f) {
  float *never = f->results[0];
  never[0] = 1.0f;
  f->message = "node 'boom': always fails";
  return TFCC_INVALID_ARGUMENT;
}

static const int64_t k2[] = {2};
static const int64_t k3[] = {3};
static const int64_t k4[] = {4};
static const int64_t k2x3[] = {2, 3};

static const tfcc_tensor_info add_args[] = {
    {"a", TFCC_FLOAT, 1, k3, 3, 12}, {"b", TFCC_FLOAT, 1, k3, 3, 12}};
static const tfcc_tensor_info add_results[] = {
    {"sum", TFCC_FLOAT, 1, k3, 3, 12},
    {"scaled/out:1", TFCC_FLOAT, 1, k3, 3, 12}};
static const tfcc_tensor_info outer_args[] = {
    {"x", TFCC_FLOAT, 1, k2, 2, 8}, {"y", TFCC_FLOAT, 1, k3, 3, 12}};
static const tfcc_tensor_info outer_results[] = {
    {"outer", TFCC_FLOAT, 2, k2x3, 6, 24}};
static const tfcc_tensor_info negate_args[] = {{"v", TFCC_INT32, 1, k4, 4, 16}};
static const tfcc_tensor_info negate_results[] = {
    {"neg", TFCC_INT32, 1, k4, 4, 16}};
static const tfcc_tensor_info fail_args[] = {{"a", TFCC_FLOAT, 1, k3, 3, 12}};
static const tfcc_tensor_info fail_results[] = {
    {"never", TFCC_FLOAT, 1, k3, 3, 12}};

static const tfcc_signature_info signatures[] = {
    {"add", add_entry, 2, 2, add_args, add_results, 0, 0, 0, 0},
    {"outer", outer_entry, 2, 1, outer_args, outer_results, 0, 0, 0, 64},
    {"negate", negate_entry, 1, 1, negate_args, negate_results, 0, 0, 0, 0},
    {"fail", fail_entry, 1, 1, fail_args, fail_results, 0, 0, 0, 0},
};

const tfcc_model_info tfcc_model_info_v1 = {
    TFCC_ABI_VERSION, 4, "toy", signatures, 0, 0, 0};
