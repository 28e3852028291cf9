// The instruction set the runtime's kernels run on. AVX2 + FMA is the
// baseline the runtime is built for (x86-64-v3); where the CPU has
// AVX-512F, the GEMM (GemmKernelAvx512.cpp) and the direct convolution's
// register blocks (DirectConvAvx512.cpp, which Winograd's products run on
// too) take vectors twice as wide, with the same bits: each output sums
// the same terms in the same order. Chosen once (when the first runtime is
// created, or by the first kernel called without one) from the CPU, or
// from TFCC_KERNEL_ISA=avx2|avx512 in the environment.
#ifndef TFCC_RUNTIME_KERNELS_KERNELISA_H
#define TFCC_RUNTIME_KERNELS_KERNELISA_H

namespace tfcc::rt {

enum class KernelIsa { kAvx2, kAvx512 };
KernelIsa ActiveKernelIsa();

// The choice from a setting (TFCC_KERNEL_ISA's value, or null): the CPU's
// best unless the setting names one it has; a setting that names none of
// its ISAs is reported on stderr and ignored.
KernelIsa ChooseKernelIsa(const char *setting, bool cpu_has_avx512);

// For tests and benchmarks that compare the two: false (and no change)
// where the CPU lacks `isa`. Not for use while kernels run.
bool SetKernelIsa(KernelIsa isa);

} // namespace tfcc::rt

#endif // TFCC_RUNTIME_KERNELS_KERNELISA_H
