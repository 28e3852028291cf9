// KernelIsa.h: the CPU's check and the process-wide choice.
#include "runtime/kernels/KernelIsa.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace tfcc::rt {
namespace {

// CPUID's AVX512F bit and the OS's saving of the zmm state (XCR0), as
// libgcc checks both.
bool CpuHasAvx512() { return __builtin_cpu_supports("avx512f"); }

std::atomic<KernelIsa> &IsaSlot() {
  static std::atomic<KernelIsa> isa{
      ChooseKernelIsa(std::getenv("TFCC_KERNEL_ISA"), CpuHasAvx512())};
  return isa;
}

} // namespace

KernelIsa ChooseKernelIsa(const char *setting, bool cpu_has_avx512) {
  const KernelIsa best = cpu_has_avx512 ? KernelIsa::kAvx512 : KernelIsa::kAvx2;
  if (!setting || !*setting)
    return best;
  const std::string_view name(setting);
  if (name == "avx2")
    return KernelIsa::kAvx2;
  if (name == "avx512" && cpu_has_avx512)
    return KernelIsa::kAvx512;
  std::fprintf(stderr, "tfcc: TFCC_KERNEL_ISA=%s ignored: this CPU runs avx2%s\n", setting,
               cpu_has_avx512 ? " or avx512" : " only");
  return best;
}

KernelIsa ActiveKernelIsa() { return IsaSlot().load(std::memory_order_relaxed); }

bool SetKernelIsa(KernelIsa isa) {
  if (isa == KernelIsa::kAvx512 && !CpuHasAvx512())
    return false;
  IsaSlot().store(isa, std::memory_order_relaxed);
  return true;
}

} // namespace tfcc::rt
