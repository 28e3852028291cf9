/* tfcc/c_api.h: a C interface to tfcc::Session (tfcc/session.h), for
 * programs and languages that cannot use C++.
 *
 * Conventions:
 *  - Every function that can fail returns a tfcc_error*: NULL on success,
 *    otherwise an error the caller frees with tfcc_error_free. Codes follow
 *    TensorFlow's numbering (tfcc_status_code); messages name the tensor,
 *    variable or file concerned. Nothing here throws or aborts.
 *  - Handles are opaque; each has one free function, which accepts NULL.
 *  - A session may be used from many threads at once, with the rules of
 *    tfcc/session.h (concurrent inference takes no lock). A tfcc_tensor
 *    belongs to one thread at a time.
 *  - Feeds are tfcc_tensor_view: the caller's memory, read only during the
 *    call (used in place when 64-byte aligned, copied otherwise).
 *  - Outputs are tfcc_tensor handles: pass an array of them, NULL or left
 *    from an earlier call. One that already has the fetched dtype and shape
 *    is written in place, so a loop that passes the same array allocates
 *    no tensors; others are replaced. On error every entry is freed and
 *    set to NULL.
 */
#ifndef TFCC_C_API_H
#define TFCC_C_API_H

#include "tfcc/abi.h"

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tfcc_error tfcc_error;
typedef struct tfcc_tensor tfcc_tensor;
typedef struct tfcc_session tfcc_session;

/* ---- Errors ---- */

/* TFCC_OK for NULL. */
int32_t tfcc_error_code(const tfcc_error *error);
/* "" for NULL; valid until the error is freed. */
const char *tfcc_error_message(const tfcc_error *error);
void tfcc_error_free(tfcc_error *error);

/* ---- Tensors ---- */

/* A dense row-major tensor the caller owns, for feeds. A TFCC_STRING tensor
 * (the prefix of a checkpoint signature) is an array of tfcc_string. */
typedef struct tfcc_tensor_view {
  int32_t dtype; /* tfcc_dtype */
  int32_t rank;
  const int64_t *dims; /* rank entries */
  const void *data;    /* num_elements * element size bytes */
} tfcc_tensor_view;

/* A zeroed, 64-byte aligned tensor; NULL for an unknown dtype, a negative
 * dimension or when memory runs out. */
tfcc_tensor *tfcc_tensor_create(int32_t dtype, int32_t rank, const int64_t *dims);
void tfcc_tensor_free(tfcc_tensor *tensor);
int32_t tfcc_tensor_dtype(const tfcc_tensor *tensor);
int32_t tfcc_tensor_rank(const tfcc_tensor *tensor);
const int64_t *tfcc_tensor_dims(const tfcc_tensor *tensor);
int64_t tfcc_tensor_num_elements(const tfcc_tensor *tensor);
int64_t tfcc_tensor_byte_size(const tfcc_tensor *tensor);
void *tfcc_tensor_data(tfcc_tensor *tensor);
/* A view of the tensor, to feed it. */
tfcc_tensor_view tfcc_tensor_as_view(const tfcc_tensor *tensor);

/* ---- Sessions ---- */

/* Flags of tfcc_session_open*. */
#define TFCC_SESSION_SKIP_INIT 1u /* do not run the "init" signature */

/* num_threads: kernel threads per concurrent run; 1 runs kernels on the
 * calling thread, <= 0 uses one per online CPU. */
tfcc_error *tfcc_session_open_library(const char *path, int32_t num_threads,
                                      uint32_t flags, tfcc_session **session);
/* A model linked into the program; `model` must outlive the session. */
tfcc_error *tfcc_session_open(const tfcc_model_info *model, int32_t num_threads,
                              uint32_t flags, tfcc_session **session);
void tfcc_session_free(tfcc_session *session);

/* The model's tables: signatures with their inputs, outputs and targets,
 * and variables (names, dtypes, shapes). */
const tfcc_model_info *tfcc_session_model(const tfcc_session *session);

/* TensorFlow's Session::Run: outputs has num_fetches entries. */
tfcc_error *tfcc_session_run(tfcc_session *session, const char *const *feed_names,
                             const tfcc_tensor_view *feeds, int32_t num_feeds,
                             const char *const *fetch_names, int32_t num_fetches,
                             const char *const *target_names, int32_t num_targets,
                             tfcc_tensor **outputs);

/* Runs one signature by name with all its inputs fed; outputs has one
 * entry per result of the signature, in the model's order. */
tfcc_error *tfcc_session_run_signature(tfcc_session *session, const char *signature,
                                       const char *const *feed_names,
                                       const tfcc_tensor_view *feeds,
                                       int32_t num_feeds, tfcc_tensor **outputs);

/* Variables by TensorFlow name. *value is NULL or a tensor to reuse. */
tfcc_error *tfcc_session_read_variable(tfcc_session *session, const char *name,
                                       tfcc_tensor **value);
tfcc_error *tfcc_session_assign_variable(tfcc_session *session, const char *name,
                                         const tfcc_tensor_view *value);

/* TensorFlow V2 checkpoints of the variables (see tfcc/session.h). */
tfcc_error *tfcc_session_save(tfcc_session *session, const char *prefix);
tfcc_error *tfcc_session_restore(tfcc_session *session, const char *prefix);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* TFCC_C_API_H */
