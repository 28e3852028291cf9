/* The C API (tfcc/c_api.h) from C: the toy model library opened by path,
 * runs by names and by signature, variables, checkpoints, and errors with
 * their codes and messages.
 *
 * usage: c_api_test TOY_MODEL.so NOT_A_MODEL.so TEMP_DIR */
#include "tfcc/c_api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures = 0;

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond)) {                                                             \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                              \
    }                                                                          \
  } while (0)

/* Succeeds, or reports the error's message. */
#define CHECK_OK(expr)                                                         \
  do {                                                                         \
    tfcc_error *e_ = (expr);                                                   \
    if (e_) {                                                                  \
      fprintf(stderr, "%s:%d: %s failed: %s\n", __FILE__, __LINE__, #expr,     \
              tfcc_error_message(e_));                                         \
      ++failures;                                                              \
      tfcc_error_free(e_);                                                     \
    }                                                                          \
  } while (0)

/* Fails with `code` and a message containing `part`. */
static void check_error(tfcc_error *e, int32_t code, const char *part, int line) {
  if (!e) {
    fprintf(stderr, "line %d: expected an error containing '%s'\n", line, part);
    ++failures;
    return;
  }
  if (tfcc_error_code(e) != code || !strstr(tfcc_error_message(e), part)) {
    fprintf(stderr, "line %d: got error %d '%s', want %d '%s'\n", line,
            tfcc_error_code(e), tfcc_error_message(e), code, part);
    ++failures;
  }
  tfcc_error_free(e);
}
#define CHECK_ERROR(expr, code, part) check_error((expr), (code), (part), __LINE__)

static const int64_t k4[] = {4};

static tfcc_tensor_view floats4(const float *values) {
  tfcc_tensor_view v = {TFCC_FLOAT, 1, k4, values};
  return v;
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: %s TOY_MODEL.so NOT_A_MODEL.so TEMP_DIR\n", argv[0]);
    return 2;
  }
  const char *model_so = argv[1], *not_a_model = argv[2], *temp = argv[3];
  tfcc_session *session = NULL;

  /* Opening. */
  CHECK_ERROR(tfcc_session_open_library("/nonexistent.so", 1, 0, &session),
              TFCC_INVALID_ARGUMENT, "No such file or directory");
  CHECK_ERROR(tfcc_session_open_library(not_a_model, 1, 0, &session),
              TFCC_INVALID_ARGUMENT, "is not a tfcc model");
  CHECK_ERROR(tfcc_session_open_library(NULL, 1, 0, &session),
              TFCC_INVALID_ARGUMENT, "path is NULL");
  CHECK(session == NULL);
  CHECK_OK(tfcc_session_open_library(model_so, 1, 0, &session));
  if (!session)
    return 1;
  const tfcc_model_info *model = tfcc_session_model(session);
  CHECK(model && strcmp(model->name, "toy") == 0 && model->num_variables == 3);

  /* Run by names; the output array is reused on the second run. */
  const float x[] = {1, 2, 3, 4};
  const char *feed_names[] = {"x"};
  tfcc_tensor_view feeds[] = {floats4(x)};
  const char *fetch_names[] = {"y:0"};
  tfcc_tensor *outputs[1] = {NULL};
  CHECK_OK(tfcc_session_run(session, feed_names, feeds, 1, fetch_names, 1, NULL, 0, outputs));
  CHECK(outputs[0] != NULL);
  if (outputs[0]) {
    const float *y = tfcc_tensor_data(outputs[0]);
    CHECK(tfcc_tensor_dtype(outputs[0]) == TFCC_FLOAT);
    CHECK(tfcc_tensor_rank(outputs[0]) == 1 && tfcc_tensor_dims(outputs[0])[0] == 4);
    CHECK(tfcc_tensor_byte_size(outputs[0]) == 16);
    CHECK(y[0] == 1.5f && y[3] == 16.5f);
  }
  tfcc_tensor *first = outputs[0];
  void *first_data = tfcc_tensor_data(first);
  CHECK_OK(tfcc_session_run(session, feed_names, feeds, 1, fetch_names, 1, NULL, 0, outputs));
  CHECK(outputs[0] == first && tfcc_tensor_data(outputs[0]) == first_data);

  /* Errors name the tensor; outputs are freed and NULL afterwards. */
  const int32_t ints[] = {1, 2, 3, 4};
  tfcc_tensor_view wrong = {TFCC_INT32, 1, k4, ints};
  CHECK_ERROR(tfcc_session_run(session, feed_names, &wrong, 1, fetch_names, 1, NULL, 0, outputs),
              TFCC_INVALID_ARGUMENT, "feed 'x': expected float32[4], got int32[4]");
  CHECK(outputs[0] == NULL);
  const char *unknown[] = {"q"};
  CHECK_ERROR(tfcc_session_run(session, feed_names, feeds, 1, unknown, 1, NULL, 0, outputs),
              TFCC_INVALID_ARGUMENT, "unknown fetch 'q'");
  CHECK_ERROR(tfcc_session_run(session, feed_names, feeds, 1, fetch_names, 1, unknown, 1, outputs),
              TFCC_INVALID_ARGUMENT, "unknown target 'q'");
  CHECK_ERROR(tfcc_session_run(session, feed_names, feeds, -1, fetch_names, 1, NULL, 0, outputs),
              TFCC_INVALID_ARGUMENT, "count is negative");
  const char *z[] = {"z"};
  CHECK_ERROR(tfcc_session_run(session, feed_names, feeds, 1, z, 1, NULL, 0, outputs),
              TFCC_INVALID_ARGUMENT, "node 'boom': always fails");
  CHECK(tfcc_error_code(NULL) == TFCC_OK && strcmp(tfcc_error_message(NULL), "") == 0);

  /* A training step by signature: all outputs, targets run. */
  const float label[] = {0, 0, 0, 0}, lr = 0.1f;
  const char *train_names[] = {"x", "label", "lr"};
  tfcc_tensor_view train_feeds[] = {floats4(x), floats4(label), {TFCC_FLOAT, 0, NULL, &lr}};
  tfcc_tensor *train_out[2] = {NULL, NULL};
  CHECK_OK(tfcc_session_run_signature(session, "train", train_names, train_feeds, 3, train_out));
  CHECK(train_out[0] && tfcc_tensor_rank(train_out[0]) == 0);
  CHECK(train_out[1] && tfcc_tensor_num_elements(train_out[1]) == 4);
  CHECK_ERROR(tfcc_session_run_signature(session, "evaluate", NULL, NULL, 0, train_out),
              TFCC_INVALID_ARGUMENT, "unknown signature 'evaluate'");

  /* Variables. */
  tfcc_tensor *step = NULL;
  CHECK_OK(tfcc_session_read_variable(session, "global_step", &step));
  CHECK(step && *(const int64_t *)tfcc_tensor_data(step) == 1);
  const float w[] = {2, 2, 2, 2};
  tfcc_tensor_view w_view = floats4(w);
  CHECK_OK(tfcc_session_assign_variable(session, "w", &w_view));
  const float zero = 0;
  tfcc_tensor_view b_view = {TFCC_FLOAT, 0, NULL, &zero};
  CHECK_OK(tfcc_session_assign_variable(session, "b", &b_view));
  tfcc_tensor *w_read = NULL;
  CHECK_OK(tfcc_session_read_variable(session, "w:0", &w_read));
  CHECK(w_read && ((const float *)tfcc_tensor_data(w_read))[1] == 2.0f);
  tfcc_tensor_view w3 = {TFCC_FLOAT, 1, k4, w};
  const int64_t k3[] = {3};
  w3.dims = k3;
  CHECK_ERROR(tfcc_session_assign_variable(session, "w", &w3), TFCC_INVALID_ARGUMENT,
              "expected float32[4], got float32[3]");
  CHECK_ERROR(tfcc_session_assign_variable(session, "kernel", &w_view),
              TFCC_INVALID_ARGUMENT, "unknown variable 'kernel'");

  /* Checkpoints: save, change, restore. */
  char prefix[4096];
  snprintf(prefix, sizeof prefix, "%s/c_api/ckpt", temp);
  CHECK_OK(tfcc_session_save(session, prefix));
  const float zeros[] = {0, 0, 0, 0};
  tfcc_tensor_view zero_view = floats4(zeros);
  CHECK_OK(tfcc_session_assign_variable(session, "w", &zero_view));
  CHECK_OK(tfcc_session_restore(session, prefix));
  CHECK_OK(tfcc_session_read_variable(session, "w", &w_read));
  CHECK(w_read && ((const float *)tfcc_tensor_data(w_read))[3] == 2.0f);
  snprintf(prefix, sizeof prefix, "%s/c_api/absent", temp);
  CHECK_ERROR(tfcc_session_restore(session, prefix), TFCC_INVALID_ARGUMENT, "absent");

  /* Tensors the caller makes, fed through a view. */
  tfcc_tensor *t = tfcc_tensor_create(TFCC_FLOAT, 1, k4);
  CHECK(t && ((float *)tfcc_tensor_data(t))[2] == 0.0f);
  CHECK(tfcc_tensor_create(8, 1, k4) == NULL); /* DT_COMPLEX64 */
  if (t) {
    for (int i = 0; i < 4; ++i)
      ((float *)tfcc_tensor_data(t))[i] = 1.0f;
    tfcc_tensor_view tv = tfcc_tensor_as_view(t);
    CHECK_OK(tfcc_session_run(session, feed_names, &tv, 1, fetch_names, 1, NULL, 0, outputs));
    CHECK(outputs[0] && ((const float *)tfcc_tensor_data(outputs[0]))[0] == 2.0f);
  }

  tfcc_tensor_free(t);
  tfcc_tensor_free(outputs[0]);
  tfcc_tensor_free(train_out[0]);
  tfcc_tensor_free(train_out[1]);
  tfcc_tensor_free(step);
  tfcc_tensor_free(w_read);
  tfcc_tensor_free(NULL);
  tfcc_session_free(session);
  tfcc_session_free(NULL);
  if (failures) {
    fprintf(stderr, "%d check(s) failed\n", failures);
    return 1;
  }
  printf("c_api_test: all checks pass\n");
  return 0;
}
