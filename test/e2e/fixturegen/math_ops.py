"""Elementwise fixtures: arithmetic, unary math, activations, comparisons,
logic, Select, Cast, AddN, ClipByValue, Identity."""
from .fixture import elementwise, short
from .operands import (FLOATS, NUMERIC, bools, divisor, small_ints, uniform,
                       with_specials)
from .tfenv import tf
from .tolerances import TRANSCENDENTAL

ops = tf.raw_ops

# Same shape, trailing-axis broadcast, both sides broadcast, scalar, and a row
# long enough to leave a vector tail.
BINARY_SHAPES = [((2, 3), (2, 3)), ((2, 3), (3,)), ((4, 1, 3), (1, 5, 1)),
                 ((), (2, 3)), ((5, 33), (5, 33))]
UNARY_SHAPES = [((),), ((37,),), ((4, 5, 6),)]


def binary(op, dtypes, x=None, y=None, tol=None):
    fn = getattr(ops, op)
    elementwise(op, [("x", x or uniform()), ("y", y or uniform())], BINARY_SHAPES,
                dtypes, lambda x, y: fn(x=x, y=y), tol)


def unary(op, dtypes, x=None, tol=None, arg="x", **attrs):
    fn = getattr(ops, op)
    elementwise(op, [("x", x or uniform())], UNARY_SHAPES, dtypes,
                lambda x: fn(**{arg: x}, **attrs), tol)


def arithmetic():
    for op in ["Add", "AddV2", "Sub", "Mul", "Maximum", "Minimum", "SquaredDifference"]:
        binary(op, NUMERIC)
    binary("RealDiv", FLOATS, y=divisor())
    for op in ["Div", "FloorDiv", "FloorMod"]:  # negative operands: floor vs truncation
        binary(op, NUMERIC, y=divisor())
    # Integer Pow: small bases, exponents >= 0 (TF rejects negative ones).
    binary("Pow", NUMERIC, x=uniform(0.1, 3.0, -4, 4), y=uniform(-2.0, 2.0, 0, 4),
           tol=TRANSCENDENTAL)


def unary_math():
    for op in ["Neg", "Abs", "Square"]:
        unary(op, NUMERIC, x=uniform(ilo=-1000, ihi=1000))
    unary("Sign", NUMERIC, x=with_specials([0.0]))
    unary("Exp", FLOATS, x=uniform(-5.0, 5.0), tol=TRANSCENDENTAL)
    unary("Log", FLOATS, x=uniform(0.01, 10.0), tol=TRANSCENDENTAL)
    unary("Log1p", FLOATS, x=uniform(-0.9, 5.0), tol=TRANSCENDENTAL)
    unary("Sqrt", FLOATS, x=uniform(0.0, 10.0))
    unary("Rsqrt", FLOATS, x=uniform(0.01, 10.0))
    unary("Reciprocal", FLOATS, x=divisor(0.1, 5.0))
    for op in ["Floor", "Ceil"]:
        unary(op, FLOATS, x=with_specials([-2.0, -1.0, 0.0, 1.0, 2.0]))
    # Round is half to even: exact halves are the point.
    unary("Round", FLOATS + ["int32"], x=with_specials([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5]))
    unary("Sin", FLOATS, x=uniform(-6.3, 6.3), tol=TRANSCENDENTAL)
    unary("Cos", FLOATS, x=uniform(-6.3, 6.3), tol=TRANSCENDENTAL)
    unary("Tanh", FLOATS, x=uniform(-5.0, 5.0), tol=TRANSCENDENTAL)
    unary("Sigmoid", FLOATS, x=uniform(-8.0, 8.0), tol=TRANSCENDENTAL)
    unary("Erf", FLOATS, x=uniform(-3.0, 3.0), tol=TRANSCENDENTAL)


def activations():
    unary("Relu", FLOATS + ["int32"], arg="features", x=with_specials([0.0]))
    unary("Relu6", FLOATS, arg="features", x=uniform(-3.0, 9.0))
    for op in ["Elu", "Selu"]:
        unary(op, FLOATS, arg="features", tol=TRANSCENDENTAL)
    unary("Softplus", FLOATS, arg="features", x=uniform(-10.0, 10.0), tol=TRANSCENDENTAL)
    unary("LeakyRelu", FLOATS, arg="features", alpha=0.1)


def comparisons():
    for op in ["Equal", "NotEqual", "Less", "LessEqual", "Greater", "GreaterEqual"]:
        binary(op, NUMERIC, x=small_ints(), y=small_ints())
    for op in ["LogicalAnd", "LogicalOr"]:
        binary(op, ["bool"], x=bools(), y=bools())
    unary("LogicalNot", ["bool"], x=bools())


def select():
    # v1 Select: the condition has x's shape, is a vector over x's first
    # dimension, or is a scalar.
    v1_shapes = [((2, 3),) * 3, ((4,), (4, 3), (4, 3)), ((), (2, 3), (2, 3))]
    makers = [("cond", bools()), ("x", uniform()), ("y", uniform())]
    elementwise("Select", makers, v1_shapes, NUMERIC,
                lambda cond, x, y: ops.Select(condition=cond, x=x, y=y))
    # SelectV2 broadcasts all three operands.
    v2_shapes = [((2, 1), (1, 3), (2, 3)), ((), (2, 3), (2, 3)), ((3,), (2, 3), ()),
                 ((4, 1, 5), (1, 2, 1), (2, 5))]
    elementwise("SelectV2", makers, v2_shapes, NUMERIC,
                lambda cond, x, y: ops.SelectV2(condition=cond, t=x, e=y))


# (source, destination, operands): float -> int truncates toward zero, and
# float -> bool is "!= 0", so zeros are included.
CASTS = [("float32", "int32", uniform(-100.0, 100.0)),
         ("int32", "float32", uniform(ilo=-100000, ihi=100000)),
         ("float32", "bool", with_specials([0.0])),
         ("bool", "float32", bools()),
         ("float32", "float64", uniform()),
         ("float64", "float32", uniform()),
         ("int32", "int64", uniform(ilo=-100000, ihi=100000)),
         ("int64", "int32", uniform(ilo=-100000, ihi=100000)),
         ("float64", "int64", uniform(-1e6, 1e6))]


def cast():
    for src, dst, make in CASTS:
        elementwise("Cast", [("x", make)], UNARY_SHAPES, [src],
                    lambda x, dst=dst: ops.Cast(x=x, DstT=dst),
                    name="cast_{dt}_" + short(dst))


def misc():
    elementwise("AddN", [("x", uniform()), ("y", uniform()), ("z", uniform())],
                [((2, 3),) * 3, ((37,),) * 3], NUMERIC,
                lambda x, y, z: ops.AddN(inputs=[x, y, z]))
    unary("Identity", NUMERIC, arg="input")
    unary("Identity", ["bool"], x=bools(), arg="input")
    # ClipByValue: scalar bounds as constants, and per-element bounds as feeds.
    elementwise("ClipByValue", [("x", uniform())], [((4, 5),)], FLOATS + ["int32"],
                lambda x: ops.ClipByValue(t=x, clip_value_min=tf.constant(-1, x.dtype),
                                          clip_value_max=tf.constant(2, x.dtype)),
                name="clipbyvalue_scalar_{dt}")
    elementwise("ClipByValue",
                [("x", uniform()), ("lo", uniform(-2.0, 0.0, -10, 0)), ("hi", uniform(0.0, 2.0, 0, 10))],
                [((4, 5),) * 3], FLOATS + ["int32"],
                lambda x, lo, hi: ops.ClipByValue(t=x, clip_value_min=lo, clip_value_max=hi),
                name="clipbyvalue_tensor_{dt}")


def generate():
    arithmetic()
    unary_math()
    activations()
    comparisons()
    select()
    cast()
    misc()
