#include "MallocCounter.h"

#include <atomic>
#include <cerrno>
#include <cstddef>
#include <cstdint>

#if defined(__SANITIZE_ADDRESS__)
#define TFCC_COUNT_MALLOC 0
#else
#define TFCC_COUNT_MALLOC 1
#endif

namespace {
std::atomic<bool> g_counting{false};
std::atomic<int64_t> g_allocations{0};

inline void Note() {
  if (g_counting.load(std::memory_order_relaxed))
    g_allocations.fetch_add(1, std::memory_order_relaxed);
}
} // namespace

#if TFCC_COUNT_MALLOC
// glibc's own entry points, which its public malloc family forwards to.
extern "C" {
void *__libc_malloc(size_t);
void *__libc_calloc(size_t, size_t);
void *__libc_realloc(void *, size_t);
void *__libc_memalign(size_t, size_t);
void __libc_free(void *);

void *malloc(size_t n) {
  Note();
  return __libc_malloc(n);
}
void *calloc(size_t n, size_t size) {
  Note();
  return __libc_calloc(n, size);
}
void *realloc(void *p, size_t n) {
  Note();
  return __libc_realloc(p, n);
}
void *memalign(size_t align, size_t n) {
  Note();
  return __libc_memalign(align, n);
}
void *aligned_alloc(size_t align, size_t n) {
  Note();
  return __libc_memalign(align, n);
}
int posix_memalign(void **out, size_t align, size_t n) {
  Note();
  if (align < sizeof(void *) || (align & (align - 1)) != 0)
    return EINVAL;
  void *p = __libc_memalign(align, n);
  if (!p)
    return ENOMEM;
  *out = p;
  return 0;
}
void free(void *p) { __libc_free(p); }
} // extern "C"
#endif

namespace tfcc::test {

bool MallocCountingAvailable() { return TFCC_COUNT_MALLOC != 0; }

ScopedMallocCount::ScopedMallocCount() {
  g_allocations.store(0);
  g_counting.store(true);
}

ScopedMallocCount::~ScopedMallocCount() { g_counting.store(false); }

int64_t ScopedMallocCount::count() const { return g_allocations.load(); }

} // namespace tfcc::test
