"""Networks whose weights, biases and inputs are all sympy symbols.

Introduced in the delta-rule chapter, where sympy differentiates the loss of
such a network and the delta rule is checked against the result; reused by
the chapter on symbolic differentiation.

The layout is that of :mod:`helpers.mlp`: ``params[l-1] = (W(l), b(l))``, with
W(l) a sympy Matrix of shape (M_l, M_{l-1}) and b(l) a column of M_l symbols.
Symbols are named ``w^{(l)}_{ij}`` and ``b^{(l)}_{i}`` (indices from 1), which
sympy displays as the book writes them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from numbers import Integral

import sympy as sp

__all__ = [
    "ACTIVATIONS",
    "column_symbols",
    "symbolic_forward",
    "symbolic_params",
    "sym_softmax",
]


def sym_softmax(z):
    """Softmax of a sympy column vector."""
    e = z.applyfunc(sp.exp)
    return e / sum(e)


ACTIVATIONS: dict[str, Callable] = {
    "sigmoid": lambda z: 1 / (1 + sp.exp(-z)),
    "tanh": sp.tanh,
    "relu": lambda z: sp.Max(z, 0),
    "identity": lambda z: z,
}


def column_symbols(name, size):
    """A column of ``size`` symbols ``name_1 .. name_size``."""
    if isinstance(size, bool) or not isinstance(size, Integral) or size < 1:
        raise ValueError(f"size must be a positive integer, got {size!r}")
    return sp.Matrix([sp.Symbol(f"{name}_{i}") for i in range(1, size + 1)])


def symbolic_params(layer_sizes: Sequence[int]):
    """``[(W(1), b(1)), ..., (W(L), b(L))]`` as matrices of symbols."""
    sizes = list(layer_sizes)
    if len(sizes) < 2 or any(
        isinstance(m, bool) or not isinstance(m, Integral) or m < 1 for m in sizes
    ):
        raise ValueError(f"layer_sizes must be at least two positive integers, got {sizes}")
    params = []
    for l in range(1, len(sizes)):
        W = sp.Matrix(
            sizes[l], sizes[l - 1], lambda i, j, l=l: sp.Symbol(f"w^{{({l})}}_{{{i + 1}{j + 1}}}")
        )
        b = sp.Matrix(sizes[l], 1, lambda i, j, l=l: sp.Symbol(f"b^{{({l})}}_{{{i + 1}}}"))
        params.append((W, b))
    return params


def symbolic_forward(params, x, activations):
    """Forward propagation of one symbolic example x (a column).

    ``activations``: one per layer, each a name of :data:`ACTIVATIONS`,
    ``"softmax"``, or a callable applied to each entry of z(l) (for example an
    undefined ``sympy.Function("f")``, so that results hold for any activation).
    Returns ``(z, a)``, lists indexed like the book: ``z[l]`` = z(l),
    ``a[l]`` = a(l), ``z[0]`` None and ``a[0]`` = x.
    """
    if len(activations) != len(params):
        raise ValueError(
            f"{len(activations)} activations given for {len(params)} layers; give one per layer"
        )
    if x.shape != (params[0][0].cols, 1):
        raise ValueError(
            f"x has shape {x.shape} but W(1) has shape {params[0][0].shape}: "
            f"x must be a column of {params[0][0].cols} entries"
        )
    z, a = [None], [x]
    for (W, b), f in zip(params, activations, strict=True):
        z.append(W * a[-1] + b)
        if f == "softmax":
            a.append(sym_softmax(z[-1]))
        elif isinstance(f, str):
            if f not in ACTIVATIONS:
                known = ", ".join(repr(k) for k in [*ACTIVATIONS, "softmax"])
                raise ValueError(f"unknown activation {f!r}; known activations: {known}")
            a.append(z[-1].applyfunc(ACTIVATIONS[f]))
        else:
            a.append(z[-1].applyfunc(f))
    return z, a
