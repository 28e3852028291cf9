"""Operand makers: make(rand, shape, dtype) -> array, with the value ranges
an op needs (safe divisors, ties for comparisons, exact halves for Round)."""
import numpy as np

FLOATS = ["float32", "float64"]
INTS = ["int32", "int64"]
NUMERIC = FLOATS + INTS


def uniform(lo=-3.0, hi=3.0, ilo=-20, ihi=20):
    """Operands uniform in [lo, hi] (floats) or [ilo, ihi] (integers)."""
    def make(r, shape, dt):
        is_int = np.dtype(dt).kind == "i"
        return r(shape, dt, *((ilo, ihi) if is_int else (lo, hi)))
    return make


def divisor(lo=0.5, hi=3.0, ihi=7):
    """Operands away from zero, with both signs: safe divisors."""
    def make(r, shape, dt):
        is_int = np.dtype(dt).kind == "i"
        return r.nonzero(shape, dt, *((1, ihi) if is_int else (lo, hi)))
    return make


def small_ints(lo=-2, hi=2):
    """Integer-valued operands of any dtype, so comparisons see ties."""
    def make(r, shape, dt):
        return r.choice(np.arange(lo, hi + 1), shape, dt)
    return make


def with_specials(values, lo=-3.0, hi=3.0):
    """Uniform operands with some elements replaced by special values
    (zeros, exact halves) where an op's rounding or sign rule matters."""
    def make(r, shape, dt):
        x = r(shape, dt, lo, hi)
        mask = r(shape, "bool")
        return np.where(mask, r.choice(values, shape, dt), x).astype(dt)
    return make


def bools():
    return lambda r, shape, dt: r(shape, "bool")
