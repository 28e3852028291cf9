"""The expected-values manifest shared by the compatibility tests.

expected.tsv has one line per tensor: checkpoint prefix (relative to the
manifest), key, dtype (numpy/TF name), shape ("[4,3]", "[]" for scalars),
and the file holding the expected value: raw little-endian elements, or for
strings each element as a little-endian uint32 length and its bytes. A
tensor tfcc cannot read (a partitioned variable) has "sliced" as its file.
"""

import os
import struct

import numpy as np

HEADER = "# checkpoint\tkey\tdtype\tshape\tfile\n"


def shape_text(shape):
    return "[" + ",".join(str(int(d)) for d in shape) + "]"


def encode(value, dtype_name):
    """The expected-value bytes of a tensor as TF returns it (numpy)."""
    array = np.asarray(value)
    if dtype_name == "string":
        out = b""
        for item in array.reshape(-1):
            item = item if isinstance(item, bytes) else str(item).encode()
            out += struct.pack("<I", len(item)) + item
        return out
    return np.ascontiguousarray(array).astype(array.dtype.newbyteorder("<")).tobytes()


def decode_strings(data):
    items, pos = [], 0
    while pos < len(data):
        (n,) = struct.unpack_from("<I", data, pos)
        items.append(data[pos + 4:pos + 4 + n])
        pos += 4 + n
    return items


def file_name(checkpoint, key):
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in key)
    return os.path.join(os.path.dirname(checkpoint), "values",
                        os.path.basename(checkpoint), safe + ".bin")


def read(path):
    rows = []
    with open(path) as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            checkpoint, key, dtype, shape, value_file = line.rstrip("\n").split("\t")
            rows.append((checkpoint, key, dtype, shape, value_file))
    return rows
