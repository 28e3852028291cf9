"""Shape and data-movement fixtures. Constant operands (shapes, axes,
paddings, multiples) are Const nodes, as in real graphs, so every output
shape is known when the Config fixes the feeds."""
import numpy as np

from .fixture import per_dtype
from .operands import NUMERIC
from .tfenv import tf

ops = tf.raw_ops
DATA = NUMERIC  # 4- and 8-byte elements, floats and integers


def c(value, dtype=tf.int32):
    return tf.constant(value, dtype)


def one_input(op, cases, dtypes=DATA, lo=-5, hi=5, name=None):
    """cases: [(shape of x, fn(x))]: one fed tensor per case."""
    per_dtype(op, dtypes, lambda r, dt: [({"x": r(shape, dt, lo, hi)}, fn) for shape, fn in cases],
              name=name)


def many_inputs(op, cases, dtypes=DATA):
    """cases: [(shapes, fn(*xs))]: fed tensors x, y, z, ... per case."""
    keys = "xyzw"
    per_dtype(op, dtypes, lambda r, dt: [
        ({keys[i]: r(s, dt, -5, 5) for i, s in enumerate(shapes)},
         lambda fn=fn, **kw: fn(*[kw[k] for k in keys[:len(kw)]]))
        for shapes, fn in cases])


def reshape_and_transpose():
    one_input("Reshape", [
        ((2, 3, 4), lambda x: ops.Reshape(tensor=x, shape=c([4, 6]))),
        ((2, 3, 4), lambda x: ops.Reshape(tensor=x, shape=c([-1]))),
        ((2, 3, 4), lambda x: ops.Reshape(tensor=x, shape=c([2, -1, 2], tf.int64))),
        ((), lambda x: ops.Reshape(tensor=x, shape=c([1, 1])))])
    one_input("Transpose", [
        ((3, 5), lambda x: ops.Transpose(x=x, perm=c([1, 0]))),
        ((2, 3, 4), lambda x: ops.Transpose(x=x, perm=c([2, 0, 1]))),
        ((2, 3, 4, 5), lambda x: ops.Transpose(x=x, perm=c([0, 2, 1, 3], tf.int64)))])
    one_input("Squeeze", [
        ((1, 3, 1, 4), lambda x: ops.Squeeze(input=x)),
        ((1, 3, 1, 4), lambda x: ops.Squeeze(input=x, axis=[2])),
        ((1, 3, 1, 4), lambda x: ops.Squeeze(input=x, axis=[-4, 2]))])
    one_input("ExpandDims", [
        ((3, 4), lambda x: ops.ExpandDims(input=x, axis=c(0))),
        ((3, 4), lambda x: ops.ExpandDims(input=x, axis=c(-1))),
        ((3, 4), lambda x: ops.ExpandDims(input=x, axis=c([1], tf.int64)))])


def join_and_split():
    many_inputs("ConcatV2", [
        (((2, 3), (4, 3)), lambda x, y: ops.ConcatV2(values=[x, y], axis=c(0))),
        (((2, 3), (2, 5)), lambda x, y: ops.ConcatV2(values=[x, y], axis=c(-1))),
        (((2, 1, 3), (2, 2, 3), (2, 3, 3)),
         lambda x, y, z: ops.ConcatV2(values=[x, y, z], axis=c(1, tf.int64)))])
    many_inputs("Pack", [
        (((2, 3),) * 3, lambda x, y, z: ops.Pack(values=[x, y, z], axis=0)),
        (((2, 3),) * 2, lambda x, y: ops.Pack(values=[x, y], axis=-1)),
        (((4,),) * 3, lambda x, y, z: ops.Pack(values=[x, y, z], axis=1))])
    # Ops with several outputs fetch each one: out, out_1, ...
    one_input("Unpack", [
        ((3, 4), lambda x: ops.Unpack(value=x, num=3, axis=0)),
        ((2, 3, 4), lambda x: ops.Unpack(value=x, num=4, axis=-1))])
    one_input("Split", [
        ((6, 4), lambda x: ops.Split(axis=c(0), value=x, num_split=3)),
        ((2, 6), lambda x: ops.Split(axis=c(-1), value=x, num_split=2))])
    one_input("SplitV", [
        ((7, 4), lambda x: ops.SplitV(value=x, size_splits=c([2, -1, 1]), axis=c(0), num_split=3)),
        ((3, 9), lambda x: ops.SplitV(value=x, size_splits=c([4, 5], tf.int64), axis=c(1), num_split=2))])


def slicing():
    one_input("Slice", [
        ((4, 5, 6), lambda x: ops.Slice(input=x, begin=c([1, 0, 2]), size=c([2, -1, 3]))),
        ((10,), lambda x: ops.Slice(input=x, begin=c([3], tf.int64), size=c([4], tf.int64)))])
    # Python indexing builds StridedSlice with the begin/end/ellipsis/new_axis/
    # shrink masks that each comment names.
    one_input("StridedSlice", [
        ((4, 6), lambda x: x[1:3, ::2]),              # end_mask, stride 2
        ((7,), lambda x: x[::-1]),                    # negative stride, begin/end masks
        ((4, 6), lambda x: x[2, 1:4]),                # shrink_axis_mask
        ((4, 6), lambda x: x[:, tf.newaxis, 1:]),     # new_axis_mask
        ((2, 3, 4), lambda x: x[..., 1]),             # ellipsis_mask + shrink
        ((5, 6), lambda x: x[-3:-1, -2:]),            # negative indices
        ((2, 3, 4), lambda x: x[1, ..., tf.newaxis, ::-2])])  # all of them at once
    one_input("GatherV2", [
        ((5, 4), lambda x: ops.GatherV2(params=x, indices=c([4, 0, 2, 0]), axis=c(0))),
        ((3, 6, 2), lambda x: ops.GatherV2(params=x, indices=c([[5, 1], [1, 3]], tf.int64), axis=c(1))),
        ((3, 4), lambda x: ops.GatherV2(params=x, indices=c(2), axis=c(-1)))])


def fill_and_pad():
    one_input("Tile", [
        ((2, 3), lambda x: ops.Tile(input=x, multiples=c([2, 3]))),
        ((3,), lambda x: ops.Tile(input=x, multiples=c([4], tf.int64))),
        ((2, 1, 3), lambda x: ops.Tile(input=x, multiples=c([1, 4, 1])))])
    one_input("Pad", [
        ((2, 3), lambda x: ops.Pad(input=x, paddings=c([[1, 2], [0, 3]]))),
        ((2, 3, 4), lambda x: ops.Pad(input=x, paddings=c([[0, 0], [1, 1], [2, 0]], tf.int64)))])
    one_input("PadV2", [
        ((2, 3), lambda x: ops.PadV2(input=x, paddings=c([[1, 2], [0, 3]]),
                                     constant_values=c(7, x.dtype))),
        ((4,), lambda x: ops.PadV2(input=x, paddings=c([[3, 1]]), constant_values=c(-2, x.dtype)))])
    for mode, pad in [("REFLECT", [[1, 2], [2, 3]]), ("SYMMETRIC", [[3, 0], [2, 4]])]:
        one_input("MirrorPad", [
            ((3, 4), lambda x, p=pad, m=mode: ops.MirrorPad(input=x, paddings=c(p), mode=m)),
            ((2, 3, 4), lambda x, m=mode: ops.MirrorPad(input=x, paddings=c([[0, 1], [1, 1], [2, 0]]),
                                                         mode=m))],
            name=f"mirrorpad_{mode.lower()}_{{dt}}")
    # Fill takes its value from a fed scalar; the shape is a constant.
    one_input("Fill", [((), lambda x: ops.Fill(dims=c([2, 3]), value=x)),
                       ((), lambda x: ops.Fill(dims=c([4], tf.int64), value=x))])
    for op in ["ZerosLike", "OnesLike"]:
        one_input(op, [((2, 3), lambda x, op=op: getattr(ops, op)(x=x)),
                       ((), lambda x, op=op: getattr(ops, op)(x=x))])


def _range_cases(dtype):
    # Range's operands are constants; a fed tensor of its length is added so
    # the fixture has a feed and the sequence reaches an output.
    if np.dtype(dtype).kind == "f":
        args = [(0.5, 3.75, 0.25), (2.0, -1.0, -0.75)]  # exact in binary
    else:
        args = [(0, 10, 1), (3, -7, -2)]
    cases = []
    for start, limit, delta in args:
        n = int(np.ceil((limit - start) / delta))
        cases.append(((n,), lambda x, a=(start, limit, delta): ops.AddV2(
            x=ops.Range(start=c(a[0], x.dtype), limit=c(a[1], x.dtype), delta=c(a[2], x.dtype)), y=x)))
    return cases


def generated():
    for dt in DATA:
        one_input("Range", _range_cases(dt), dtypes=[dt])
    shapes = [(2, 3, 4), (), (5,)]
    for op, fn in [("Shape", ops.Shape), ("Size", ops.Size)]:
        one_input(op, [(s, lambda x, fn=fn, t=t: fn(input=x, out_type=t))
                       for s, t in zip(shapes, [tf.int32, tf.int64, tf.int32])],
                  dtypes=["float32", "int32"])
    one_input("Rank", [(s, lambda x: ops.Rank(input=x)) for s in shapes],
              dtypes=["float32", "int32"])


def one_hot():
    # Indices -1 and `depth` are out of range: their rows are all off_value.
    indices = [([0, 3, -1, 4, 5], 5, -1, tf.int32), ([[1, 0, 3], [2, 2, -1]], 4, 0, tf.int64)]

    def make_cases(r, dt):
        return [({"x": np.asarray(idx, np.dtype(itype.as_numpy_dtype))},
                 lambda x, d=depth, a=axis: ops.OneHot(indices=x, depth=c(d), on_value=c(3, dt),
                                                       off_value=c(-1, dt), axis=a))
                for idx, depth, axis, itype in indices]
    per_dtype("OneHot", DATA, make_cases)


def top_k():
    # Distinct values (a permutation) so the order of ties cannot differ.
    def make_cases(r, dt):
        return [({"x": r.rng.permutation(40).reshape(4, 10).astype(dt)},
                 lambda x: ops.TopKV2(input=x, k=c(3), sorted=True)),
                ({"x": r.rng.permutation(7).astype(dt)},
                 lambda x: ops.TopKV2(input=x, k=c(7), sorted=True))]
    per_dtype("TopKV2", ["float32", "float64", "int32"], make_cases)


def generate():
    reshape_and_transpose()
    join_and_split()
    slicing()
    fill_and_pad()
    generated()
    one_hot()
    top_k()
