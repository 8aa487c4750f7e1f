"""Checkers for the exercises of Chapter 9, networks as models.

* 9.1 (derivation): the error term of the logistic output with labels -1 and +1.
* 9.2 (implementation): the bump network with one sigmoid per edge, J + 1 in all.
* 9.3 (interpretation): the parameters of a fully connected layer on a colour image.
* 9.4 (interpretation): a shift the augmentation never showed.

Every checker is total: whatever the answer is, it returns feedback (the
reader's own code may raise anything; that is reported, not raised).
"""

from __future__ import annotations

import functools
from numbers import Integral, Real

import numpy as np
import sympy as sp

from .. import mlp
from ..approximation import bump_params
from . import correct, not_answered, wrong

__all__ = [
    "check_pm_label_delta",
    "check_step_params",
    "check_first_layer_params",
    "check_unseen_shift",
]


def _total(ex):
    """Turn anything unexpected that an answer causes into feedback, never a traceback."""

    def decorate(check):
        @functools.wraps(check)
        def checked(*args, **kwargs):
            try:
                return check(*args, **kwargs)
            except Exception as exc:  # whatever the answer triggered: say so, call it not right
                return wrong(ex, f"this answer could not be checked ({type(exc).__name__}: {exc}).")

        return checked

    return decorate


# ---------------------------------------------------------------- 9.1


def _sympy_answer(answer):
    """The answer as one sympy expression (strings parsed, 1x1 matrices unwrapped), or None."""
    if isinstance(answer, sp.MatrixBase):
        if answer.shape != (1, 1):
            return None
        answer = answer[0, 0]
    if isinstance(answer, (bool, np.bool_)):
        return None
    if isinstance(answer, np.ndarray):
        if answer.size != 1:
            return None
        answer = answer.reshape(()).item()
    try:
        expr = sp.sympify(answer)
    except (sp.SympifyError, TypeError, SyntaxError, ValueError, AttributeError):
        return None
    if not isinstance(expr, sp.Expr):
        return None
    return expr.doit()


def _values(expr, y, z, points):
    """The expression at (y, z) points, to 30 digits; None where it is not a finite real."""
    out = []
    for yv, zv in points:
        value = expr.subs({y: yv, z: zv}).evalf(30)
        if not value.is_number or not value.is_finite or value.is_real is False:
            out.append(None)
            continue
        c = complex(value)
        out.append(c.real if abs(c.imag) <= 1e-25 * max(1.0, abs(c.real)) else None)
    return out


def _matches(values, reference):
    return all(
        v is not None and abs(v - r) <= 1e-12 + 1e-9 * abs(r)
        for v, r in zip(values, reference, strict=True)
    )


@_total("9.1")
def check_pm_label_delta(answer, seed=None):
    """Exercise 9.1: dL/dz for L = log(1 + exp(-y z)), labels y in {-1, +1}, in y and z.

    The answer is compared with -y sigma(-y z) at both labels and at fresh random
    z over [-40, 40], to 30 digits; any form that agrees there is right (it only
    has to hold for y = -1 and y = +1).
    """
    ex = "9.1"
    if answer is None:
        return not_answered(ex, "replace None by a sympy expression in y and z.")
    expr = _sympy_answer(answer)
    if expr is None:
        return wrong(ex, f"give one sympy expression in y and z, not a {type(answer).__name__}.")
    if expr.has(sp.Derivative, sp.Integral, sp.Subs):
        return wrong(ex, "the answer still holds an unevaluated derivative; give its value.")
    names = {str(s) for s in expr.free_symbols}
    if "a" in names:
        return wrong(ex, "write it with z, not a: here a = sigma(z) = 1 / (1 + exp(-z)).")
    if not names <= {"y", "z"}:
        return wrong(ex, f"use only the symbols y and z; found {sorted(names)}.")
    y, z = sp.symbols("y z")
    expr = expr.subs({s: sp.Symbol(str(s)) for s in expr.free_symbols})
    if "z" not in names:
        return wrong(ex, "the error term depends on z: differentiate L by z.")
    rng = np.random.default_rng(seed)
    # one fresh point in each tenth of [-40, 40] and of [-4, 4]: the tails and the middle
    zs = np.concatenate([np.arange(-40, 40, 8) + rng.uniform(0, 8, size=10),
                         np.arange(-4, 4, 0.8) + rng.uniform(0, 0.8, size=10)])  # fmt: skip
    points = [(yv, sp.Float(float(zv), 30)) for yv in (-1, 1) for zv in zs]

    def sig(t):
        return 1 / (1 + sp.exp(-t))

    def at(reference):
        return _values(reference, y, z, points)

    values = _values(expr, y, z, points)
    if _matches(values, at(-y * sig(-y * z))):
        return correct(
            ex,
            "dL/dz = -y sigma(-y z): the probability of the wrong label, with the sign of -y. "
            "It equals a - t with a = sigma(z) and the 0/1 target t = (1 + y)/2.",
        )
    slips = [
        (
            y * sig(-y * z),
            "the sign is flipped: L falls as y z grows, so dL/dz has the sign of -y.",
        ),
        (
            -sig(-y * z),
            "right for y = +1 but not for y = -1: the inner derivative of -y z by z is -y, "
            "so the factor y is missing.",
        ),
        (
            -y * sig(y * z),
            "sigma(y z) is the probability of the right label; d/dz log(1 + exp(-y z)) brings "
            "down exp(-y z) / (1 + exp(-y z)) = sigma(-y z).",
        ),
        (
            sig(z) - y,
            "a - y holds for labels 0 and 1; with labels -1 and +1 the 0/1 target is "
            "t = (1 + y)/2.",
        ),
        (
            -y * sp.exp(-y * z),
            "the denominator 1 + exp(-y z) of the logarithm's derivative is missing.",
        ),
    ]
    for slip, message in slips:
        if _matches(values, at(slip)):
            return wrong(ex, message)
    if any(v is None for v in values):
        return wrong(ex, "the expression is not a finite real number for every z and y = -1, +1.")
    return wrong(
        ex, "differentiate log(1 + exp(-y z)) by z with the chain rule (or with sympy's diff)."
    )


# ---------------------------------------------------------------- 9.2


def _as_array(value, name):
    arr = np.asarray(value)
    if arr.dtype == object:
        arr = np.asarray(value, dtype=float)  # sympy numbers, lists of floats
    if arr.dtype.kind not in "biuf":
        raise _AnswerError(f"{name} must hold numbers, got {arr.dtype}.")
    return arr.astype(float)


class _AnswerError(Exception):
    """A reader's result of the wrong form; the message says what is off."""


def _network(result):
    """The reader's result as [(W1 (H,1), b1 (H,)), (W2 (1,H), b2 (1,))], or _AnswerError.

    Harmless variants are unwrapped: lists for tuples, arrays of sympy numbers,
    W1 as a vector (H,), b1 as a column (H, 1), W2 as a vector, b2 as a scalar.
    """
    shape_hint = "return [(W1, b1), (W2, b2)]: two layers, each a pair (weights, biases)."
    if not isinstance(result, (list, tuple)) or len(result) != 2:
        raise _AnswerError(shape_hint)
    if not all(isinstance(pair, (list, tuple)) and len(pair) == 2 for pair in result):
        raise _AnswerError(shape_hint)
    (W1, b1), (W2, b2) = result
    W1, b1 = _as_array(W1, "W1"), _as_array(b1, "b1")
    W2, b2 = _as_array(W2, "W2"), _as_array(b2, "b2")
    H = W1.shape[0] if W1.ndim >= 1 else 0
    if W1.ndim == 1:
        W1 = W1[:, None]
    if b1.ndim == 2 and b1.shape[1] == 1:
        b1 = b1[:, 0]
    if W2.ndim == 1:
        W2 = W2[None, :]
    b2 = b2.reshape(-1) if b2.size == 1 else b2
    if W1.ndim != 2 or W1.shape[1] != 1:
        raise _AnswerError(
            f"W1 has shape {W1.shape}; one input x means W1 has shape (hidden units, 1)."
        )
    if b1.shape != (H,):
        raise _AnswerError(f"b1 has shape {b1.shape}; it needs one bias per hidden unit, ({H},).")
    if W2.shape != (1, H):
        raise _AnswerError(
            f"W2 has shape {W2.shape}; one output from {H} hidden units means shape (1, {H})."
        )
    if b2.shape != (1,):
        raise _AnswerError(f"b2 has shape {b2.shape}; one output has one bias, shape (1,).")
    for arr, name in ((W1, "W1"), (b1, "b1"), (W2, "W2"), (b2, "b2")):
        if not np.isfinite(arr).all():
            raise _AnswerError(f"{name} holds NaN or infinity.")
    return [(W1, b1), (W2, b2)]


def _outputs(params, x):
    out, _ = mlp.forward(params, x[None, :], ["sigmoid", "identity"])
    return out[0]


def _steps(heights, edges, k, bias_scale=-1.0, scale_bias_by_k=True, last=True, sign=1.0,
           weight=None):  # fmt: skip
    """The J + 1 steps (the right answer with the default arguments, slips otherwise)."""
    steps = np.concatenate([[heights[0]], np.diff(heights), [-heights[-1] if last else 0.0]])
    W1 = np.full((edges.size, 1), k if weight is None else weight)
    b1 = bias_scale * (k if scale_bias_by_k else 1.0) * edges
    return [(W1, b1), (sign * steps[None, :], np.zeros(1))]


def _cases(rng):
    """Fresh random bump networks: (heights, edges, k), J from 1 to 12, k from 0.1 to 1000."""
    cases = []
    for J in (1, 2, int(rng.integers(3, 13))):
        heights = rng.normal(0.0, 2.0, size=J)
        gaps = rng.uniform(0.05, 2.0, size=J)
        edges = rng.uniform(-5, 3) + np.concatenate([[0.0], np.cumsum(gaps)])
        k = float(10 ** rng.uniform(-1, 3))
        cases.append((heights, edges, k))
    return cases


@_total("9.2")
def check_step_params(fn, seed=None):
    """Exercise 9.2: ``fn(heights, edges, k)`` returns a network 1 -> J + 1 -> 1 equal to the bumps.

    The network (sigmoid hidden layer, linear output) must compute
    ``sum_j heights[j] (sigmoid(k (x - edges[j])) - sigmoid(k (x - edges[j + 1])))``, the
    network of ``helpers.approximation.bump_params``, with one hidden unit per
    edge. It is tested on fresh random heights, edges and steepness, at random
    points on both sides of and between all edges.
    """
    ex = "9.2"
    if fn is None:
        return not_answered(ex, "define step_params(heights, edges, k) and pass it in.")
    if not callable(fn):
        return wrong(ex, f"pass the function itself, not a {type(fn).__name__}.")
    rng = np.random.default_rng(seed)
    for heights, edges, k in _cases(rng):
        J = heights.size
        x = np.concatenate(
            [
                rng.uniform(edges[0] - 3, edges[-1] + 3, size=60),
                edges,
                [edges[0] - 50, edges[-1] + 50],
            ]
        )
        try:
            result = fn(heights.copy(), edges.copy(), k)
        except Exception as exc:  # the reader's code: report whatever it raised
            return wrong(ex, f"for J = {J} bumps your function raised {type(exc).__name__}: {exc}.")
        try:
            params = _network(result)
        except _AnswerError as exc:
            return wrong(ex, f"for J = {J} bumps: {exc}")
        H = params[0][0].shape[0]
        got = _outputs(params, x)
        reference = _outputs(bump_params(heights, edges, k), x)
        scale = 1e-9 * max(1.0, float(np.abs(heights).max()))
        same = np.allclose(got, reference, rtol=0, atol=scale)
        if H != J + 1:
            if same and H == 2 * J and J > 1:
                return wrong(
                    ex,
                    f"that is the bump network itself, with 2J = {H} units. The right edge of "
                    "bump j and the left edge of bump j + 1 are the same point: one sigmoid "
                    f"per edge, J + 1 = {J + 1} units.",
                )
            return wrong(
                ex, f"for J = {J} bumps use J + 1 = {J + 1} hidden units, one per edge; got {H}."
            )
        if same:
            continue
        slips = [
            (_steps(heights, edges, k, sign=-1.0), "the sign is flipped: the step at edge j is "
             "heights[j] - heights[j - 1] (the height after it minus the height before it)."),
            (_steps(heights, edges, k, last=False), "right of the last edge the output must "
             "return to 0: the last unit steps down by heights[J - 1]."),
            (_steps(heights, edges, k, bias_scale=1.0), "sigmoid(k x + b) switches at "
             "x = -b / k, so a unit switching at edge t needs b = -k t, not +k t."),
            (_steps(heights, edges, k, scale_bias_by_k=False), "sigmoid(k (x - t)) = "
             "sigmoid(k x - k t): the bias is -k t, not -t."),
            (_steps(heights, edges, k, weight=1.0), "sigmoid(k (x - t)) = sigmoid(k x - k t): "
             "the weight from x is k, not 1."),
        ]  # fmt: skip
        for slip, message in slips:
            if np.allclose(got, _outputs(slip, x), rtol=0, atol=scale):
                return wrong(ex, message)
        worst = int(np.argmax(np.abs(got - reference)))
        return wrong(
            ex,
            f"for J = {J}, k = {k:.3g} the network gives {got[worst]:.4g} at x = {x[worst]:.4g}, "
            f"the bumps {reference[worst]:.4g}. Far left the output is 0; crossing edge j it "
            "steps by the height after minus the height before.",
        )
    return correct(
        ex,
        "one sigmoid per edge, W(1) = k, b(1) = -k t, and output weights "
        "heights[0], heights[1] - heights[0], ..., -heights[J - 1]: the same function with "
        "J + 1 units instead of 2J.",
    )


# ---------------------------------------------------------------- 9.3

EX93_IMAGE = (32, 32, 3)
EX93_UNITS = 1000


def _whole_number(answer):
    """The answer as an int if it is a whole number in any harmless form, else None."""
    if isinstance(answer, (bool, np.bool_)):
        return None
    if isinstance(answer, sp.MatrixBase) and answer.shape == (1, 1):
        answer = answer[0, 0]
    if isinstance(answer, np.ndarray) and answer.size == 1:
        answer = answer.reshape(()).item()
    if isinstance(answer, str):
        text = answer.strip().replace(",", "").replace("_", "").replace(" ", "")
        try:
            answer = float(text) if any(c in text for c in ".eE") else int(text)
        except ValueError:
            return None
    if isinstance(answer, sp.Basic):
        if not answer.is_number:
            return None
        answer = sp.nsimplify(answer) if answer.is_Float else answer
        if not answer.is_integer:
            return None
        return int(answer)
    if isinstance(answer, Integral):
        return int(answer)
    if isinstance(answer, Real):
        value = float(answer)
        if np.isfinite(value) and value.is_integer():
            return int(value)
    return None


@_total("9.3")
def check_first_layer_params(answer):
    """Exercise 9.3: weights and biases of a fully connected layer, 32x32x3 inputs, 1000 units."""
    ex = "9.3"
    if answer is None:
        return not_answered(ex, "replace None by a whole number.")
    count = _whole_number(answer)
    if count is None:
        return wrong(ex, f"give a whole number of parameters, not {answer!r}.")
    h, w, c = EX93_IMAGE
    inputs, units = h * w * c, EX93_UNITS
    right = inputs * units + units
    if count == right:
        return correct(
            ex,
            f"{h}*{w}*{c} = {inputs} inputs, so {inputs} weights per unit plus a bias: "
            f"{inputs + 1} per unit, {right:,} for {units} units.",
        )
    slips = {
        inputs * units: "those are the weights; each of the units also has a bias.",
        inputs + 1: f"that is one unit; the layer has {units}.",
        inputs: f"that is one unit's weights; the layer has {units} units, each with a bias.",
        h * w * units + units: "each pixel has 3 numbers (red, green, blue): 3 inputs per pixel.",
        h * w * units: "each pixel has 3 numbers (red, green, blue), and each unit a bias.",
        100 * 100 * 3 * units
        + units: "that is the chapter's 100 x 100 x 3 image; here it is 32 x 32 x 3.",
    }
    if count in slips:
        return wrong(ex, slips[count])
    return wrong(
        ex, "count the inputs (height x width x channels); each unit has one weight per input "
        "and one bias.",
    )  # fmt: skip


# ---------------------------------------------------------------- 9.4


@_total("9.4")
def check_unseen_shift(answer):
    """Exercise 9.4: 'high' or 'low', the augmented network's accuracy on a shift it never saw."""
    ex = "9.4"
    if answer is None:
        return not_answered(ex, "replace None by 'high' or 'low'.")
    if not isinstance(answer, str):
        return wrong(ex, f"answer with the word 'high' or 'low', not a {type(answer).__name__}.")
    word = str(answer).strip().lower()
    if word == "low":
        return correct(
            ex,
            "the network learned the positions it was shown, not the idea of a shift: a "
            "fully connected layer has no weight that relates one position to the next, so "
            "a shift to the left meets weights that never saw the digit there.",
        )
    if word == "high":
        return wrong(
            ex,
            "measure it: shifts to the right and down put the ink on pixels whose weights "
            "were trained on it; a shift to the left puts it where no training image had it.",
        )
    return wrong(ex, f"answer 'high' or 'low', not {answer!r}.")
