"""Input checks shared by the helpers: each names the argument and what was wrong."""

from __future__ import annotations

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
