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
