#!/usr/bin/env python3
"""Holds the compiled MLP's code under issue 6's goal: the MLP 784-512-512-10
(test/e2e/fixtures/mlp_b1) compiled by `tfcc compile --emit=executable`,
the runtime's kernels, npy I/O and driver included, must have less than
200 KB (204 800 bytes) of .text; the weights (.rodata) do not count.

  code_size.py TFCC FIXTURE_DIR WORK_DIR

Prints each form's .text and exits 1 when the executable's is over the goal.
"""
import os
import struct
import subprocess
import sys

LIMIT = 200 * 1024


def text_size(path):
    """Size of the .text section of a 64-bit little-endian ELF file."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        raise SystemExit(f"code_size: {path}: not a 64-bit little-endian ELF file")
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)

    def section(i):
        # name, type, flags, addr, offset, size
        return struct.unpack_from("<IIQQQQ", data, shoff + i * shentsize)

    names_offset = section(shstrndx)[4]
    for i in range(shnum):
        name, _, _, _, _, size = section(i)
        end = data.index(b"\0", names_offset + name)
        if data[names_offset + name:end] == b".text":
            return size
    raise SystemExit(f"code_size: {path}: no .text section")


def main():
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    tfcc, fixture, work = sys.argv[1:]
    os.makedirs(work, exist_ok=True)
    sizes = {}
    for emit, suffix in (("object", ".o"), ("shared-lib", ".so"), ("executable", "")):
        out = os.path.join(work, "mlp_b1_" + emit.replace("-", "_"))
        subprocess.run([tfcc, "compile", os.path.join(fixture, "model.pb"),
                        "--config", os.path.join(fixture, "model.config.pbtxt"),
                        "--emit=" + emit, "-o", out], check=True)
        sizes[emit] = text_size(out + suffix)
        print(f"{emit}: .text {sizes[emit]} bytes")
    if sizes["executable"] >= LIMIT:
        print(f"code_size: the executable's .text is {sizes['executable']} bytes, "
              f"not under the goal of {LIMIT}", file=sys.stderr)
        return 1
    print(f"under the goal of {LIMIT} bytes by {LIMIT - sizes['executable']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
