"""Checkers for the exercises of Chapter 12, backpropagation from scratch.

The chapter is an assignment: the reader writes an L-layer network without
``helpers``, one function per step, and each step is an exercise. Each checker
runs the reader's function on fresh random networks (depths 1 to 4, square and
non-square layers, N = 1 and N > 1, sigmoid, tanh and ReLU hidden units) and
compares it with :mod:`helpers.mlp`. When the answer is off, the checker computes
what each typical slip would have produced (a missing transpose, a missing f',
a sum instead of a mean, an index off by one layer...) and names the one that
matches; when none does, it says which layer is the first to go wrong.

* 12.1 (implementation): ``init_params(sizes, rng)``, Xavier's initialisation.
* 12.2 (implementation): ``forward(params, X, activation)``: A(L) and the cache of Z and A.
* 12.3 (implementation): ``backward(params, cache, Y, activation)``: the gradients.
* 12.4 (implementation): ``grad_check(loss, params, grads, h)``: the relative error.
* 12.5 (implementation): ``sgd_epoch(params, X, Y, grad_fn, lr, batch_size, rng)``.
* 12.6 (implementation): the network trained on the digits, 95% or more on the test set.
* 12.7 (derivation): the derivative of the SiLU activation, z sigma(z).
* 12.8 (implementation): ``backward_l2``, the gradient of the structured risk.
* 12.9 (interpretation): for which hidden activations is ``mystery_backward`` right?

Every checker goes through ``_common.checker``: it never raises, and whatever
the reader's function raises or returns is reported as feedback.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import sympy as sp

from .. import mlp
from ..activations import (
    relu,
    relu_derivative,
    sigmoid,
    sigmoid_derivative,
    softmax,
    tanh,
    tanh_derivative,
)
from ..gradcheck import numerical_param_grads
from ..losses import softmax_cross_entropy
from . import correct, wrong
from ._common import (
    checker,
    choice,
    describe,
    entries,
    float_array,
    judge_expression,
    layer_pairs,
    parse_expression,
    raised_text,
    real_number,
    run_reader_function,
    unusable_function,
)

__all__ = [
    "HIDDEN_ACTIVATIONS",
    "check_backward",
    "check_backward_l2",
    "check_digits",
    "check_forward",
    "check_grad_check",
    "check_init_params",
    "check_mystery",
    "check_sgd_epoch",
    "check_silu_derivative",
    "digits_test_set",
    "ex127_symbol",
    "mystery_backward",
]

HIDDEN_ACTIVATIONS = ("sigmoid", "tanh", "relu")
_F = {"sigmoid": sigmoid, "tanh": tanh, "relu": relu}
_F_PRIME = {"sigmoid": sigmoid_derivative, "tanh": tanh_derivative, "relu": relu_derivative}


# ---------------------------------------------------------------------------
# Running the reader's code, and reading what it returns


def _count(n, noun, plural=None):
    """'1 example', '3 examples'."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


# What a shape mismatch in an element-wise operation means, by the function that raised it.
_BROADCAST_HINTS = {
    "forward": " A shape mismatch in an element-wise operation: b(l) has shape (M_l,), and "
    "numpy lines a 1-D array up with the last axis (the examples); b[:, None] is a column.",
    "backward": " A shape mismatch in an element-wise operation: in Delta(l-1) = f'(Z(l-1)) ⊙ "
    "W(l)^T Delta(l) both factors have shape (M_(l-1), N), and the gradients have the shapes "
    "of W(l) and b(l).",
    "sgd_epoch": " A shape mismatch in an element-wise operation: each step pairs W(l) with "
    "dW(l) of the same shape; grad_fn returns [(dW(1), db(1)), ..., (dW(L), db(L))], in the "
    "order of params.",
}
_MATMUL_HINT = (
    " A shape mismatch in a matrix product: W(l) is (M_l, M_(l-1)), Z(l) and Delta(l) are "
    "(M_l, N); write the shapes of each product down."
)


def _raised(what, exc, case=None, context=None):
    """What the reader's function raised, with a hint for what it usually means.

    ``context`` is the step that raised ('forward', 'backward', 'sgd_epoch'): a
    broadcasting error means something else in each.
    """
    hint = ""
    message = str(exc)
    if "could not be broadcast" in message:
        hint = _BROADCAST_HINTS.get(context, "")
    elif ("matmul" in message or "aligned" in message) and context in ("forward", "backward"):
        hint = _MATMUL_HINT
    elif context == "backward" and isinstance(exc, KeyError):
        hint = (
            " The cache backward receives holds the keys 'z' and 'a' only, the form Section "
            "12.3 specifies: compute anything else (such as f'(Z(l))) inside backward."
        )
    elif context == "backward" and "NoneType" in message:
        hint = (
            " cache['z'][0] is None: the input layer has no net input. dW(1) takes "
            "A(0) = X, and only Delta(l-1) for l > 1 takes f'(Z(l-1))."
        )
    elif context == "sgd_epoch" and isinstance(exc, IndexError):
        hint = (
            " A column number beyond the last example: the order holds the column numbers "
            "0 to N - 1 of X, order = rng.permutation(X.shape[1])."
        )
    where = f" on {case.describe()}" if case is not None else ""
    return raised_text(exc, hint, who=what + where)


def _low_precision(arrays):
    """The name of the first single- or half-precision float dtype among ``arrays``, or None."""
    for array in arrays:
        dtype = getattr(array, "dtype", None)
        if isinstance(dtype, np.dtype) and dtype.kind in "fc" and dtype.itemsize < 8:
            return dtype.name
    return None


def _precision_message(what, dtype):
    return (
        f"{what} is {dtype}, which keeps about {7 if dtype == 'float32' else 3} significant "
        "digits: compute in float64, numpy's default, which keeps about 16, as the checks "
        "(to 1e-9) and a gradient check need"
    )


def _close(x, y):
    """Same shape and the same values to rounding (NaN only where the other has NaN).

    ``y`` is the checker's array; ``x`` may be anything the reader's code left there.
    The tolerance, 1e-9 relative, is far above float64's rounding in any order of the
    same operations, and below float32's (about 1e-7): a network computed in single
    precision and converted back does not pass for a right one.
    """
    x = float_array(x)
    if x is None or y is None or x.shape != y.shape:
        return False
    scale = 1.0 + (float(np.max(np.abs(y[np.isfinite(y)]))) if np.isfinite(y).any() else 0.0)
    return bool(np.allclose(x, y, rtol=1e-9, atol=1e-10 * scale, equal_nan=True))


def _same_list(xs, ys):
    """Two lists of (dW, db) pairs (or of arrays) agree entry by entry."""
    if xs is None or ys is None or len(xs) != len(ys):
        return False
    for x, y in zip(xs, ys, strict=True):
        if isinstance(y, tuple):
            if not (isinstance(x, tuple) and len(x) == len(y)):
                return False
            if not all(_close(p, q) for p, q in zip(x, y, strict=True)):
                return False
        elif not _close(x, y):
            return False
    return True


def _copy(params):
    return [(W.copy(), b.copy()) for W, b in params]


# ---------------------------------------------------------------------------
# Fresh random networks


@dataclass
class _Case:
    params: list
    X: np.ndarray
    Y: np.ndarray
    activation: str
    lam: float = 0.0
    note: str = ""

    @property
    def L(self):
        return len(self.params)

    @property
    def N(self):
        return self.X.shape[1]

    @property
    def sizes(self):
        return [self.params[0][0].shape[1]] + [W.shape[0] for W, _ in self.params]

    @property
    def activations(self):
        return [self.activation] * (self.L - 1) + ["softmax"]

    def describe(self):
        hidden = f"{self.activation} hidden units" if self.L > 1 else "no hidden layer"
        text = f"a network with layer sizes {self.sizes}, N = {self.N}, {hidden}"
        return text + (f", {self.note}" if self.note else "")

    def cache(self):
        """A fresh copy of the cache of the forward pass, in the chapter's form."""
        _, cache = mlp.forward(self.params, self.X, self.activations)
        return {
            "z": [None] + [z.copy() for z in cache["z"][1:]],
            "a": [c.copy() for c in cache["a"]],
        }


# Square layers with N = M_l first (a missing transpose or a bias added along
# the wrong axis then runs without error, and only the values tell), then
# non-square layers, N = 1, no hidden layer at all, and each hidden activation.
_LAYOUTS = (
    ([4, 4, 4, 4], 4, "tanh"),
    ([3, 5, 5, 5, 2], 3, "sigmoid"),
    ([6, 6, 6, 3], 5, "relu"),
    ([7, 3, 6, 4], 5, "sigmoid"),
    ([5, 8, 3], 1, "relu"),
    ([4, 6, 5, 3], 2, "tanh"),
    ([6, 4], 3, "tanh"),
)


def _network(rng, sizes, N, activation, lam=0.0, note=""):
    params = [
        (rng.normal(0.0, 1.0 / np.sqrt(m_in), size=(m_out, m_in)), rng.normal(0.0, 0.5, m_out))
        for m_in, m_out in zip(sizes[:-1], sizes[1:], strict=False)
    ]
    X = rng.normal(size=(sizes[0], N))
    Y = np.eye(sizes[-1])[:, rng.integers(0, sizes[-1], size=N)]
    return _Case(params, X, Y, activation, lam, note)


def _cases(rng, lam=False):
    cases = []
    for sizes, N, activation in _LAYOUTS:
        cases.append(_network(rng, sizes, N, activation, float(rng.uniform(0.1, 0.5)) * lam))
    depth = int(rng.integers(1, 5))  # and one drawn at random
    sizes = [int(m) for m in rng.integers(1, 9, size=depth + 1)]
    sizes[-1] = max(sizes[-1], 2)
    activation = HIDDEN_ACTIVATIONS[int(rng.integers(0, 3))]
    cases.append(_network(rng, sizes, int(rng.integers(1, 7)), activation, 0.2 * lam))
    return cases


def _large_logits_case(rng):
    """Logits of a few thousand: column 0 all positive, column 1 its mirror image.

    With b(1) = 0 and tanh odd, the input -x gives a(1) = -a(1)(x); W(2) maps a(1)(x)
    to c, so z(2) is c, -c and a third column. A softmax without the shift overflows
    (exp(3000) = inf); one shifted by the maximum of the whole batch underflows
    in column 1 (every exp(z - 3000) is 0).
    """
    x0 = rng.normal(size=4)
    X = np.stack([x0, -x0, rng.normal(size=4)], axis=1)
    W1 = rng.normal(0.0, 0.5, size=(5, 4))
    a0 = np.tanh(W1 @ x0)
    c = 3000.0 * np.array([1.0, 0.5, 0.2])
    W2 = np.outer(c, a0) / (a0 @ a0)
    params = [(W1, np.zeros(5)), (W2, np.zeros(3))]
    Y = np.eye(3)[:, [0, 1, 2]]
    return _Case(params, X, Y, "tanh", note="logits of a few thousand")


# ---------------------------------------------------------------------------
# Exercise 12.1: init_params


def _xavier_variance(m_in, m_out):
    return 2.0 / (m_in + m_out)


# Typical scales, as variances of the weights, and what to say when one is used.
_INIT_SLIPS = (
    (lambda m_in, m_out: 2.0 / m_in, "that is He's scale, variance 2 / M_(l-1), made for "
     "ReLU; this step asks for Xavier's, variance 2 / (M_(l-1) + M_l)"),
    (lambda m_in, m_out: 1.0 / m_in, "that is variance 1 / M_(l-1) (LeCun's); Xavier's "
     "is 2 / (M_(l-1) + M_l), which also counts the units of layer l"),
    (lambda m_in, m_out: 6.0 / (m_in + m_out), "a normal with standard deviation "
     "r = sqrt(6 / (M_(l-1) + M_l)) has three times the variance of the uniform on [-r, r]: "
     "use the uniform, or a normal with standard deviation sqrt(2 / (M_(l-1) + M_l))"),
    (lambda m_in, m_out: (6.0 / (m_in + m_out)) ** 2 / 3, "the square root is missing: "
     "r = sqrt(6 / (M_(l-1) + M_l)), not 6 / (M_(l-1) + M_l)"),
    (lambda m_in, m_out: 1.0, "these weights have variance 1 (a standard normal): far too "
     "large, they saturate sigmoid and tanh units; Xavier's variance is 2 / (M_(l-1) + M_l)"),
    (lambda m_in, m_out: 1e-4, "these weights have standard deviation 0.01: so small that the "
     "deltas shrink layer by layer; Xavier's variance is 2 / (M_(l-1) + M_l)"),
    (lambda m_in, m_out: 2.0 / (3.0 * (m_in + m_out)), "that is the uniform on [-r, r] with "
     "r = sqrt(2 / (M_(l-1) + M_l)), Xavier's standard deviation used as the half-width: the "
     "uniform's variance is r^2 / 3, a third of that. Its half-width is "
     "r = sqrt(6 / (M_(l-1) + M_l))"),
    (lambda m_in, m_out: (2.0 / (m_in + m_out)) ** 2, "numpy's normal takes the standard "
     "deviation, not the variance: rng.normal(0, np.sqrt(2 / (M_(l-1) + M_l)), size)"),
)  # fmt: skip

_INIT_SIZES = ([5, 3], [3, 7, 7, 2], [64, 30, 10], [300, 200, 100])


def _init_params_of(fn, sizes, seed):
    result, exc = run_reader_function(fn, list(sizes), np.random.default_rng(seed))
    if exc is not None:
        return None, _raised(f"init_params({sizes}, rng)", exc)
    shapes_text = "(W(l), b(l))"
    params, problem = layer_pairs(result, len(sizes) - 1, shapes_text)
    if problem:
        if (
            isinstance(result, (list, tuple))
            and len(result) == len(sizes)
            and result[0] is not None  # layer_pairs explains a placeholder itself
        ):
            layers = _count(len(sizes) - 1, "layer")
            problem += f" (layer sizes {sizes} make {layers}: M_0 is the input)"
        return None, f"for sizes {sizes}, {problem}."
    dtype = _low_precision([p for pair in result for p in pair])
    if dtype:
        return None, f"for sizes {sizes}, {_precision_message('a parameter', dtype)}."
    for l, (W, b) in enumerate(params, start=1):
        m_in, m_out = sizes[l - 1], sizes[l]
        if W.shape == (m_in, m_out) and m_in != m_out:
            return None, (
                f"for sizes {sizes}, W({l}) has shape {W.shape}: transposed. W(l) maps "
                f"A(l-1) to Z(l) = W(l) A(l-1) + b(l), so it has shape (M_l, M_(l-1)) = "
                f"{(m_out, m_in)}."
            )
        if W.shape != (m_out, m_in):
            return (
                None,
                f"for sizes {sizes}, W({l}) has shape {W.shape}; it must be {(m_out, m_in)}.",
            )
        if b.shape == (m_out, 1):
            return None, (
                f"for sizes {sizes}, b({l}) has shape {b.shape}; the book's biases are 1-D, "
                f"shape (M_l,) = ({m_out},), as in Chapter 1."
            )
        if b.shape != (m_out,):
            return None, f"for sizes {sizes}, b({l}) has shape {b.shape}; it must be ({m_out},)."
        if not (np.isfinite(W).all() and np.isfinite(b).all()):
            return None, f"for sizes {sizes}, layer {l} holds NaN or inf."
    return params, None


@checker("12.1", "define init_params(sizes, rng).", "a function")
def check_init_params(fn, seed=None):
    """Exercise 12.1: ``init_params(sizes, rng)`` returns ``[(W(1), b(1)), ..., (W(L), b(L))]``.

    W(l) of shape (M_l, M_(l-1)) drawn from ``rng`` with mean 0 and Xavier's
    variance 2 / (M_(l-1) + M_l) (the uniform on [-r, r] with r = sqrt(6 / (M_(l-1)
    + M_l)), or a normal of that variance); b(l) = 0 of shape (M_l,).
    """
    ex = "12.1"
    feedback = unusable_function(ex, fn, "define init_params(sizes, rng).")
    if feedback:
        return feedback
    seed = int(np.random.default_rng(seed).integers(2**31))
    for sizes in _INIT_SIZES:
        params, problem = _init_params_of(fn, sizes, seed)
        if problem:
            return wrong(ex, problem)
        for l, (W, b) in enumerate(params, start=1):
            if np.any(b != 0):
                return wrong(ex, f"b({l}) is not zero: start every bias at 0 (np.zeros(M_l)).")
            if W.shape[0] > 1 and np.all(W == W[:1]):
                return wrong(
                    ex,
                    f"every row of W({l}) is the same: all units of layer {l} would compute "
                    "the same value and get the same update forever (Exercise 8.2). Draw the "
                    "weights at random.",
                )
    # The same seed must give the same network; another seed another one.
    again, _ = _init_params_of(fn, _INIT_SIZES[1], seed)
    first, _ = _init_params_of(fn, _INIT_SIZES[1], seed)
    other, _ = _init_params_of(fn, _INIT_SIZES[1], seed + 1)
    if again is None or first is None or other is None:
        return wrong(ex, "a second call with the same sizes gave no usable network.")
    if not _same_list(again, first):
        return wrong(
            ex,
            "two calls with generators of the same seed gave different weights: draw them "
            "from rng (rng.uniform, rng.normal), not from np.random, so a seed reproduces "
            "the network.",
        )
    if _same_list(first, other):
        return wrong(ex, "generators of different seeds gave the same weights: draw them from rng.")
    # The scale, on the large layers of the last network, where the sample variance is
    # accurate to about 1%.
    for l, (W, _) in enumerate(params, start=1):
        m_out, m_in = W.shape
        target = _xavier_variance(m_in, m_out)
        mean, var = float(W.mean()), float(W.var())
        if abs(mean) > 6 * np.sqrt(var / W.size) + 1e-12:
            return wrong(
                ex,
                f"the weights of W({l}) average {mean:.3g}, not 0: centre them on 0 "
                "(rng.uniform(-r, r, ...) rather than rng.random(...)).",
            )
        if abs(var / target - 1) > 0.08:
            for variance, message in _INIT_SLIPS:
                if abs(var / variance(m_in, m_out) - 1) < 0.08:
                    return wrong(ex, message + ".")
            return wrong(
                ex,
                f"W({l}) of shape {W.shape} has variance {var:.3g}; Xavier's is "
                f"2 / (M_(l-1) + M_l) = {target:.3g} (the uniform on [-r, r] with "
                "r = sqrt(6 / (M_(l-1) + M_l)) has it).",
            )
    return correct(
        ex,
        "the shapes, zero biases, mean 0 and Xavier's variance 2 / (M_(l-1) + M_l) on "
        f"{len(_INIT_SIZES)} networks, reproducible from the seed of rng.",
    )


# ---------------------------------------------------------------------------
# Exercise 12.2: forward


def _softmax_columns(z):
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


def _forward_slip(case, slip):
    """The output A(L) that the forward pass with ``slip`` gives, or None if it cannot run."""
    with np.errstate(all="ignore"):
        try:
            a = case.X
            for l, (W, b) in enumerate(case.params, start=1):
                z = (W.T if slip == "W_T" else W) @ a
                if slip == "bias_rows":
                    z = z + b[None, :]
                elif slip != "no_bias":
                    z = z + b[:, None]
                if l < case.L:
                    if slip == "no_hidden_activation":
                        a = z
                    elif slip == "softmax_hidden":
                        a = _softmax_columns(z)
                    elif isinstance(slip, tuple):
                        a = _F[slip[1]](z)
                    else:
                        a = _F[case.activation](z)
                elif slip == "softmax_rows":
                    a = np.exp(z - z.max(axis=1, keepdims=True))
                    a = a / a.sum(axis=1, keepdims=True)
                elif slip == "softmax_all":
                    a = np.exp(z - z.max())
                    a = a / a.sum()
                elif slip == "unstable":
                    a = np.exp(z) / np.exp(z).sum(axis=0, keepdims=True)
                elif slip == "global_max":
                    a = np.exp(z - z.max())
                    a = a / a.sum(axis=0, keepdims=True)
                elif slip == "hidden_at_output":
                    a = _F[case.activation](z)
                elif slip == "sigmoid_output":
                    a = sigmoid(z)
                elif slip == "linear_output":
                    a = z
                else:
                    a = softmax(z)
            return a
        except ValueError:  # shapes that do not fit: this slip cannot be what happened
            return None


_FORWARD_SLIPS = {
    "W_T": "Z(l) = W(l) A(l-1) + b(l) uses W(l) itself, which is (M_l, M_(l-1)): no "
    "transpose (yours only ran because these layers are square)",
    "bias_rows": "b(l) was added along the wrong axis: numpy lines a 1-D b up with the last "
    "axis, the examples; add b[:, None], a column, so every example gets b(l)",
    "no_bias": "the bias is missing: Z(l) = W(l) A(l-1) + b(l)",
    "no_hidden_activation": "the hidden layers' activation is missing: A(l) = f(Z(l))",
    "softmax_hidden": "the hidden layers use the activation you are given; only the output "
    "layer uses softmax",
    "softmax_rows": "softmax normalised each row; normalise each column (axis=0), one example "
    "per column",
    "softmax_all": "softmax normalised over the whole batch; normalise each column (axis=0) on "
    "its own",
    "unstable": "softmax overflowed: for logits near 3000, exp(z) is inf and inf / inf is NaN. "
    "Subtract each column's maximum before exp; the result is the same mathematically",
    "global_max": "softmax subtracted one maximum for the whole batch: a column whose logits "
    "all lie far below it underflows to 0 / 0. Subtract each column's own maximum "
    "(axis=0, keepdims=True)",
    "hidden_at_output": "the output layer applies the hidden activation; it must be softmax",
    "sigmoid_output": "the output layer applies a sigmoid; it must be softmax, whose outputs "
    "sum to 1 over the classes",
    "linear_output": "the output is Z(L); apply softmax: A(L) = softmax(Z(L))",
}


def _activation_slips(case, message):
    """The slips of using another hidden activation than the one given, and what to say."""
    for other in HIDDEN_ACTIVATIONS:
        if other != case.activation and case.L > 1:
            yield ("activation", other), message.format(other=other, given=case.activation)


def _forward_slips(case):
    yield from _activation_slips(
        case,
        "that is the forward pass with {other} hidden units; use the activation named by "
        "the argument (here {given})",
    )
    yield from _FORWARD_SLIPS.items()


def _roughly(x, y):
    """Equal to 4 significant digits or more, but not to ``_close``'s tolerance."""
    x = float_array(x)
    if x is None or y is None or x.shape != y.shape or not np.isfinite(x).all() or _close(x, y):
        return False
    scale = float(np.max(np.abs(y))) if y.size else 0.0
    return bool(np.allclose(x, y, rtol=1e-4, atol=1e-4 * scale))


def _rounding(what, pairs):
    """The message for values that agree with the right ones to a few digits only."""
    deviation = max(
        float(np.max(np.abs(float_array(x) - y))) / max(float(np.max(np.abs(y))), 1e-300)
        for x, y in pairs
    )
    digits = max(int(-np.log10(deviation)), 1) if deviation > 0 else 16
    return (
        f"{what} only to about {digits} significant digits (float64 keeps about 16): the "
        "rounding of float32 (single precision, even when converted back to float64), or "
        "a small constant added somewhere. Compute in float64, numpy's default, and add no "
        "constants"
    )


def _changed_arguments(X, params, case):
    """Which of forward's arguments (X, W(l), b(l)) it changed in place, or None."""
    if not np.array_equal(X, case.X):
        return "X"
    try:
        for l, ((W, b), (W0, b0)) in enumerate(zip(params, case.params, strict=True), start=1):
            for name, p, p0 in ((f"W({l})", W, W0), (f"b({l})", b, b0)):
                if not (isinstance(p, np.ndarray) and np.array_equal(p, p0)):
                    return name
    except (TypeError, ValueError):  # entries replaced, the list lengthened or shortened
        return "params"
    return None


def _check_forward_case(fn, case):
    X, params = case.X.copy(), _copy(case.params)
    result, exc = run_reader_function(fn, params, X, case.activation)
    if exc is not None:
        return _raised("your forward", exc, case, "forward")
    where = f"on {case.describe()}"
    changed = _changed_arguments(X, params, case)
    if changed:  # first: a changed input changes every value computed from it
        return (
            f"{where}, forward changed its argument {changed} in place (an in-place operation "
            "such as -=, *= or out= on it, or on an array that is it): compute new arrays, "
            "and leave the arguments as they were."
        )
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        return f"{where}, forward returned {describe(result)}; return the pair (A(L), cache)."
    A, cache = float_array(result[0]), result[1]
    ref_A, ref_cache = mlp.forward(case.params, case.X, case.activations)
    if A is None:
        return f"{where}, the first item returned is not an array of numbers; it must be A(L)."
    cached = [x for key in ("z", "a") for x in _entries_of(cache, key)]
    for what, arrays in (("A(L)", [result[0]]), ("an array of your cache", cached)):
        dtype = _low_precision(arrays)
        if dtype:
            return f"{where}, {_precision_message(what, dtype)}."
    if A.shape == ref_A.T.shape and A.shape != ref_A.shape:
        return (
            f"{where}, A(L) has shape {A.shape}: one example per column, so it must be "
            f"(M_L, N) = {ref_A.shape}."
        )
    if A.shape == ref_A.shape and not _close(A, ref_A) and _close(A.T, ref_A):
        return f"{where}, A(L) is transposed: one example per column, A(L) of shape (M_L, N)."
    if not _close(A, ref_A):
        for slip, message in _forward_slips(case):
            if _close(A, _forward_slip(case, slip)):
                return f"{where}: {message}."
        if A.shape != ref_A.shape:
            return f"{where}, A(L) has shape {A.shape}; it must be (M_L, N) = {ref_A.shape}."
        if not np.isfinite(A).all():
            return f"{where}, A(L) contains NaN or inf."
        if _roughly(A, ref_A):
            return f"{where}, {_rounding('A(L) agrees with the right values', [(A, ref_A)])}."
        return f"{where}, A(L) is not softmax(Z(L)); " + _first_wrong_layer(cache, ref_cache)
    problem = _cache_problem(cache, ref_cache, case)
    if problem:
        return f"{where}, {problem}"
    return None


def _entries_of(cache, key):
    """The entries of cache[key] if the cache is a dict of lists, else nothing."""
    if isinstance(cache, dict) and isinstance(cache.get(key), (list, tuple)):
        return list(cache[key])
    return []


def _first_wrong_layer(cache, ref_cache):
    """Where the cache first departs from the right one, if the cache can tell."""
    try:
        zs, as_ = cache["z"], cache["a"]
        for l in range(1, len(ref_cache["z"])):
            if not _close(float_array(zs[l]), ref_cache["z"][l]):
                return (
                    f"the first wrong value is Z({l}): check Z({l}) = W({l}) A({l - 1}) + b({l})."
                )
            if not _close(float_array(as_[l]), ref_cache["a"][l]):
                return f"Z({l}) is right but A({l}) is not: check the activation of layer {l}."
    except Exception:  # a cache of another form: nothing more to say
        pass
    return "check each layer: Z(l) = W(l) A(l-1) + b(l), A(l) = f(Z(l)), softmax at the output."


def _cache_problem(cache, ref_cache, case):
    L = case.L
    if isinstance(cache, (tuple, list)) and len(cache) == 2:
        return (
            "the cache is a pair; make it a dict {'z': zs, 'a': as_}, the form backward receives."
        )
    if not isinstance(cache, dict) or "z" not in cache or "a" not in cache:
        return "the cache must be a dict with the keys 'z' and 'a'."
    zs, as_ = cache["z"], cache["a"]
    for key, seq in (("z", zs), ("a", as_)):
        if not isinstance(seq, (list, tuple)):
            return f"cache['{key}'] must be a list, indexed by layer."
        if len(seq) == L:
            return (
                f"cache['{key}'] has L = {L} {'entry' if L == 1 else 'entries'}; index it like "
                f"the book, cache['{key}'][l] for layer l, so it has L + 1 entries: "
                + ("None" if key == "z" else "X")
                + " at index 0."
            )
        if len(seq) != L + 1:
            entries = _count(len(seq), "entry", "entries")
            return f"cache['{key}'] has {entries}; it needs L + 1 = {L + 1}."
    if not _close(float_array(as_[0]), case.X):
        return "cache['a'][0] must be A(0) = X, the input."
    for l in range(1, L + 1):
        z, a, ref_z = float_array(zs[l]), float_array(as_[l]), ref_cache["z"][l]
        if not _close(z, ref_z):
            if _close(z, ref_cache["a"][l]):
                return f"cache['z'][{l}] holds A({l}): store Z({l}) before applying f."
            shifted = (ref_z - ref_z.max(axis=0, keepdims=True), ref_z - ref_z.max())
            if l == L and any(_close(z, s) for s in shifted):
                return (
                    f"cache['z'][{l}] holds Z({l}) minus its maximum: your softmax shifted "
                    "Z(L) in place (z -= z.max(...)), and so changed the array the cache keeps. "
                    "Shift into a new array: z - z.max(axis=0, keepdims=True)."
                )
            return f"cache['z'][{l}] is not Z({l}) = W({l}) A({l - 1}) + b({l})."
        if not _close(a, ref_cache["a"][l]):
            if _close(a, ref_cache["z"][l]):
                return f"cache['a'][{l}] holds Z({l}): store A({l}) = f(Z({l}))."
            return f"cache['a'][{l}] is not A({l})."
    return None


@checker("12.2", "define forward(params, X, activation).", "a function")
def check_forward(fn, seed=None):
    """Exercise 12.2: ``forward(params, X, activation)`` returns ``(A(L), cache)``.

    Hidden layers use ``activation`` ('sigmoid', 'tanh' or 'relu'), the output
    layer softmax (stable for large logits); ``cache = {"z": zs, "a": as_}`` with
    ``zs[l]`` = Z(l) and ``as_[l]`` = A(l) for l = 1 .. L, ``zs[0] = None`` and
    ``as_[0] = X``. X and params are left as they were.
    """
    ex = "12.2"
    feedback = unusable_function(ex, fn, "define forward(params, X, activation).")
    if feedback:
        return feedback
    rng = np.random.default_rng(seed)
    for case in [*_cases(rng), _large_logits_case(rng)]:
        problem = _check_forward_case(fn, case)
        if problem:
            return wrong(ex, problem)
    return correct(
        ex,
        "A(L) and the cache of Z and A agree with helpers.mlp on fresh networks of 1 to 4 "
        "layers, square and not, N = 1 and more, sigmoid, tanh and ReLU hidden units, and "
        "softmax stays finite for logits of a few thousand.",
    )


# ---------------------------------------------------------------------------
# Exercise 12.3 (and 12.8): backward


def _backward_slip(case, slip):
    """The gradients that the backward pass with ``slip`` gives, or None if it cannot run."""
    cache = mlp.forward(case.params, case.X, case.activations)[1]
    z, a, Y, L, N, lam = cache["z"], cache["a"], case.Y, case.L, case.N, case.lam
    divisor = {"N_classes": case.sizes[-1], "N_inputs": case.sizes[0]}.get(slip, N)
    f_prime = _F_PRIME[slip[1] if isinstance(slip, tuple) else case.activation]
    with np.errstate(all="ignore"):
        try:
            delta = Y - a[L] if slip == "sign" else a[L] - Y
            if slip == "output_f_prime":
                delta = delta * a[L] * (1 - a[L])
            grads = [None] * L
            for l in range(L, 0, -1):
                W, b = case.params[l - 1]
                below = a[l - 1]
                if slip == "a_same_layer":
                    below = a[l]
                elif slip == "z_for_a" and l > 1:
                    below = z[l - 1]
                dW = delta @ (below if slip == "a_not_transposed" else below.T)
                db = delta.sum(axis=0 if slip == "db_axis0" else 1)
                if slip not in ("sum", "sum_dW"):
                    dW = dW / divisor
                if slip not in ("sum", "sum_db"):
                    db = db / divisor
                if slip == "dW_transposed":
                    dW = dW.T
                dW = dW + _l2_term(slip, lam, W, N)
                if slip == "l2_bias":
                    db = db + lam * b
                grads[l - 1] = (dW, db)
                if l > 1:
                    W_back = case.params[l - 2][0] if slip == "W_below" else W
                    back = (W_back if slip == "no_transpose" else W_back.T) @ delta
                    if slip == "no_f_prime":
                        delta = back
                    elif slip == "f_prime_of_a":
                        delta = f_prime(a[l - 1]) * back
                    elif slip == "f_prime_same_layer":
                        delta = f_prime(z[l]) * back
                    else:
                        delta = f_prime(z[l - 1]) * back
            return grads[::-1] if slip == "reversed" else grads
        except ValueError:  # shapes that do not fit: this slip cannot be what happened
            return None


def _l2_term(slip, lam, W, N):
    factor = {"no_l2": 0.0, "l2_double": 2.0, "l2_half": 0.5, "l2_over_N": 1.0 / N, "l2_sign": -1.0}
    return factor.get(slip, 1.0) * lam * W


_BACKWARD_SLIPS = {
    "no_transpose": "Delta(l-1) needs W(l)^T Delta(l), not W(l) Delta(l): W(l) maps layer l-1 "
    "to layer l, so going back takes its transpose (yours only ran because these layers "
    "are square)",
    "no_f_prime": "the factor f'(Z(l-1)) is missing: Delta(l-1) = f'(Z(l-1)) ⊙ W(l)^T Delta(l)",
    "f_prime_of_a": "f' was applied to A(l-1) instead of Z(l-1): f'(a) is not f'(z) "
    "(for the sigmoid, f'(z) = a (1 - a) in terms of a)",
    "f_prime_same_layer": "off by one layer: Delta(l-1) takes f'(Z(l-1)), the net input of "
    "layer l-1, not f'(Z(l))",
    "a_same_layer": "off by one layer: dW(l) = Delta(l) A(l-1)^T / N takes the activations of "
    "the layer below, A(l-1), not A(l)",
    "W_below": "off by one layer: Delta(l-1) = f'(Z(l-1)) ⊙ W(l)^T Delta(l) takes W(l), the "
    "weights between layers l-1 and l, not W(l-1)",
    "sum": "that is N times the gradient: the loss is the mean over the N examples, so divide "
    "dW and db by N",
    "sum_dW": "dW is N times too large: divide Delta(l) A(l-1)^T by N, as you did for db",
    "sum_db": "db is N times too large: it is the mean of Delta(l) over the examples, not the sum",
    "sign": "the sign is flipped: Delta(L) = A(L) - Y, the prediction minus the target",
    "output_f_prime": "with softmax and cross-entropy, Delta(L) = A(L) - Y already includes the "
    "softmax's derivative: do not multiply by a (1 - a) again",
    "dW_transposed": "dW(l) is transposed: Delta(l) A(l-1)^T has W(l)'s shape (M_l, M_(l-1))",
    "reversed": "your list runs from layer L down to layer 1: grads[0] must be layer 1's "
    "(dW(1), db(1)); reverse the list, or fill it by index",
    "N_classes": "dW and db were divided by M_L = Y.shape[0] (len(Y)), the number of classes; "
    "N is the number of examples, Y.shape[1]: one example per column",
    "N_inputs": "dW and db were divided by M_0 = len(X), the number of rows of A(0) = X (the "
    "inputs); N is the number of examples, Y.shape[1]: one example per column",
    "a_not_transposed": "dW(l) = Delta(l) A(l-1)^T / N: the transpose of A(l-1) is missing "
    "(yours only ran because here N equals M_(l-1))",
    "z_for_a": "dW(l) takes the activations of the layer below, A(l-1), not its net inputs "
    "Z(l-1): dW(l) = Delta(l) A(l-1)^T / N",
    "db_axis0": "db(l) summed over the units (axis=0); it is the mean over the examples, "
    "Delta(l).sum(axis=1) / N, one entry per unit",
}

_L2_SLIPS = {
    "no_l2": "the penalty's gradient is missing: add lam W(l) to each dW(l)",
    "l2_bias": "the biases are not penalised: add lam W(l) to dW(l), but nothing to db(l)",
    "l2_double": "the gradient of (lam/2) ||W||^2 is lam W, not 2 lam W: the 1/2 cancels the 2",
    "l2_half": "the gradient of (lam/2) ||W||^2 is lam W, not lam W / 2: the derivative of "
    "w^2 is 2w",
    "l2_over_N": "the penalty is added once to the mean loss, not once per example: lam W(l), "
    "not lam W(l) / N",
    "l2_sign": "the penalty's gradient is + lam W(l): the penalty grows with the weights",
}

# Penalty terms dW(l) - (gradient of the mean loss) that are not lam W(l): (term, message).
_PENALTY_TERMS = (
    (lambda lam, W: lam * W**2, "the penalty term of dW(l) is lam W(l)^2, squared entry by "
     "entry: the derivative of (lam/2) w^2 is lam w, so the term is lam W(l)"),
    (lambda lam, W: np.full_like(W, lam * W.sum()), "the penalty term of dW(l) is lam times the "
     "sum of W(l)'s entries, one number added to every entry: the gradient of "
     "(lam/2) ||W(l)||^2 is lam W(l), entry by entry"),
    (lambda lam, W: np.full_like(W, lam / 2 * np.sum(W**2)), "the penalty term of dW(l) is the "
     "penalty itself, (lam/2) ||W(l)||^2, added to every entry: dW(l) gains its gradient, "
     "lam W(l)"),
    (lambda lam, W: lam * np.sign(W), "the penalty term of dW(l) is lam sign(W(l)), the gradient "
     "of an L1 penalty lam ||W||_1; the L2 penalty (lam/2) ||W(l)||^2 has the gradient lam W(l)"),
    (lambda lam, W: lam * W.T, "the penalty term of dW(l) is lam W(l)^T: it has W(l)'s own "
     "layout, lam W(l) (yours only ran because these layers are square)"),
)  # fmt: skip


def _backward_slips(case):
    if case.lam:
        yield from _L2_SLIPS.items()
    yield from _activation_slips(
        case,
        "that is the derivative of {other}, but the hidden units here are {given}: use the "
        "derivative of the activation you are given",
    )
    yield from _BACKWARD_SLIPS.items()


def _grads_problem(grads, ref, lam):
    """Shapes that betray a slip, or the first layer (from the top) that is wrong."""
    L = len(ref)
    shapes = [(dW.shape, db.shape) for dW, db in grads]
    ref_shapes = [(dW.shape, db.shape) for dW, db in ref]
    if shapes != ref_shapes and shapes == ref_shapes[::-1]:
        return _BACKWARD_SLIPS["reversed"]
    for l in range(L, 0, -1):
        (dW, db), (rdW, rdb) = grads[l - 1], ref[l - 1]
        if dW.shape != rdW.shape:
            if dW.shape == rdW.T.shape:
                return f"dW({l}) has shape {dW.shape}: " + _BACKWARD_SLIPS["dW_transposed"]
            return f"dW({l}) has shape {dW.shape}; it must have W({l})'s shape {rdW.shape}"
        if db.shape != rdb.shape:
            M = rdb.shape[0]
            if db.ndim == 2 and db.shape == (M, 1):
                return (
                    f"db({l}) has shape {db.shape}; b({l}) has shape {rdb.shape}: sum over "
                    "axis=1 without keepdims (a column would make b - lr db a matrix)"
                )
            if db.ndim == 2 and db.shape[0] == M:
                return (
                    f"db({l}) has shape {db.shape}, one column per example: average "
                    f"Delta({l}) over the examples (axis=1) to get b({l})'s shape {rdb.shape}"
                )
            if db.ndim == 1:
                return (
                    f"db({l}) has shape {db.shape}: you summed over the units (axis=0); "
                    f"average over the examples, axis=1, for b({l})'s shape {rdb.shape}"
                )
            return f"db({l}) has shape {db.shape}; it must have b({l})'s shape {rdb.shape}"
    penalty = ", plus lam W(L)" if lam else ""
    for l in range(L, 0, -1):
        (dW, db), (rdW, rdb) = grads[l - 1], ref[l - 1]
        parts = [name for name, x, y in ((f"dW({l})", dW, rdW), (f"db({l})", db, rdb))
                 if not _close(x, y)]  # fmt: skip
        if parts:
            wrong_part = " and ".join(parts)
            verb = "are" if len(parts) > 1 else "is"
            if l == L:
                return (
                    f"already {wrong_part} of the output layer {verb} off: Delta(L) = A(L) - Y, "
                    f"dW(L) = Delta(L) A(L-1)^T / N{penalty}, db(L) = the mean of Delta(L) over "
                    "the examples"
                )
            return (
                f"layers {l + 1} to L are right but {wrong_part} {verb} not: look at "
                f"Delta({l}) = f'(Z({l})) ⊙ W({l + 1})^T Delta({l + 1}) and at layer {l}'s "
                "gradients"
            )
    return "the gradients differ from the right ones"


def _penalty_problem(fn, case, grads):
    """12.8: what is off in the penalty term, when that is what is off; else None.

    Every db(l) right, some dW(l) not: the reader's penalty term, dW(l) minus the
    gradient of the mean loss, is compared with lam W(l) and with typical wrong
    terms, after checking that it is one: the same on other examples (a penalty
    term depends on the weights alone; a wrong data term does not).
    """
    plain = mlp.loss_and_grads(case.params, case.X, case.Y, case.activations, "cross_entropy")[1]
    ref = [(dW + case.lam * W, db) for (dW, db), (W, _) in zip(plain, case.params, strict=True)]
    if not all(_close(db, rdb) for (_, db), (_, rdb) in zip(grads, ref, strict=True)):
        return None
    other = _Case(case.params, 0.5 - case.X[:, ::-1], case.Y[:, ::-1], case.activation, case.lam)
    result, exc = run_reader_function(
        fn, _copy(other.params), other.cache(), other.Y.copy(), other.activation, other.lam
    )
    grads_other, problem = layer_pairs(result, case.L, "") if exc is None else (None, "raised")
    if problem:
        return None
    plain_other = mlp.loss_and_grads(
        other.params, other.X, other.Y, other.activations, "cross_entropy"
    )[1]
    terms = [dW - p for (dW, _), (p, _) in zip(grads, plain, strict=True)]
    terms_other = [dW - p for (dW, _), (p, _) in zip(grads_other, plain_other, strict=True)]
    if not all(_close(t, u) for t, u in zip(terms, terms_other, strict=True)):
        return None  # the difference depends on the examples: not the penalty term
    lam, weights = case.lam, [W for W, _ in case.params]
    off = [l for l, (t, W) in enumerate(zip(terms, weights, strict=True), 1)
           if not _close(t, lam * W)]  # fmt: skip
    if not off:
        return None
    if all(_close(terms[l - 1], np.zeros_like(weights[l - 1])) for l in off):
        names = [f"dW({l})" for l in off]
        which = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        return (
            f"{which} {'lack' if len(off) > 1 else 'lacks'} the penalty term: every layer's "
            "weights are penalised, (lam/2) sum_l ||W(l)||^2, so every dW(l) gains lam W(l)"
        )
    for term, message in _PENALTY_TERMS:
        with np.errstate(all="ignore"):
            if all(_close(terms[l - 1], term(lam, weights[l - 1])) for l in off):
                return message
    return (
        f"the penalty term of dW({off[0]}), dW({off[0]}) minus the gradient of the mean loss, "
        f"is off; it is lam W({off[0]})"
    )


def _changed_backward_argument(params, cache, Y, case):
    """Which argument backward changed in place (a phrase), or None."""
    if not np.array_equal(Y, case.Y):
        return "its argument Y in place"
    if not _same_list(params, case.params):
        return "the parameters in place"
    kept = case.cache()
    try:
        for key, start in (("a", 0), ("z", 1)):
            for l in range(start, case.L + 1):
                if not _close(cache[key][l], kept[key][l]):
                    if key == "a" and l == case.L and _close(cache[key][l], kept["a"][l] - case.Y):
                        return (
                            "cache['a'][L] in place: it now holds A(L) - Y (delta = "
                            "cache['a'][L] followed by delta -= Y does that: both names are one "
                            "array). Write delta = A(L) - Y, which makes a new array"
                        )
                    return f"cache['{key}'][{l}] in place"
    except Exception:  # keys deleted, lists replaced or shortened: changed, too
        return "the cache in place"
    return None


def _check_backward_case(fn, case, name):
    params, cache, Y = _copy(case.params), case.cache(), case.Y.copy()
    args = (params, cache, Y, case.activation) + ((case.lam,) if case.lam else ())
    result, exc = run_reader_function(fn, *args)
    if exc is not None:
        return _raised(f"your {name}", exc, case, "backward")
    where = f"on {case.describe()}" + (f", lam = {case.lam:.2f}" if case.lam else "")
    changed = _changed_backward_argument(params, cache, Y, case)
    if changed:  # first: a changed input changes every value computed from it
        return f"{where}, {name} changed {changed}; {name} must leave its arguments as they were."
    first = float_array(result[0]) if isinstance(result, tuple) and len(result) == 2 else None
    if first is not None and first.ndim == 0:
        return f"{where}, {name} returned a pair (a number, ...); return only the gradients."
    grads, problem = layer_pairs(result, case.L, "(dW(l), db(l))")
    if problem:
        return f"{where}, {problem}."
    dtype = _low_precision([p for pair in result for p in pair])
    if dtype:
        return f"{where}, {_precision_message('a gradient', dtype)}."
    ref_cache = mlp.forward(case.params, case.X, case.activations)[1]
    ref = mlp.backward(case.params, ref_cache, case.Y, "cross_entropy", l2=case.lam)[1]
    if not _same_list(grads, ref):
        for slip, message in _backward_slips(case):
            if _same_list(grads, _backward_slip(case, slip)):
                return f"{where}: {message}."
        problem = _penalty_problem(fn, case, grads) if case.lam else None
        if problem:
            return f"{where}: {problem}."
        pairs = [(x, y) for pair, ref_pair in zip(grads, ref, strict=True)
                 for x, y in zip(pair, ref_pair, strict=True)]  # fmt: skip
        if all(_roughly(x, y) or _close(x, y) for x, y in pairs):
            return f"{where}, {_rounding('the gradients agree with the right ones', pairs)}."
        return f"{where}: {_grads_problem(grads, ref, case.lam)}."
    return None


def _check_backward(ex, fn, name, seed, lam):
    hint = f"define {name}(params, cache, Y, activation{', lam' if lam else ''})."
    feedback = unusable_function(ex, fn, hint)
    if feedback:
        return feedback
    for case in _cases(np.random.default_rng(seed), lam=lam):
        problem = _check_backward_case(fn, case, name)
        if problem:
            return wrong(ex, problem)
    return None


@checker("12.3", "define backward(params, cache, Y, activation).", "a function")
def check_backward(fn, seed=None):
    """Exercise 12.3: ``backward(params, cache, Y, activation)`` returns the gradients.

    ``[(dR/dW(1), dR/db(1)), ..., (dR/dW(L), dR/db(L))]`` of the mean over the N
    examples of the cross-entropy of the softmax output, with the shapes of W(l), b(l).
    """
    ex = "12.3"
    feedback = _check_backward(ex, fn, "backward", seed, lam=False)
    return feedback or correct(
        ex,
        "the gradients agree with helpers.mlp on fresh networks of 1 to 4 layers, square and "
        "not, N = 1 and more, with sigmoid, tanh and ReLU hidden units.",
    )


@checker("12.8", "define backward_l2(params, cache, Y, activation, lam).", "a function")
def check_backward_l2(fn, seed=None):
    """Exercise 12.8: ``backward_l2(params, cache, Y, activation, lam)``, with the L2 penalty.

    The gradients of R = mean cross-entropy + (lam/2) sum_l ||W(l)||_F^2 (biases not penalised).
    """
    ex = "12.8"
    feedback = _check_backward(ex, fn, "backward_l2", seed, lam=True)
    return feedback or correct(
        ex,
        "dW(l) gains lam W(l) and db(l) nothing, on fresh networks of every depth and "
        "activation, as helpers.mlp computes it.",
    )


# ---------------------------------------------------------------------------
# Exercise 12.4: grad_check


def _loss_function(case):
    """loss(params): the mean cross-entropy of the case's network, for any params of its shapes."""
    fs = mlp._check_activations(case.activations, case.L)

    def loss(params):
        z, _ = mlp._forward(mlp._check_params(params), case.X, fs)
        return float(np.mean(softmax_cross_entropy(z[-1], case.Y)))

    return loss


def _flat(pairs):
    return np.concatenate([np.ravel(p) for pair in pairs for p in pair])


def _numerical(loss, params, h, scheme):
    """Finite differences of ``loss`` over every entry, flat: 'central', 'forward' or 'by_h'."""
    theta = _flat(params)
    shapes = [p.shape for pair in params for p in pair]
    cuts = np.cumsum([int(np.prod(s)) for s in shapes])[:-1]

    def at(vector):
        parts = [part.reshape(s) for part, s in zip(np.split(vector, cuts), shapes, strict=True)]
        return loss([tuple(parts[i : i + 2]) for i in range(0, len(parts), 2)])

    grad = np.zeros_like(theta)
    for i in range(theta.size):
        step = np.zeros_like(theta)
        step[i] = h
        if scheme == "forward":
            grad[i] = (at(theta + step) - at(theta)) / h
        else:
            grad[i] = (at(theta + step) - at(theta - step)) / (h if scheme == "by_h" else 2 * h)
    return grad


def _grad_check_variants(case, grads, h):
    """The accepted values, and what typical slips return: (a function giving it, message)."""
    loss = _loss_function(case)
    numeric = numerical_param_grads(loss, case.params, h)
    g, n = _flat(grads), _flat(numeric)
    is_weight = np.concatenate(
        [np.full(np.size(p), k == 0) for pair in grads for k, p in enumerate(pair)]
    )
    n_layer1 = sum(np.size(p) for p in grads[0])

    def book(a, b):
        scale = max(np.linalg.norm(a), np.linalg.norm(b))
        return float(np.linalg.norm(a - b) / scale) if scale else 0.0

    def per_layer():
        return max(book(_flat([gl]), _flat([nl])) for gl, nl in zip(grads, numeric, strict=True))

    def per_array():
        return max(
            book(np.ravel(p), np.ravel(q))
            for gl, nl in zip(grads, numeric, strict=True)
            for p, q in zip(gl, nl, strict=True)
        )

    with np.errstate(all="ignore"):
        entrywise = np.abs(g - n) / np.maximum(np.abs(g), np.abs(n))
    accepted = [
        book(g, n),
        float(np.linalg.norm(g - n) / (np.linalg.norm(g) + np.linalg.norm(n))),
        float(np.linalg.norm(g - n) / np.linalg.norm(n)),
        float(np.linalg.norm(g - n) / np.linalg.norm(g)),
    ]
    slips = [
        (lambda: book(g, _numerical(loss, case.params, h, "forward")), "that is what the forward "
         "difference (f(x + h) - f(x)) / h gives: its error of order h shows; use the central "
         "difference (f(x + h) - f(x - h)) / (2h)"),
        (lambda: book(g, _numerical(loss, case.params, h, "by_h")), "the central difference "
         "divides by 2h, the distance between x - h and x + h, not by h"),
        (lambda: book(g[is_weight], n[is_weight]), "the biases were left out: the check must cover "
         "every parameter, b(l) as well as W(l)"),
        (per_layer, "that is the largest of the relative errors of each layer (Chapter 5 checks "
         "layer by layer to find where a bug is); this function returns one relative error over "
         "all entries together: g stacks every entry of every W(l) and b(l)"),
        (per_array, "that is the largest of the relative errors of each W(l) and each b(l) on "
         "its own; this function returns one relative error over all entries together: g "
         "stacks every entry of every W(l) and b(l)"),
        (lambda: book(g[:n_layer1], n[:n_layer1]), "that is the relative error of layer 1's "
         "entries alone: cover every layer"),
        (lambda: book(g[n_layer1:], n[n_layer1:]), "layer 1 was left out: cover every layer"),
        (lambda: float(np.nan_to_num(entrywise).max()), "that is the largest entry-wise relative "
         "error; the chapter's is norm-wise, ||g - g_num|| / max(||g||, ||g_num||): entries near "
         "0 have no meaningful relative error"),
        (lambda: 1.0, "the numerical gradient came out zero: perturb the very arrays that "
         "loss(params) reads (in place, W[i] += h, then restore), not a copy of them"),
        (lambda: float(np.linalg.norm(g - n)), "that is the absolute error ||g - g_num||; "
         "divide it by max(||g||, ||g_num||) to make it relative"),
    ]  # fmt: skip
    return accepted, slips


def _same_error(value, reference):
    """Two relative errors agree: to 1e-5, or both at the level of rounding noise.

    Noise-level values (below 1e-7) agree within a factor of 100, and 0 agrees
    only with 0: a function that always returns 0 is not a slip that leaves some
    parameters out.
    """
    if reference < 1e-7:
        return reference / 100 <= value <= 100 * reference and value < 1e-7
    return abs(value - reference) <= 1e-5 * reference


def _passes(value, accepted):
    """The value is a right answer: below 1e-7 for right gradients, else one of the accepted."""
    if accepted[0] < 1e-7:  # right gradients: any value below the threshold will do
        return value < 1e-7
    return any(abs(value - a) <= 1e-4 * a for a in accepted)


def _grad_check_cases(rng):
    """Right gradients; gradients without f' (layer 1 wrong); a bias gradient a little off."""
    right = _network(rng, [3, 4, 2], 5, "tanh")
    without_f_prime = _network(rng, [4, 3, 3], 4, "sigmoid")
    biased = _network(rng, [2, 3, 2], 6, "relu")
    for _ in range(100):  # every ReLU unit active somewhere: no layer's gradient is all 0
        if (mlp.forward(biased.params, biased.X, biased.activations)[1]["z"][1] > 0).any(1).all():
            break
        biased = _network(rng, [2, 3, 2], 6, "relu")
    ref = mlp.loss_and_grads(biased.params, biased.X, biased.Y, biased.activations, "cross_entropy")
    (dW1, db1), (dW2, db2) = ref[1]
    off_bias = [
        (dW1, db1),
        (dW2, db2 + 0.05 * np.linalg.norm(_flat(ref[1])) * np.array([1.0, -1.0])),
    ]
    return [
        (right, _backward_slip(right, None), "right gradients"),
        (without_f_prime, _backward_slip(without_f_prime, "no_f_prime"), "gradients without f'"),
        (biased, off_bias, "gradients with db(2) a little off"),
    ]


def _run_grad_check(fn, case, grads, h, where):
    """The value the reader's grad_check returns, or (None, what is wrong with the run)."""
    params, given = _copy(case.params), _copy(grads)
    result, exc = run_reader_function(fn, _loss_function(case), params, given, h)
    if exc is not None:
        return None, _raised("your grad_check", exc) + f" (It was {where}.)"
    if isinstance(result, (bool, np.bool_)) or getattr(result, "dtype", None) == np.bool_:
        return None, (
            f"{where}, grad_check returned {describe(result)}: return the relative error "
            "itself, a number, not whether it passes a threshold."
        )
    value = float_array(result)
    if value is None or value.size != 1:
        return None, f"{where}, grad_check returned {describe(result)}; return one number."
    value = float(value.ravel()[0])
    if not np.isfinite(value):
        return None, f"{where}, grad_check returned {value}."
    try:
        changed = not all(
            np.allclose(float_array(p), q, rtol=1e-12, atol=1e-15)
            for pair, ref_pair in zip(params, case.params, strict=True)
            for p, q in zip(pair, ref_pair, strict=True)
        )
    except Exception:  # entries replaced by something else, or the list changed length
        changed = True
    if changed:
        return (
            None,
            f"{where}, grad_check left params changed: restore each entry after perturbing it.",
        )
    if not _same_list(given, grads):
        return None, f"{where}, grad_check changed the gradients it was given."
    if value < 0:
        return None, f"{where}, grad_check returned {value:.3g}; a relative error is >= 0."
    return value, None


@checker("12.4", "define grad_check(loss, params, grads, h=1e-5).", "a function")
def check_grad_check(fn, seed=None):
    """Exercise 12.4: ``grad_check(loss, params, grads, h)`` returns the relative error.

    ``||g - g_num|| / max(||g||, ||g_num||)`` over every entry of every W(l) and
    b(l) together, g_num by central differences of ``loss(params)`` with step h.
    The denominators ``||g|| + ||g_num||``, ``||g||`` and ``||g_num||`` are accepted too.

    A wrong value is diagnosed on all three cases together: the slip named is one
    that gives the reader's value wherever that value is wrong, and a passing value
    wherever it passes (two slips that agree on one case differ on another).
    """
    ex = "12.4"
    feedback = unusable_function(ex, fn, "define grad_check(loss, params, grads, h=1e-5).")
    if feedback:
        return feedback
    h = 1e-5
    runs = []
    for case, grads, what in _grad_check_cases(np.random.default_rng(seed)):
        where = f"with {what} on {case.describe()}"
        value, problem = _run_grad_check(fn, case, grads, h, where)
        if problem and not any(not _passes(run[1], run[2]) for run in runs):
            return wrong(ex, problem)
        if problem:  # an earlier value was already wrong: diagnose that one
            break
        accepted, slips = _grad_check_variants(case, grads, h)
        messages = [message for _, message in slips]  # the same slips, in the same order
        runs.append((where, value, accepted, [functools.cache(f) for f, _ in slips]))
    failed = [run for run in runs if not _passes(run[1], run[2])]
    if not failed:
        return correct(
            ex,
            "below 1e-7 for right gradients, and the right relative error for gradients with "
            "a missing f' and with one bias gradient a little off, leaving params as they were.",
        )

    def explains(k, run):
        _, value, accepted, slip_values = run
        v = slip_values[k]()  # a slip that gives the right value here cannot be told apart
        if _passes(value, accepted):
            return _passes(v, accepted)
        return not _same_error(accepted[0], v) and _same_error(value, v)

    where, value, accepted, _ = failed[0]
    for k, message in enumerate(messages):  # a slip that explains every case
        if all(explains(k, run) for run in runs):
            return wrong(ex, f"{where}: {message}.")
    for k, message in enumerate(messages):  # else one that explains the first wrong value
        if explains(k, failed[0]):
            return wrong(ex, f"{where}: {message}.")
    return wrong(
        ex,
        f"{where}, grad_check returned {value:.3g}; the relative error is {accepted[0]:.3g}. "
        "Compute g_num entry by entry with central differences, then "
        "||g - g_num|| / max(||g||, ||g_num||) over all entries together.",
    )


# ---------------------------------------------------------------------------
# Exercise 12.5: sgd_epoch


class _Stop(Exception):
    """Raised by the spy to stop the reader's epoch when it was called wrongly."""


class _Spy:
    """A grad_fn that records what sgd_epoch asks it, and returns the right gradients.

    The labels are the example numbers (two more classes than examples), so every column
    of X and of Y tells which example it is.
    """

    def __init__(self, case):
        self.case = case
        self.index = {case.X[:, n].tobytes(): n for n in range(case.N)}
        self.calls = []  # (params seen, example numbers of X_batch, of Y_batch)
        self.problem = None
        self.empty = False  # whether it was stopped by an empty minibatch

    def stop(self, problem):
        self.problem = self.problem or problem
        raise _Stop(problem)

    def __call__(self, params, X_batch, Y_batch):
        case, shapes = self.case, [(W.shape, b.shape) for W, b in self.case.params]
        seen, problem = layer_pairs(params, case.L, "(W(l), b(l))")
        if problem or [(W.shape, b.shape) for W, b in seen] != shapes:
            self.stop("grad_fn received parameters of another form than the ones sgd_epoch got")
        dtype = _low_precision([p for pair in params for p in pair])
        if dtype:
            self.stop(_precision_message("a parameter grad_fn received", dtype))
        Xb, Yb = float_array(X_batch), float_array(Y_batch)
        M_0, K = case.X.shape[0], case.Y.shape[0]
        if Xb is not None and Xb.shape == (M_0, 0):
            self.empty = True
            self.stop(
                f"grad_fn received an empty minibatch, X_batch of shape {Xb.shape}: cut the "
                "order into minibatches, for start in range(0, N, batch_size), with the order "
                "drawn over all N = X.shape[1] columns"
            )
        for name, arr, rows in (("X_batch", Xb, M_0), ("Y_batch", Yb, K)):
            if arr is None or arr.ndim != 2 or arr.shape[0] != rows or arr.shape[1] < 1:
                shape = None if arr is None else arr.shape
                self.stop(
                    f"grad_fn received {name} of shape {shape}; it needs {rows} rows and one "
                    "column per example of the minibatch: select columns, X[:, cols]"
                )
        x_ids = [self.index.get(Xb[:, j].tobytes()) for j in range(Xb.shape[1])]
        if None in x_ids:
            if Xb.shape[0] == Xb.shape[1] and all(row.tobytes() in self.index for row in Xb):
                self.stop(
                    "grad_fn received X_batch with one example per row: select columns, "
                    "X[:, cols], one example per column"
                )
            self.stop("grad_fn received columns that are not columns of X")
        y_ids = [int(np.argmax(Yb[:, j])) for j in range(Yb.shape[1])]
        if len(y_ids) != len(x_ids):
            self.stop(f"grad_fn received {_count(len(x_ids), 'column')} of X but {len(y_ids)} of Y")
        self.calls.append((seen, x_ids, y_ids))
        Yb_ = np.eye(K)[:, y_ids]
        return mlp.loss_and_grads(seen, Xb, Yb_, case.activations, "cross_entropy")[1]


def _sgd_case(rng, sizes_in, n_examples, activation):
    """Example n has label n, so every column names its example; K = N + 2 classes, so that
    an order drawn over the classes, rng.permutation(len(Y)), cannot pass for one over N."""
    K = n_examples + 2
    case = _network(rng, [*sizes_in, K], n_examples, activation)
    case.Y = np.eye(K)[:, :n_examples]
    return case


def _replay(case, batches, lr, frozen=None):
    """The parameters after each minibatch's step, and before each; ``frozen``: 'W' or 'b'
    (a slip that steps only the other). ``lr`` may be a function of the minibatch's size."""
    params = _copy(case.params)
    states = []
    for cols in batches:
        states.append(_copy(params))
        grads = mlp.loss_and_grads(
            params, case.X[:, cols], case.Y[:, cols], case.activations, "cross_entropy"
        )[1]
        rate = lr(len(cols)) if callable(lr) else lr
        params = [
            (W if frozen == "W" else W - rate * dW, b if frozen == "b" else b - rate * db)
            for (W, b), (dW, db) in zip(params, grads, strict=True)
        ]
    return params, states


def _order_slip(case, seed, batch_size, ids, stopped):
    """The message for an order drawn over the rows of X or of Y rather than its columns.

    ``ids`` are the example numbers grad_fn received, in order; ``stopped``, whether the
    epoch ended early after them (an empty minibatch, an index past the last column).
    The order is replayed from the seed of the reader's generator and compared: the
    minibatches must be its first entries, and where the epoch stopped, the next
    minibatch must be empty or hold a column number past the last.
    """
    N = case.N
    counts = (
        (case.X.shape[0], "M_0 = X.shape[0] (or len(X)), the number of inputs"),
        (case.Y.shape[0], "K = Y.shape[0] (or len(Y)), the number of classes"),
    )
    for n, name in counts:
        if n == N:
            continue
        order = [int(k) for k in np.random.default_rng(seed).permutation(n)]
        if ids != order[: len(ids)]:
            continue
        following = order[len(ids) : len(ids) + batch_size]
        if stopped:
            explained = not following or any(k >= N for k in following)
        else:
            explained = len(ids) in (n, N)
        if explained:
            return (
                f"the order has {n} entries, {name}; the examples are the N = {N} columns "
                "of X: order = rng.permutation(X.shape[1])"
            )
    return None


def _sgd_run(fn, case, lr, batch_size, seed):
    spy = _Spy(case)
    X, Y, params = case.X.copy(), case.Y.copy(), _copy(case.params)
    result, exc = run_reader_function(
        fn, params, X, Y, spy, lr, batch_size, np.random.default_rng(seed)
    )
    untouched = np.array_equal(X, case.X) and np.array_equal(Y, case.Y)
    return result, exc, spy, untouched


def _sgd_problem(fn, case, lr, batch_size, seed):
    """What is wrong with one epoch, or None; and the order of the examples it used."""
    result, exc, spy, untouched = _sgd_run(fn, case, lr, batch_size, seed)
    n_examples = case.N  # here the whole of X, not a minibatch
    where = f"with {n_examples} examples in X and batch_size = {batch_size}"
    ids = [n for _, x_ids, _ in spy.calls for n in x_ids]
    if spy.empty or isinstance(exc, IndexError):
        slip = _order_slip(case, seed, batch_size, ids, stopped=True)
        if slip:
            return f"{where}, {slip}.", None
    if spy.problem:
        return f"{where}: {spy.problem}.", None
    if exc is not None:
        return _raised("your sgd_epoch", exc, None, "sgd_epoch") + f" (It was {where}.)", None
    if not untouched:
        return (
            f"{where}, sgd_epoch changed X or Y in place; shuffle an index instead, "
            "order = rng.permutation(X.shape[1]), and select columns X[:, cols]."
        ), None
    if not spy.calls:
        return (
            f"{where}, grad_fn was never called: call grad_fn(params, X_batch, Y_batch) "
            "once per minibatch.",
            None,
        )
    batches = [x_ids for _, x_ids, _ in spy.calls]
    if any(x_ids != y_ids for _, x_ids, y_ids in spy.calls):
        return (
            f"{where}, the minibatches pair images with the labels of other examples: shuffle "
            "X and Y with one and the same order."
        ), None
    sizes = [len(cols) for cols in batches]
    order = [n for cols in batches for n in cols]
    if sorted(order) != list(range(n_examples)):
        slip = _order_slip(case, seed, batch_size, ids, stopped=False)
        if slip:
            return f"{where}, {slip}.", None
    if len(batches) == 1 and n_examples > batch_size:
        return (
            f"{where}, grad_fn was called once, on {_count(sizes[0], 'example')}: that is one "
            "step of gradient descent; SGD takes one step per minibatch of batch_size examples."
        ), None
    if sorted(order) != list(range(n_examples)):
        missing = sorted(set(range(n_examples)) - set(order))
        if missing and len(order) == len(set(order)) and len(missing) == n_examples % batch_size:
            return (
                f"{where}, the last, smaller minibatch was left out "
                f"({_count(len(missing), 'example')}); every example is used once per epoch."
            ), None
        return f"{where}, the minibatches do not use every example exactly once per epoch.", None
    expected = [batch_size] * (n_examples // batch_size) + (
        [n_examples % batch_size] if n_examples % batch_size else []
    )
    if sizes != expected:
        return (
            f"{where}, the minibatches hold {sizes} examples; they should hold {expected}: "
            "batch_size each, the last one what is left."
        ), None
    params, problem = layer_pairs(result, case.L, "(W(l), b(l))")
    seen = [call[0] for call in spy.calls]
    if len(seen) > 1 and all(_same_list(p, case.params) for p in seen[1:]):
        if not problem and _same_list(params, case.params):
            return (
                f"{where}, the parameters never change. `W = W - lr * dW` in a loop "
                "`for W, b in params` only rebinds the name: build a new list, or update the "
                "arrays in place (W -= lr * dW)."
            ), None
        return (
            f"{where}, every minibatch saw the starting parameters: update them after each "
            "minibatch, before the next gradient."
        ), None
    steps = (
        (lr, None, None),
        (-lr, None, "the steps go uphill: W <- W - lr dW, minus the gradient"),
        (1.0, None, "the steps ignore the learning rate: W <- W - lr dW"),
        (lr, "b", "the biases never change: step them too, b(l) <- b(l) - lr db(l)"),
        (lr, "W", "the weights never change: step them too, W(l) <- W(l) - lr dW(l)"),
        (lambda size: lr / size, None, "each step was divided by the minibatch's size: "
         "grad_fn already returns the gradient of the mean loss over the minibatch, so the "
         "step is W <- W - lr dW as it stands"),
    )  # fmt: skip
    for step, frozen, message in steps:
        final, states = _replay(case, batches, step, frozen)
        if all(_same_list(p, state) for p, state in zip(seen, states, strict=True)):
            if message:
                return f"{where}, {message}.", None
            break
    else:
        return (
            f"{where}, the parameters grad_fn saw are not the ones the steps W <- W - lr dW, "
            "b <- b - lr db give, one per minibatch."
        ), None
    if problem:
        if (
            isinstance(result, (tuple, list))
            and len(result) == 2
            and layer_pairs(result[0], case.L, "")[1] is None
        ):
            return (
                f"{where}, sgd_epoch returned a pair (the parameters, {describe(result[1])}); "
                "return only the parameters."
            ), None
        return f"{where}, sgd_epoch: {problem}.", None
    if not _same_list(params, final):
        return (
            f"{where}, the parameters returned are not the ones after the last step; "
            "return the parameters after the epoch."
        ), None
    return None, order


@checker("12.5", "define sgd_epoch(params, X, Y, grad_fn, lr, batch_size, rng).", "a function")
def check_sgd_epoch(fn, seed=None):
    """Exercise 12.5: ``sgd_epoch(params, X, Y, grad_fn, lr, batch_size, rng)``: one epoch.

    Shuffle the columns with ``rng`` (``order = rng.permutation(X.shape[1])``), cut the order
    into minibatches of ``batch_size`` (the last one smaller), and for each take
    one step W(l) <- W(l) - lr dW(l), b(l) <- b(l) - lr db(l) with the gradients
    ``grad_fn(params, X_batch, Y_batch)``. Returns the parameters after the epoch.
    """
    ex = "12.5"
    hint = "define sgd_epoch(params, X, Y, grad_fn, lr, batch_size, rng)."
    feedback = unusable_function(ex, fn, hint)
    if feedback:
        return feedback
    rng = np.random.default_rng(seed)
    seeds = [int(s) for s in rng.integers(2**31, size=2)]
    case = _sgd_case(rng, [4, 5], 10, "tanh")
    orders = []
    for s in (seeds[0], seeds[0], seeds[1]):
        problem, order = _sgd_problem(fn, case, 0.5, 4, s)
        if problem:
            return wrong(ex, problem)
        orders.append(order)
    if all(order == sorted(order) for order in orders):
        return wrong(
            ex,
            "the examples come in their original order: shuffle them every epoch, "
            "order = rng.permutation(X.shape[1]).",
        )
    if orders[0] != orders[1]:
        return wrong(
            ex,
            "two epochs with generators of the same seed used different orders: draw the "
            "order from rng, the generator you are given, not from np.random.",
        )
    if orders[0] == orders[2]:
        return wrong(ex, "generators of different seeds gave the same order: draw it from rng.")
    more = (([3, 4], 7, 16, "sigmoid"), ([5, 3], 9, 3, "relu"))  # one minibatch; none smaller
    for sizes_in, n_examples, batch_size, activation in more:
        case = _sgd_case(rng, sizes_in, n_examples, activation)
        problem, _ = _sgd_problem(fn, case, 0.1, batch_size, seeds[0])
        if problem:
            return wrong(ex, problem)
    return correct(
        ex,
        "every example once per epoch, in minibatches of batch_size drawn in an order from "
        "rng, images with their labels, and one step W - lr dW per minibatch.",
    )


# ---------------------------------------------------------------------------
# Exercise 12.6: the digits


@functools.lru_cache(maxsize=1)
def _digits_test():
    from ..data import load_digits_split

    digits = load_digits_split(np.random.default_rng(0))
    return digits["X_test"], digits["y_test"]


def digits_test_set():
    """``(X_test, y_test)`` of ``helpers.data.load_digits_split(np.random.default_rng(0))``."""
    X, y = _digits_test()
    return X.copy(), y.copy()


@checker("12.6", "replace None by (params, activation, test_accuracy).", "a triple")
def check_digits(answer):
    """Exercise 12.6: ``(params, activation, test_accuracy)`` of the network trained on the digits.

    The checker evaluates ``params`` itself, with helpers.mlp, on the test set of
    ``load_digits_split(np.random.default_rng(0))``: at least 0.95 is asked, and the
    accuracy reported must be the one the network has.
    """
    ex = "12.6"
    items, feedback = entries(ex, answer, 3, "a triple (params, activation, test_accuracy)")
    if feedback:
        return feedback
    params, activation, reported = items
    activation, feedback = choice(ex, activation, HIDDEN_ACTIVATIONS)
    if feedback:
        return wrong(
            ex,
            f"the activation must be one of {', '.join(HIDDEN_ACTIVATIONS)}, not "
            f"{describe(items[1])}.",
        )
    try:
        checked = mlp._check_params(params)
    except (ValueError, TypeError) as exc:
        reason = str(exc).rstrip(".")
        return wrong(ex, f"those parameters do not make a network: {reason}.")
    sizes = [checked[0][0].shape[1]] + [W.shape[0] for W, _ in checked]
    if sizes[0] != 64 or sizes[-1] != 10:
        return wrong(ex, f"the layer sizes are {sizes}: the digits need 64 inputs and 10 outputs.")
    value, given = real_number(reported)
    if given:
        return wrong(
            ex,
            "test_accuracy must be a number, the fraction of test digits classified right, "
            f"not {given}.",
        )
    X_test, y_test = _digits_test()
    if value > 100 or value < 0:
        if value.is_integer() and value <= y_test.size:
            return wrong(
                ex,
                f"{value:.0f} is a count; test_accuracy is the fraction of the "
                f"{y_test.size} test digits classified right, a number between 0 and 1.",
            )
        return wrong(
            ex,
            f"{value:g} is no accuracy: give the fraction of test digits classified right, "
            "between 0 and 1.",
        )
    if value > 1:
        value /= 100  # a percentage
    names = [activation] * (len(checked) - 1) + ["softmax"]
    try:
        with np.errstate(all="ignore"):
            output, _ = mlp.forward(checked, X_test, names)
    except ValueError:  # inf weights make inf logits, whose softmax is undefined
        return wrong(ex, "the network's outputs on the test set are not finite numbers.")
    accuracy = float(np.mean(np.argmax(output, axis=0) == y_test))
    right = int(round(accuracy * y_test.size))
    if abs(value - accuracy) > 0.5 / y_test.size:
        return wrong(
            ex,
            f"you report {value:.4f}, but the network classifies {right} of the "
            f"{y_test.size} test digits right, {accuracy:.4f} (evaluated here with helpers.mlp): "
            "check your accuracy (the argmax of each column, axis=0) and that the test set is "
            "the one of load_digits_split(np.random.default_rng(0)).",
        )
    if accuracy < 0.95:
        return wrong(
            ex,
            f"{right} of {y_test.size} test digits right, {accuracy:.4f}; at least 0.95 is asked. "
            "Train longer, or with another learning rate, and check each step's exercise first.",
        )
    return correct(
        ex,
        f"at least 0.95 of the {y_test.size} test digits right, as you report (evaluated "
        "independently with helpers.mlp).",
    )


# ---------------------------------------------------------------------------
# Exercise 12.7: the SiLU's derivative


def ex127_symbol():
    """The symbol z of Exercise 12.7."""
    return sp.Symbol("z")


def _sigma(z):
    return 1 / (1 + sp.exp(-z))


@checker("12.7", "replace None by a sympy expression in z.", "a sympy expression in z")
def check_silu_derivative(answer, seed=None):
    """Exercise 12.7: d/dz of the SiLU f(z) = z sigma(z), as a sympy expression in z.

    Compared at fresh random z in [-8, 8], both sides of 0 and the sigmoid's tails.
    """
    ex = "12.7"
    expr, feedback = parse_expression(
        ex, answer, "replace None by a sympy expression in z.", allowed={"z"},
        telling={"sigma": "write sigma(z) out as 1 / (1 + exp(-z)), so sympy can "
                          "differentiate it."},
    )  # fmt: skip
    if feedback:
        return feedback
    z = sp.Symbol("z")
    if z not in expr.free_symbols:
        return wrong(ex, "your answer does not depend on z; f'(z) does.")
    s = _sigma(z)
    slips = (
        (s, "that is only the first term of the product rule: d(z sigma(z))/dz = sigma(z) + "
         "z sigma'(z)."),
        (z * s * (1 - s), "the product rule gives two terms: sigma(z) + z sigma'(z); the "
         "first is missing."),
        (s * (1 - s), "that is sigma'(z), the sigmoid's derivative; f(z) = z sigma(z) is a "
         "product, differentiate it by the product rule."),
        (s + z * s, "sigma'(z) = sigma(z) (1 - sigma(z)), not sigma(z)."),
    )  # fmt: skip
    return judge_expression(
        ex, expr, {"z": (-8.0, 8.0)}, sp.diff(z * s, z),
        "f'(z) = sigma(z) + z sigma(z) (1 - sigma(z)), by the product rule.", slips,
        ("f'(z)", "differentiate z sigma(z), with sigma(z) = 1 / (1 + exp(-z)), by the "
         "product rule; sympy's diff does it."),
        seed=seed,
    )  # fmt: skip


# ---------------------------------------------------------------------------
# Exercise 12.9: a bug hunt


def mystery_backward(params, cache, Y, activation):
    """A backward pass with one bug in it, for Exercise 12.9.

    The same arguments and result as the chapter's ``backward``: the gradients of
    the mean cross-entropy of a softmax output, one pair (dW(l), db(l)) per layer.
    """
    derivative = {"sigmoid": sigmoid_derivative, "tanh": tanh_derivative, "relu": relu_derivative}
    a = cache["a"]
    L, N = len(params), Y.shape[1]
    grads = [None] * L
    delta = a[L] - Y  # delta(L), softmax with cross-entropy
    for l in range(L, 0, -1):
        grads[l - 1] = (delta @ a[l - 1].T / N, delta.sum(axis=1) / N)
        if l > 1:
            W = params[l - 1][0]
            delta = derivative[activation](a[l - 1]) * (W.T @ delta)
    return grads


@checker("12.9", "replace None by a set of activation names, such as {'tanh'}.", "a set of names")
def check_mystery(answer):
    """Exercise 12.9: the hidden activations for which ``mystery_backward`` is right."""
    ex = "12.9"
    if isinstance(answer, str):
        answer = {answer}
    if isinstance(answer, (bytes, dict)) or not np.iterable(answer):
        return wrong(
            ex, f"give a set of activation names, such as {{'tanh'}}, not {describe(answer)}."
        )
    names = set(answer)
    unknown = names - set(HIDDEN_ACTIVATIONS)
    if unknown:
        listed = ", ".join(repr(n) for n in HIDDEN_ACTIVATIONS)
        return wrong(ex, f"use only the names {listed}; got {sorted(map(str, unknown))}.")
    if names == {"relu"}:
        return correct(
            ex,
            "only ReLU: mystery_backward applies f' to the activations A(l-1) instead of the "
            "net inputs Z(l-1). ReLU's a is positive exactly where z is, so relu'(a) = "
            "relu'(z); sigmoid'(a) and tanh'(a) are other numbers. A gradient check with one "
            "activation does not cover another.",
        )
    if "relu" not in names:
        return wrong(ex, "run your grad_check on mystery_backward with ReLU hidden units too.")
    return wrong(
        ex,
        "run your grad_check on mystery_backward with each hidden activation, on a network "
        "with at least one hidden layer: the relative errors differ.",
    )
