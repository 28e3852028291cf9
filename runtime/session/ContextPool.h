// Execution contexts and the reader/writer scheme that guards a session's
// variables (the rules are stated in tfcc/session.h).
//
// A context is everything one run needs of its own: the arena, scratch for
// unaligned feeds and unfetched results, the pointer tables of its call
// frame, and optionally kernel threads. Contexts are created on demand and
// live in a fixed table until the pool is destroyed; each carries a state
// word on its own cache line:
//   kIdle    free to claim,
//   kShared  claimed by a run that reads variables,
//   kOwned   claimed by a run that writes them (under the writer mutex).
// A reading run claims a context with one CAS, starting at the slot the
// calling thread used last, and then checks the writer flag; a writer sets
// the flag and waits until no context is kShared. Both sides use seq_cst,
// so (as in Dekker's algorithm) either the reader sees the flag and backs
// off, or the writer sees the reader's claim and waits for it. Reading runs
// thus share no written cache line with each other and take no lock.
#ifndef TFCC_RUNTIME_SESSION_CONTEXTPOOL_H
#define TFCC_RUNTIME_SESSION_CONTEXTPOOL_H

#include "tfcc/runtime.h"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

namespace tfcc::session {

// What every context must hold: enough for the largest signature.
struct ContextSizes {
  int max_args = 0;
  int max_results = 0;
  size_t scratch_bytes = 0; // staging for args and results, 64-byte blocks
  size_t arena_bytes = 0;
  int num_threads = 1; // kernel threads; 1 = none of its own
};

struct alignas(64) ExecContext {
  enum State : uint32_t { kIdle = 0, kShared = 1, kOwned = 2 };

  ~ExecContext();

  std::atomic<uint32_t> state{kIdle};
  std::vector<void *> args;       // the call frame's args
  std::vector<void *> results;    // the call frame's results
  std::vector<int32_t> fetch_of;  // per result: the output written, or -1
  char *scratch = nullptr;        // 64-byte aligned
  void *arena = nullptr;          // 64-byte aligned, null when not needed
  tfcc_runtime *runtime = nullptr; // owned; null: the calling thread
  void *memory = nullptr;         // scratch and arena in one allocation
};

class ContextPool {
public:
  explicit ContextPool(const ContextSizes &sizes) : sizes_(sizes) {}
  ~ContextPool();
  ContextPool(const ContextPool &) = delete;
  ContextPool &operator=(const ContextPool &) = delete;

  // A context for a run that reads variables; waits while a writer holds
  // them. Null when a new context cannot be allocated.
  ExecContext *AcquireShared();
  // A context for a run under an ExclusiveLock.
  ExecContext *AcquireOwned();
  void Release(ExecContext *context);

  // Held by whoever writes variables: serializes writers, and waits out the
  // reading runs in flight, which new ones then wait for in turn.
  class ExclusiveLock {
  public:
    explicit ExclusiveLock(ContextPool &pool);
    ~ExclusiveLock();
    ExclusiveLock(const ExclusiveLock &) = delete;
    ExclusiveLock &operator=(const ExclusiveLock &) = delete;

  private:
    ContextPool &pool_;
    std::lock_guard<std::mutex> lock_;
  };

  // Held to read variables outside a run (Save, ReadVariable): no writer
  // is at work meanwhile, reading runs go on.
  std::mutex &writer_mutex() { return writer_mutex_; }

  size_t num_contexts() const {
    return num_contexts_.load(std::memory_order_acquire);
  }

private:
  // Enough for any realistic number of concurrent callers; beyond it
  // callers wait for a context to come free.
  static constexpr size_t kMaxContexts = 1024;

  ExecContext *Claim(uint32_t state);
  std::unique_ptr<ExecContext> Create(uint32_t state) const;

  const ContextSizes sizes_;
  std::atomic<bool> writer_active_{false};
  std::mutex writer_mutex_;
  std::mutex grow_mutex_;
  std::atomic<size_t> num_contexts_{0};
  std::atomic<ExecContext *> slots_[kMaxContexts] = {};
};

} // namespace tfcc::session

#endif // TFCC_RUNTIME_SESSION_CONTEXTPOOL_H
