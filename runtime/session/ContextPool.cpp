#include "runtime/session/ContextPool.h"

#include <chrono>
#include <cstdlib>
#include <new>
#include <thread>

namespace tfcc::session {
namespace {

// The slot this thread claimed last, in whichever pool: where its next
// claim starts looking, so that in steady state every thread finds its own
// context idle at the first try.
thread_local size_t tls_last_slot = 0;

// Waits for a condition that holds again within a run's time: yields at
// first, then sleeps so a long run does not cost a core.
template <typename Done> void WaitUntil(Done done) {
  for (int spins = 0; !done(); ++spins) {
    if (spins < 1000)
      std::this_thread::yield();
    else
      std::this_thread::sleep_for(std::chrono::microseconds(50));
  }
}

} // namespace

ExecContext::~ExecContext() {
  if (runtime)
    tfcc_runtime_destroy(runtime);
  std::free(memory);
}

ContextPool::~ContextPool() {
  const size_t n = num_contexts_.load(std::memory_order_acquire);
  for (size_t i = 0; i < n; ++i)
    delete slots_[i].load(std::memory_order_relaxed);
}

std::unique_ptr<ExecContext> ContextPool::Create(uint32_t state) const {
  auto context = std::make_unique<ExecContext>();
  context->state.store(state, std::memory_order_relaxed);
  context->args.assign(size_t(sizes_.max_args), nullptr);
  context->results.assign(size_t(sizes_.max_results), nullptr);
  context->fetch_of.assign(size_t(sizes_.max_results), -1);
  const size_t total = sizes_.scratch_bytes + sizes_.arena_bytes;
  if (total > 0) {
    context->memory = std::aligned_alloc(64, total);
    if (!context->memory)
      return nullptr;
    context->scratch = static_cast<char *>(context->memory);
    if (sizes_.arena_bytes > 0)
      context->arena = context->scratch + sizes_.scratch_bytes;
  }
  if (sizes_.num_threads != 1) {
    context->runtime = tfcc_runtime_create(sizes_.num_threads);
    if (!context->runtime)
      return nullptr;
  }
  return context;
}

ExecContext *ContextPool::Claim(uint32_t state) {
  for (;;) {
    const size_t n = num_contexts_.load(std::memory_order_acquire);
    size_t slot = n ? tls_last_slot % n : 0;
    for (size_t i = 0; i < n; ++i, slot = slot + 1 == n ? 0 : slot + 1) {
      ExecContext *c = slots_[slot].load(std::memory_order_acquire);
      uint32_t idle = ExecContext::kIdle;
      // The load first, so that busy contexts are passed without a write.
      if (c->state.load(std::memory_order_relaxed) == idle &&
          c->state.compare_exchange_strong(idle, state,
                                           std::memory_order_seq_cst)) {
        tls_last_slot = slot;
        return c;
      }
    }
    // Every context is busy: make one more (outside the hot path).
    {
      std::lock_guard<std::mutex> lock(grow_mutex_);
      const size_t count = num_contexts_.load(std::memory_order_relaxed);
      if (count < kMaxContexts) {
        std::unique_ptr<ExecContext> c;
        try {
          c = Create(state);
        } catch (const std::bad_alloc &) {
        }
        if (!c)
          return nullptr;
        slots_[count].store(c.get(), std::memory_order_release);
        // seq_cst: a writer that misses this context is seen by its
        // reader (see ContextPool.h).
        num_contexts_.store(count + 1, std::memory_order_seq_cst);
        tls_last_slot = count;
        return c.release();
      }
    }
    std::this_thread::yield(); // kMaxContexts runs in flight: wait for one
  }
}

ExecContext *ContextPool::AcquireShared() {
  for (;;) {
    ExecContext *c = Claim(ExecContext::kShared);
    if (!c || !writer_active_.load(std::memory_order_seq_cst))
      return c;
    // A writer is at work: give the context back and wait for its mutex.
    c->state.store(ExecContext::kIdle, std::memory_order_release);
    std::lock_guard<std::mutex> wait(writer_mutex_);
  }
}

ExecContext *ContextPool::AcquireOwned() { return Claim(ExecContext::kOwned); }

void ContextPool::Release(ExecContext *context) {
  context->state.store(ExecContext::kIdle, std::memory_order_release);
}

ContextPool::ExclusiveLock::ExclusiveLock(ContextPool &pool)
    : pool_(pool), lock_(pool.writer_mutex_) {
  pool_.writer_active_.store(true, std::memory_order_seq_cst);
  const size_t n = pool_.num_contexts_.load(std::memory_order_seq_cst);
  for (size_t i = 0; i < n; ++i) {
    ExecContext *c = pool_.slots_[i].load(std::memory_order_acquire);
    WaitUntil([c] {
      return c->state.load(std::memory_order_seq_cst) != ExecContext::kShared;
    });
  }
}

ContextPool::ExclusiveLock::~ExclusiveLock() {
  pool_.writer_active_.store(false, std::memory_order_seq_cst);
}

} // namespace tfcc::session
