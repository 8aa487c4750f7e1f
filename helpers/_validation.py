"""Input checks shared by the helpers: each names the argument and what was wrong."""

from __future__ import annotations

import math
from numbers import Integral, Real

import numpy as np


def as_real_array(value, name: str, ndim: int | None = None, allow_nan: bool = False):
    """``value`` as a float64 array, or a TypeError/ValueError that names ``name``.

    Booleans and integers are accepted and converted; strings, objects and
    complex numbers are refused. NaN is refused unless ``allow_nan``.
    """
    arr = np.asarray(value)
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{name} must be a real numeric array, got dtype {arr.dtype}")
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-D, got shape {arr.shape}")
    arr = arr.astype(float, copy=False)  # no copy when it is float64 already
    if not allow_nan and np.isnan(arr).any():
        raise ValueError(f"{name} contains NaN")
    return arr


def as_positive_int(value, name: str) -> int:
    """``value`` as an int >= 1, or a ValueError that names ``name`` and the value.

    Python, numpy and sympy integers are accepted; bools, floats (even 3.0),
    strings and everything else are refused.
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, Integral) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


def as_finite_real(value, name: str, minimum: float | None = None) -> float:
    """``value`` as a finite float (>= ``minimum`` if given), or a ValueError naming ``name``.

    Python, numpy and sympy real numbers are accepted; bools, strings, NaN and
    inf are refused.
    """
    bound = "" if minimum is None else f" >= {minimum:g}"
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, Real):
        raise ValueError(f"{name} must be a finite number{bound}, got {value!r}")
    x = float(value)
    if not math.isfinite(x) or (minimum is not None and x < minimum):
        raise ValueError(f"{name} must be a finite number{bound}, got {value!r}")
    return x
