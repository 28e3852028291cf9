// Counts heap allocations made anywhere in the test process while enabled:
// MallocCounter.cpp replaces malloc and friends (which operator new and
// Eigen's allocator call) with forwarders to glibc that count.
#ifndef TFCC_TEST_MALLOC_COUNTER_H
#define TFCC_TEST_MALLOC_COUNTER_H

#include <cstdint>

namespace tfcc::test {

// False where the counting hook cannot be installed (under AddressSanitizer,
// which owns malloc); tests then skip.
bool MallocCountingAvailable();

// Counts allocations between construction and count().
class ScopedMallocCount {
public:
  ScopedMallocCount();
  ~ScopedMallocCount();
  int64_t count() const;
};

} // namespace tfcc::test

#endif // TFCC_TEST_MALLOC_COUNTER_H
