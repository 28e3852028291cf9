"""Minimal .npy reader (format 1.0-3.0, little-endian, C order) for tests that
must run without numpy."""
import ast
import struct

_FORMATS = {
    "<f2": "e", "<f4": "f", "<f8": "d", "|i1": "b", "<i2": "h", "<i4": "i", "<i8": "q",
    "|u1": "B", "<u2": "H", "<u4": "I", "<u8": "Q", "|b1": "?",
}


def read(path):
    """Returns (descr, shape, values as a flat list)."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:6] != b"\x93NUMPY":
        raise ValueError(f"{path}: not a .npy file")
    major = data[6]
    if major == 1:
        (hlen,) = struct.unpack_from("<H", data, 8)
        start = 10
    else:
        (hlen,) = struct.unpack_from("<I", data, 8)
        start = 12
    header = ast.literal_eval(data[start:start + hlen].decode("latin1"))
    if header.get("fortran_order"):
        raise ValueError(f"{path}: Fortran order is not supported")
    descr = header["descr"]
    if descr not in _FORMATS:
        raise ValueError(f"{path}: unsupported dtype {descr}")
    shape = tuple(header["shape"])
    count = 1
    for d in shape:
        count *= d
    fmt = "<" + _FORMATS[descr] * count
    values = list(struct.unpack_from(fmt, data, start + hlen))
    return descr, shape, values


def write(path, descr, shape, values):
    """Writes a .npy file (format 1.0) of `descr` (e.g. "<f8") and `shape`."""
    header = "{'descr': '%s', 'fortran_order': False, 'shape': %s, }" % (
        descr, "(%s)" % "".join(f"{d}," for d in shape) if shape else "()")
    pad = 64 - (10 + len(header) + 1) % 64
    header = header + " " * pad + "\n"
    with open(path, "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode("latin1"))
        f.write(struct.pack("<" + _FORMATS[descr] * len(values), *values))
