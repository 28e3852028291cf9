// Reading and writing NumPy .npy files (format versions 1.0, 2.0 and 3.0;
// little-endian, C order; dtypes f2 f4 f8 i1 i2 i4 i8 u1 u2 u4 u8 b1).
//
// Errors come back as a Status whose message names the file and what is
// wrong with it; nothing here throws.
#ifndef TFCC_NPY_H
#define TFCC_NPY_H

#include "tfcc/abi.h"
#include "tfcc/model.h"

#include <cstdint>
#include <string>
#include <vector>

namespace tfcc {

struct NpyArray {
  tfcc_dtype dtype = TFCC_FLOAT;
  std::vector<int64_t> shape; // empty for a scalar
  std::vector<char> data;     // num_elements() * DtypeSize(dtype) bytes

  int64_t num_elements() const;
};

// Parses the bytes of a .npy file; `name` is the file name used in errors.
Status ParseNpy(const char *bytes, size_t size, const std::string &name,
                NpyArray *out);
Status ReadNpy(const std::string &path, NpyArray *out);

// Writes `data` (num_elements(shape) elements of dtype, C order) as a .npy
// file, version 1.0 unless the header needs 2.0.
Status WriteNpy(const std::string &path, tfcc_dtype dtype,
                const int64_t *shape, int rank, const void *data);

// The .npy type descriptor for dtype ("<f4", "|b1"), or null where NumPy
// has none (bfloat16).
const char *NpyDescr(int32_t dtype);

} // namespace tfcc

#endif // TFCC_NPY_H
