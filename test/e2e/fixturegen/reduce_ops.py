"""Reductions: Sum Mean Max Min Prod, ArgMax ArgMin, Cumsum, L2Loss."""
from .fixture import elementwise, per_dtype
from .operands import FLOATS, NUMERIC, uniform
from .tfenv import tf
from .tolerances import LONG_SUM, SHORT_SUM

ops = tf.raw_ops
CUBE = (3, 4, 5)
# (input shape, axes, keep_dims): one axis, a negative one, two, all of them,
# a scalar axis and a rank-1 input.
REDUCE_CASES = [(CUBE, [1], False), (CUBE, [-1], True), (CUBE, [0, 2], False),
                (CUBE, [0, 1, 2], False), (CUBE, -2, True), ((6,), [0], True)]


def _reduce(op, axes, keep):
    return lambda x: getattr(ops, op)(input=x, axis=tf.constant(axes, tf.int32), keep_dims=keep)


def reduction(op, dtypes, make, tol=None):
    per_dtype(op, dtypes, lambda r, dt: [({"x": make(r, shape, dt)}, _reduce(op, axes, keep))
                                         for shape, axes, keep in REDUCE_CASES], tol)


def sums():
    for op in ["Sum", "Mean"]:  # integer Mean truncates toward zero
        reduction(op, NUMERIC, uniform(), SHORT_SUM)
        # 1024 terms along the inner axis, 512 along the outer one.
        per_dtype(op, ["float32"], lambda r, dt, op=op: [
            ({"x": r((8, 1024), dt)}, _reduce(op, [1], False)),
            ({"x": r((512, 8), dt)}, _reduce(op, [0], False))],
            LONG_SUM, name=op.lower() + "_long_{dt}")
    for op in ["Max", "Min"]:
        reduction(op, NUMERIC, uniform())
    # Factors near 1 (floats) or in {-1, 1, 2} (integers) keep products in range.
    reduction("Prod", NUMERIC,
              lambda r, shape, dt: (r(shape, dt, 0.5, 1.5) if dt in FLOATS
                                    else r.choice([-1, 1, 1, 1, 2], shape, dt)),
              SHORT_SUM)


def arg_reductions():
    # Integer inputs have ties: TF returns the first index, which is checked.
    for op in ["ArgMax", "ArgMin"]:
        fn = getattr(ops, op)
        cases = [(0, "int64"), (-1, "int64"), (1, "int32")]
        per_dtype(op, NUMERIC, lambda r, dt, fn=fn, cases=cases: [
            ({"x": r(CUBE, dt, -3, 3)},
             lambda x, axis=axis, out=out: fn(input=x, dimension=tf.constant(axis), output_type=out))
            for axis, out in cases])


def cumsum():
    cases = [(0, False, False), (-1, True, False), (1, False, True), (2, True, True)]
    per_dtype("Cumsum", NUMERIC, lambda r, dt: [
        ({"x": r(CUBE, dt, -3, 3)},
         lambda x, a=axis, e=excl, rev=rev: ops.Cumsum(x=x, axis=tf.constant(a), exclusive=e, reverse=rev))
        for axis, excl, rev in cases], SHORT_SUM)


def generate():
    sums()
    arg_reductions()
    cumsum()
    elementwise("L2Loss", [("x", uniform())], [(CUBE,), ((37,),)], FLOATS,
                lambda x: ops.L2Loss(t=x), SHORT_SUM)
