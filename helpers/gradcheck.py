"""Numerical gradients by central differences, and the relative error used to compare gradients.

Introduced in Chapter 1 (as the independent check on every derivative the
book computes); the numerical-differentiation chapter studies its accuracy.

The central difference (f(x + h) - f(x - h)) / (2h) has truncation error of
order h^2 and round-off error of order eps / h; h = 1e-5 balances them for
float64 well enough that a correct gradient agrees to a relative error of
about 1e-8 or better, while a wrong one (a missing factor, a missing transpose)
is off by 1e-2 or more.

Chapter 7 adds :func:`random_graph`: random computation graphs, evaluated on
any kind of number (floats, arrays, sympy symbols, the nodes of an
automatic-differentiation engine), so that two engines, sympy and central
differences can be compared on the same graphs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from ._validation import as_real_array

__all__ = [
    "RandomGraph",
    "numerical_gradient",
    "numerical_param_grads",
    "random_graph",
    "relative_error",
]


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


# --- Random computation graphs (Chapter 7) ------------------------------------------------
# Each operation takes nodes and a namespace ``fn`` providing exp, log, tanh and sigmoid.
# log, / and ** act on positive expressions only, so every graph is defined everywhere.
_UNARY = {
    "neg": lambda a, fn: -a,
    "exp": lambda a, fn: fn.exp(a * 0.3),
    "log": lambda a, fn: fn.log(a * a + 1.0),
    "tanh": lambda a, fn: fn.tanh(a),
    "sigmoid": lambda a, fn: fn.sigmoid(a),
    "sq": lambda a, fn: a**2,
    "sqrt": lambda a, fn: (a * a + 0.5) ** 0.5,
    "inv": lambda a, fn: 1.0 / (a * a + 1.0),
}
_BINARY = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a / (b * b + 1.0),
    "r+": lambda a, b: 2.0 + a,
    "r-": lambda a, b: 1.5 - b,
    "r*": lambda a, b: 0.7 * a,
    "r/": lambda a, b: 2.0 / (a * a + 1.0),
}


@dataclass(frozen=True)
class RandomGraph:
    """A computation graph: ``steps`` operations on ``n_inputs`` inputs (see random_graph)."""

    n_inputs: int
    steps: tuple  # ("u", operation, node) or ("b", operation, node, node); nodes by number

    def evaluate(self, inputs, functions):
        """The graph's output on ``inputs``, any kind of number that supports + - * / **.

        ``functions`` provides exp, log, tanh and sigmoid for those numbers (a module
        such as helpers.autodiff). Every intermediate node is added to the output,
        times 0.01, so that each one counts.
        """
        nodes = list(inputs)
        if len(nodes) != self.n_inputs:
            raise ValueError(f"this graph takes {self.n_inputs} inputs, got {len(nodes)}")
        for step in self.steps:
            if step[0] == "u":
                nodes.append(_UNARY[step[1]](nodes[step[2]], functions))
            else:
                nodes.append(_BINARY[step[1]](nodes[step[2]], nodes[step[3]]))
        out = nodes[-1]
        for node in nodes[self.n_inputs : -1]:
            out = out + 0.01 * node
        return out


def random_graph(rng, n_inputs: int, n_steps: int) -> RandomGraph:
    """A random computation graph of ``n_steps`` operations on ``n_inputs`` inputs.

    Each step applies one operation (+, -, *, /, powers, exp, log, tanh, sigmoid, with
    plain numbers on either side) to earlier nodes drawn at random, so nodes are shared.
    """
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy Generator (np.random.default_rng), got {rng!r}")
    for name, n in (("n_inputs", n_inputs), ("n_steps", n_steps)):
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
            raise ValueError(f"{name} must be a whole number >= 1, got {n!r}")
    steps = []
    for _ in range(n_steps):
        pool = n_inputs + len(steps)  # the inputs and every node made so far
        if rng.uniform() < 0.4:
            steps.append(("u", str(rng.choice(list(_UNARY))), int(rng.integers(pool))))
        else:
            op = str(rng.choice(list(_BINARY)))
            steps.append(("b", op, int(rng.integers(pool)), int(rng.integers(pool))))
    return RandomGraph(int(n_inputs), tuple(steps))
