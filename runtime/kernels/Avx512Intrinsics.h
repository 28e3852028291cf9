// <immintrin.h> for the files built with AVX-512 (GemmKernelAvx512.cpp,
// DirectConvAvx512.cpp). GCC 12's _mm512_max_ps and _mm512_min_ps pass
// _mm512_undefined_ps() as the unused merge operand, and
// -W(maybe-)uninitialized flags it (GCC bug 105593); the warning is
// silenced for the header alone.
#ifndef TFCC_RUNTIME_KERNELS_AVX512INTRINSICS_H
#define TFCC_RUNTIME_KERNELS_AVX512INTRINSICS_H

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>
#pragma GCC diagnostic pop

#endif // TFCC_RUNTIME_KERNELS_AVX512INTRINSICS_H
