"""Numerical gradients by central differences, and the relative error used to compare gradients.

Introduced in Chapter 1 (as the independent check on every derivative the
book computes); the numerical-differentiation chapter studies its accuracy.

The central difference (f(x + h) - f(x - h)) / (2h) has truncation error of
order h^2 and round-off error of order eps / h; h = 1e-5 balances them for
float64 well enough that a correct gradient agrees to a relative error of
about 1e-8 or better, while a wrong one (a missing factor, a missing transpose)
is off by 1e-2 or more.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from ._validation import as_real_array

__all__ = ["numerical_gradient", "numerical_param_grads", "relative_error"]


def _scalar(value, what):
    arr = np.asarray(value)
    if arr.ndim != 0 or arr.dtype.kind not in "biuf":
        raise ValueError(f"{what} must return a real scalar, got {value!r}")
    out = float(arr)
    if not np.isfinite(out):
        raise ValueError(f"{what} returned {out}; a numerical gradient needs finite values")
    return out


def numerical_gradient(f: Callable, x, h: float = 1e-5):
    """Central-difference gradient of a scalar function ``f`` at the array ``x``.

    Entry i of the result is (f(x + h e_i) - f(x - h e_i)) / (2h). The result
    has the shape of ``x`` (denominator layout). ``f`` is called 2 x.size times
    on a perturbed copy; ``x`` itself is not changed.
    """
    if not callable(f):
        raise TypeError(f"f must be callable, got {type(f).__name__}")
    if not (isinstance(h, (int, float)) and np.isfinite(h) and h > 0):
        raise ValueError(f"the step h must be a positive finite number, got {h!r}")
    x = as_real_array(x, "x").copy()
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        f_plus = _scalar(f(x), "f")
        x[i] = old - h
        f_minus = _scalar(f(x), "f")
        x[i] = old
        grad[i] = (f_plus - f_minus) / (2.0 * h)
    return grad


def numerical_param_grads(f: Callable, params, h: float = 1e-5):
    """Central-difference gradient of ``f(params)`` for a list of ``(W, b)`` pairs.

    Returns a list of ``(dW, db)`` shaped like ``params``; ``params`` is not changed.
    """
    if not isinstance(params, Sequence) or len(params) == 0:
        raise ValueError("params must be a non-empty list of (W, b) pairs")
    current = [tuple(as_real_array(p, "a parameter").copy() for p in pair) for pair in params]
    grads = []
    for l, pair in enumerate(current):
        layer = []
        for k in range(len(pair)):

            def f_of(value, l=l, k=k):
                trial = [list(p) for p in current]
                trial[l][k] = value
                return f([tuple(p) for p in trial])

            layer.append(numerical_gradient(f_of, pair[k], h))
        grads.append(tuple(layer))
    return grads


def _flatten(g, name):
    if isinstance(g, (list, tuple)):
        parts = [_flatten(item, name) for item in g]
        return np.concatenate(parts) if parts else np.zeros(0)
    return as_real_array(g, name).ravel()


def _shapes(g):
    if isinstance(g, (list, tuple)):
        return [_shapes(item) for item in g]
    return np.shape(g)


def relative_error(a, b):
    """||a - b|| / max(||a||, ||b||), in the 2-norm over all entries.

    ``a`` and ``b`` are arrays, or matching nested lists of arrays (such as the
    ``grads`` of :func:`helpers.mlp.loss_and_grads`). The result is 0 when both
    are zero. A norm-wise error is used rather than the worst entry-wise one
    because entries that are nearly zero have no meaningful relative error.
    """
    if _shapes(a) != _shapes(b):
        raise ValueError(f"cannot compare gradients of shapes {_shapes(a)} and {_shapes(b)}")
    a, b = _flatten(a, "a"), _flatten(b, "b")
    for name, g in (("a", a), ("b", b)):
        if not np.all(np.isfinite(g)):
            raise ValueError(
                f"gradient {name} holds an infinite value; a relative error needs finite entries"
            )
    scale = max(np.linalg.norm(a), np.linalg.norm(b))
    if scale == 0.0:
        return 0.0
    return float(np.linalg.norm(a - b) / scale)
