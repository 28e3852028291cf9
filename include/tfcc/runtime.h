/* tfcc/runtime.h: the runtime context a caller hands to compiled models.
 *
 * A context owns the worker threads and the per-thread packing buffers the
 * kernels of tfcc/kernels.h use, so running a model allocates nothing. The
 * caller decides how many threads there are; 1 means the calling thread
 * only. A context may be shared by models, but not used by two Run()s at
 * once (create one per concurrent caller).
 */
#ifndef TFCC_RUNTIME_H
#define TFCC_RUNTIME_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tfcc_runtime tfcc_runtime;

/* num_threads <= 0 picks the number of online CPUs. Returns NULL when the
 * threads or buffers cannot be created. */
tfcc_runtime *tfcc_runtime_create(int32_t num_threads);
void tfcc_runtime_destroy(tfcc_runtime *runtime);
int32_t tfcc_runtime_num_threads(const tfcc_runtime *runtime);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* TFCC_RUNTIME_H */
