"""Neural-network fixtures: MatMul, BatchMatMulV2, Einsum, BiasAdd, Softmax,
LogSoftmax, Conv2D, DepthwiseConv2dNative, pooling, FusedBatchNorm* (inference,
training, gradients), resizes.
Weights are fed like activations (x, y): a compiler must not depend on them
being constants."""
import numpy as np

from .fixture import Rand, emit, per_dtype, short
from .operands import FLOATS
from .tfenv import tf
from .tolerances import (BATCH_STATS, FOLDED, HALF, INTERPOLATION, LONG_SUM,
                         SHORT_SUM, TRANSCENDENTAL)

ops = tf.raw_ops
def _matmul_case(r, dt, m, k, n, ta, tb):
    lim = 1 if dt in FLOATS else 5
    a = r((k, m) if ta else (m, k), dt, -lim, lim)
    b = r((n, k) if tb else (k, n), dt, -lim, lim)
    return {"x": a, "y": b}, lambda x, y: ops.MatMul(a=x, b=y, transpose_a=ta, transpose_b=tb)


def matmul():
    small = [(1, 1, 1), (1, 64, 10)]
    combos = [(ta, tb) for ta in (False, True) for tb in (False, True)]

    def make_cases(r, dt):
        return ([_matmul_case(r, dt, m, k, n, False, False) for m, k, n in small] +
                [_matmul_case(r, dt, 8, 33, 17, ta, tb) for ta, tb in combos])
    per_dtype("MatMul", FLOATS + ["int32"], make_cases, SHORT_SUM)
    # Large GEMMs: the sizes of an MNIST MLP layer and a square-ish block.
    for (m, k, n), tb in [((64, 784, 512), False), ((128, 256, 128), True)]:
        name = f"matmul_{m}x{k}x{n}_f32"
        emit(name, [_matmul_case(Rand(name), "float32", m, k, n, False, tb)], ["MatMul"], LONG_SUM)


def batch_matmul():
    cases = [((2, 3, 4), (2, 4, 5), False, False),
             ((3, 1, 4, 5), (2, 5, 6), False, False),  # batch dims broadcast
             ((2, 3, 4), (4, 5), False, False),        # rank broadcast
             ((2, 4, 3), (2, 4, 5), True, False),
             ((1, 3, 4), (2, 5, 4), False, True)]

    def make_cases(r, dt):
        return [({"x": r(sa, dt, -4, 4), "y": r(sb, dt, -4, 4)},
                 lambda x, y, ax=ax, ay=ay: ops.BatchMatMulV2(x=x, y=y, adj_x=ax, adj_y=ay))
                for sa, sb, ax, ay in cases]
    per_dtype("BatchMatMulV2", FLOATS + ["int32"], make_cases, SHORT_SUM)


def einsum():
    # Matmul-like equations, the forms Keras and attention layers emit.
    cases = [("ij,jk->ik", (3, 4), (4, 5)), ("bij,bjk->bik", (2, 3, 4), (2, 4, 5)),
             ("ij,kj->ik", (3, 4), (5, 4)), ("bij,jk->bik", (2, 3, 4), (4, 5)),
             ("bhqd,bhkd->bhqk", (1, 2, 3, 4), (1, 2, 5, 4))]
    per_dtype("Einsum", FLOATS, lambda r, dt: [
        ({"x": r(sa, dt), "y": r(sb, dt)}, lambda x, y, eq=eq: ops.Einsum(inputs=[x, y], equation=eq))
        for eq, sa, sb in cases], SHORT_SUM)


def bias_and_softmax():
    cases = [((4, 7), 7, "NHWC"), ((2, 3, 4, 5), 5, "NHWC"), ((2, 3, 4, 5), 3, "NCHW")]
    per_dtype("BiasAdd", FLOATS + ["int32"], lambda r, dt: [
        ({"x": r(shape, dt, -5, 5), "y": r((c,), dt, -5, 5)},
         lambda x, y, f=fmt: ops.BiasAdd(value=x, bias=y, data_format=f))
        for shape, c, fmt in cases])
    for op in ["Softmax", "LogSoftmax"]:
        fn = getattr(ops, op)
        per_dtype(op, FLOATS, lambda r, dt, fn=fn: [
            ({"x": r(shape, dt, -6, 6)}, lambda x: fn(logits=x))
            for shape in [(1, 10), (4, 33), (2, 3, 17)]], TRANSCENDENTAL)


# (name, input NHWC, filter HWIO, strides, padding, dilation): every filter
# size, stride, padding and dilation of the brief, batch 1 and 2, 1-16 channels.
CONV2D = [("3x3_same_s1", (1, 8, 8, 1), (3, 3, 1, 8), 1, "SAME", 1),
          ("3x3_valid_s2", (2, 9, 9, 3), (3, 3, 3, 16), 2, "VALID", 1),
          ("1x1_valid_s1", (1, 10, 10, 8), (1, 1, 8, 16), 1, "VALID", 1),
          ("1x1_same_s2", (2, 7, 7, 16), (1, 1, 16, 3), 2, "SAME", 1),
          ("5x5_same_s2", (2, 11, 11, 16), (5, 5, 16, 8), 2, "SAME", 1),
          ("5x5_valid_s1", (1, 9, 9, 3), (5, 5, 3, 3), 1, "VALID", 1),
          ("3x3_same_d2", (1, 12, 12, 3), (3, 3, 3, 8), 1, "SAME", 2),
          ("3x3_valid_d2", (2, 12, 12, 8), (3, 3, 8, 3), 1, "VALID", 2)]
# Depthwise filters are HWCM (M = channel multiplier). TF's CPU kernel has no
# dilation (tf.nn.depthwise_conv2d dilates with SpaceToBatchND instead).
DEPTHWISE = [("3x3_same_s1", (1, 8, 8, 3), (3, 3, 3, 1), 1, "SAME", 1),
             ("3x3_valid_s2_m2", (2, 9, 9, 4), (3, 3, 4, 2), 2, "VALID", 1),
             ("5x5_same_s2", (1, 10, 10, 8), (5, 5, 8, 1), 2, "SAME", 1),
             ("3x3_same_s1_m2", (1, 9, 9, 16), (3, 3, 16, 2), 1, "SAME", 1)]


def convolutions():
    for op, table in [("Conv2D", CONV2D), ("DepthwiseConv2dNative", DEPTHWISE)]:
        fn = getattr(ops, op)
        for variant, xs, fs, s, pad, d in table:
            name = f"{op.lower()}_{variant}_f32"
            r = Rand(name)
            emit(name, [({"x": r(xs), "y": r(fs)},
                         lambda x, y, fn=fn, s=s, pad=pad, d=d: fn(
                             input=x, filter=y, strides=[1, s, s, 1], padding=pad,
                             dilations=[1, d, d, 1]))],
                 [op], LONG_SUM)
    # The gradient ops on their own, over the same table (f32, so the larger
    # ones run on the conv kernel): Conv2DBackpropFilter's kernel form reads
    # the forward stride as a dilation, and VALID windows that leave rows
    # unread (9 in, 3x3, stride 2) check that the extra rows stay out.
    for op in ["Conv2DBackpropFilter", "Conv2DBackpropInput"]:
        name = f"{op.lower()}_f32"
        r = Rand(name)
        cases = []
        # TF's CPU gradient kernels refuse dilations above 1.
        for _, xs, fs, st, pad, d in [c for c in CONV2D if c[5] == 1]:
            y = tf.nn.conv2d(tf.zeros(xs), tf.zeros(fs), st, pad, dilations=d)
            inputs = {"x": r(xs), "g": r(tuple(y.shape))} if op == "Conv2DBackpropFilter" \
                else {"w": r(fs), "g": r(tuple(y.shape))}
            if op == "Conv2DBackpropFilter":
                fn = (lambda x, g, fs=fs, st=st, pad=pad, d=d: ops.Conv2DBackpropFilter(
                    input=x, filter_sizes=list(fs), out_backprop=g, strides=[1, st, st, 1],
                    padding=pad, dilations=[1, d, d, 1]))
            else:
                fn = (lambda w, g, xs=xs, st=st, pad=pad, d=d: ops.Conv2DBackpropInput(
                    input_sizes=list(xs), filter=w, out_backprop=g, strides=[1, st, st, 1],
                    padding=pad, dilations=[1, d, d, 1]))
            cases.append((inputs, fn))
        emit(name, cases, [op], LONG_SUM)
    # One double-precision convolution: CPU Conv2D supports f64 too.
    name = "conv2d_3x3_same_s1_f64"
    r = Rand(name)
    emit(name, [({"x": r((1, 6, 6, 3), "float64"), "y": r((3, 3, 3, 4), "float64")},
                 lambda x, y: ops.Conv2D(input=x, filter=y, strides=[1, 1, 1, 1], padding="SAME"))],
         ["Conv2D"], LONG_SUM)


# (window, stride, padding): 2x2 s2, 3x3 s1, 3x3 s2, each SAME and VALID; odd
# input sizes make SAME pad.
POOLS = [(k, s, p) for k, s in [(2, 2), (3, 1), (3, 2)] for p in ["SAME", "VALID"]]


def pooling():
    for op in ["MaxPool", "AvgPool"]:
        fn = getattr(ops, op)
        arg = "input" if op == "MaxPool" else "value"
        # AvgPool with SAME averages only the in-bounds elements of a window.
        per_dtype(op, FLOATS, lambda r, dt, fn=fn, arg=arg: [
            ({"x": r(shape, dt, -5, 5)},
             lambda x, k=k, s=s, p=p: fn(**{arg: x}, ksize=[1, k, k, 1], strides=[1, s, s, 1], padding=p))
            for k, s, p in POOLS for shape in [(2, 9, 9, 3)]], SHORT_SUM if op == "AvgPool" else None)
    maxpool_special_values()


def maxpool_special_values():
    """TF's CPU MaxPool never lets a NaN win (a window keeps its best finite
    value) and gives the lowest finite value, not -inf, for a window of -inf."""
    name = "maxpool_special_f32"
    x = Rand(name)((1, 6, 6, 2), "float32", -5, 5)
    x[0, 0, 0, 0] = np.nan                 # one NaN in a window
    x[0, 0:2, 2:4, 1] = np.nan             # a window of NaN only
    x[0, 2:4, 0:2, 0] = -np.inf            # a window of -inf only
    x[0, 4, 4, 0], x[0, 4, 5, 0] = -np.inf, np.nan
    cases = [({"x": x}, lambda x, k=k, s=s, p=p: ops.MaxPool(
        input=x, ksize=[1, k, k, 1], strides=[1, s, s, 1], padding=p))
        for k, s, p in [(2, 2, "VALID"), (3, 2, "SAME"), (3, 1, "SAME")]]
    emit(name, cases, ["MaxPool"])


def batch_norm():
    def make_cases(r, dt):
        cases = []
        for shape, fmt in [((2, 4, 4, 3), "NHWC"), ((1, 5, 5, 16), "NHWC"), ((2, 3, 4, 4), "NCHW")]:
            c = shape[-1] if fmt == "NHWC" else shape[1]
            inputs = {"x": r(shape, dt, -3, 3), "scale": r((c,), dt, 0.5, 2.0),
                      "offset": r((c,), dt), "mean": r((c,), dt), "variance": r((c,), dt, 0.1, 2.0)}
            cases.append((inputs, lambda x, scale, offset, mean, variance, f=fmt: ops.FusedBatchNormV3(
                x=x, scale=scale, offset=offset, mean=mean, variance=variance, epsilon=0.001,
                data_format=f, is_training=False)[0]))
        return cases
    per_dtype("FusedBatchNormV3", ["float32"], make_cases, FOLDED)

    # f16 x with f32 statistics (U), as mixed-precision models run it.
    def make_half(r, _):
        return [({**case, "x": case["x"].astype(np.float16)}, fn)
                for case, fn in make_cases(r, "float32")]
    emit("fusedbatchnormv3_f16", make_half(Rand("fusedbatchnormv3_f16"), None),
         ["FusedBatchNormV3"], HALF)


# Training batch norm: (shape, data_format, exponential_avg_factor). 1.0 is
# what Keras uses (mean and variance fed empty); 0.25 blends the batch
# statistics into running ones.
TRAIN_BN = [((4, 3, 3, 5), "NHWC", 1.0), ((2, 6, 5, 16), "NHWC", 0.25),
            ((3, 4, 2, 5), "NCHW", 1.0)]


def _bn_inputs(r, shape, fmt, factor, x_dt):
    c = shape[-1] if fmt == "NHWC" else shape[1]
    stat = lambda lo, hi: r((c,), "float32", lo, hi)  # noqa: E731
    # Running statistics are read only when averaging; Keras feeds them empty.
    mean, var = (stat(-1, 1), stat(0.5, 2)) if factor != 1.0 else (r((0,)), r((0,)))
    return {"x": r(shape, x_dt, -3, 3) + np.asarray(1.5, x_dt), "scale": stat(0.5, 2.0),
            "offset": stat(-1, 1), "mean": mean, "variance": var}


def _bn_train(op, fmt, factor, **args):
    return getattr(ops, op)(epsilon=0.001, data_format=fmt, is_training=True,
                            exponential_avg_factor=factor, **args)


def batch_norm_training():
    """y, batch_mean and batch_variance of training batch norm (reserve
    spaces are implementation-defined), f32 and f16 x with f32 statistics;
    and the gradients TF's own graph takes through FusedBatchNormGradV3."""
    for op, x_dt in [("FusedBatchNormV3", "float32"), ("FusedBatchNormV3", "float16"),
                     ("FusedBatchNormV2", "float16")]:
        name = f"{op.lower()}_train_{short(x_dt)}"
        r = Rand(name)
        cases = [(_bn_inputs(r, shape, fmt, factor, x_dt),
                  lambda f=fmt, a=factor, op=op, **kw: list(_bn_train(op, f, a, **kw)[:3]))
                 for shape, fmt, factor in TRAIN_BN]
        emit(name, cases, [op], HALF if x_dt == "float16" else BATCH_STATS)
    for op, x_dt in [("FusedBatchNormV3", "float32"), ("FusedBatchNormV3", "float16"),
                     ("FusedBatchNormV2", "float16")]:
        grad_op = op.replace("Norm", "NormGrad")
        name = f"{grad_op.lower()}_train_{short(x_dt)}"
        r = Rand(name)

        def grads(x, scale, offset, mean, variance, dy, f, a, op=op):
            y = _bn_train(op, f, a, x=x, scale=scale, offset=offset, mean=mean,
                          variance=variance)[0]
            return tf.gradients(y, [x, scale, offset], grad_ys=dy)
        cases = []
        for shape, fmt, factor in TRAIN_BN:
            inputs = _bn_inputs(r, shape, fmt, factor, x_dt)
            inputs["dy"] = r(shape, x_dt, -1, 1)
            cases.append((inputs, lambda f=fmt, a=factor, g=grads, **kw: g(f=f, a=a, **kw)))
        emit(name, cases, [grad_op], HALF if x_dt == "float16" else BATCH_STATS)


def resize():
    # (input, size, align_corners, half_pixel_centers): TF2's default, the
    # align-corners mode, TF1's legacy mode, and a downscale.
    modes = [((1, 4, 5, 2), [8, 10], False, True), ((1, 4, 5, 2), [7, 9], True, False),
             ((2, 4, 5, 2), [6, 7], False, False), ((1, 9, 7, 3), [4, 3], False, True)]
    for op in ["ResizeBilinear", "ResizeNearestNeighbor"]:
        fn = getattr(ops, op)
        per_dtype(op, ["float32"], lambda r, dt, fn=fn: [
            ({"x": r(shape, dt, -5, 5)},
             lambda x, sz=size, ac=ac, hp=hp: fn(images=x, size=tf.constant(sz), align_corners=ac,
                                                 half_pixel_centers=hp))
            for shape, size, ac, hp in modes], INTERPOLATION if op == "ResizeBilinear" else None)


def generate():
    matmul()
    batch_matmul()
    einsum()
    bias_and_softmax()
    convolutions()
    pooling()
    batch_norm()
    batch_norm_training()
    resize()
