"""Checkers for the exercises of Chapter 9, networks as models.

* 9.1 (derivation): the error term of the logistic output with labels -1 and +1.
* 9.2 (implementation): the bump network with one sigmoid per edge, J + 1 in all.
* 9.3 (interpretation): the parameters of a fully connected layer on a colour image.
* 9.4 (interpretation): a shift the augmentation never showed.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from .. import mlp
from ..approximation import bump_params
from . import correct, wrong
from ._common import (
    checker,
    choice,
    judge_expression,
    layer_pairs,
    parse_expression,
    raised,
    run_reader_function,
    unusable_function,
    whole_number,
)

__all__ = [
    "check_pm_label_delta",
    "check_step_params",
    "check_first_layer_params",
    "check_unseen_shift",
]


# ---------------------------------------------------------------- 9.1


def _sig(t):
    return 1 / (1 + sp.exp(-t))


def _label_points(rng):
    """(y, z) rows: both labels, at one fresh z in each tenth of [-40, 40] and of [-4, 4]."""
    zs = np.concatenate([np.arange(-40, 40, 8) + rng.uniform(0, 8, size=10),
                         np.arange(-4, 4, 0.8) + rng.uniform(0, 0.8, size=10)])  # fmt: skip
    return [(y, z) for y in (-1.0, 1.0) for z in zs]


@checker("9.1", "replace None by a sympy expression in y and z.", "a sympy expression in y and z")
def check_pm_label_delta(answer, seed=None):
    """Exercise 9.1: dL/dz for L = log(1 + exp(-y z)), labels y in {-1, +1}, in y and z.

    The answer is compared with -y sigma(-y z) at both labels and at fresh random
    z over [-40, 40], to 30 digits; any form that agrees there is right (it only
    has to hold for y = -1 and y = +1).
    """
    ex = "9.1"
    expr, feedback = parse_expression(
        ex, answer, "replace None by a sympy expression in y and z.", allowed={"y", "z"},
        telling={
            "a": "write it with z, not a: here a = sigma(z) = 1 / (1 + exp(-z)).",
            "sigma": "sympy does not know sigma: write it out, sigma(t) = 1 / (1 + exp(-t)).",
        },
    )  # fmt: skip
    if feedback:
        return feedback
    if sp.Symbol("z") not in expr.free_symbols:
        return wrong(ex, "the error term depends on z: differentiate L by z.")
    y, z = sp.symbols("y z")
    slips = [
        (
            y * _sig(-y * z),
            "the sign is flipped: L falls as y z grows, so dL/dz has the sign of -y.",
        ),
        (
            -_sig(-y * z),
            "right for y = +1 but not for y = -1: the inner derivative of -y z by z is -y, "
            "so the factor y is missing.",
        ),
        (
            -y * _sig(y * z),
            "sigma(y z) is the probability of the right label; d/dz log(1 + exp(-y z)) brings "
            "down exp(-y z) / (1 + exp(-y z)) = sigma(-y z).",
        ),
        (
            _sig(z) - y,
            "a - y holds for labels 0 and 1; with labels -1 and +1 the 0/1 target is "
            "t = (1 + y)/2.",
        ),
        (
            -y * sp.exp(-y * z),
            "the denominator 1 + exp(-y z) of the logarithm's derivative is missing.",
        ),
    ]
    return judge_expression(
        ex, expr, {"y": (-1.0, 1.0), "z": (-40.0, 40.0)}, -y * _sig(-y * z),
        "dL/dz = -y sigma(-y z): the probability of the wrong label, with the sign of -y. "
        "It equals a - t with a = sigma(z) and the 0/1 target t = (1 + y)/2.",
        slips,
        ("dL/dz", "differentiate log(1 + exp(-y z)) by z with the chain rule (or with sympy's "
         "diff)."),
        points=_label_points(np.random.default_rng(seed)),
    )  # fmt: skip


# ---------------------------------------------------------------- 9.2


def _network(result):
    """``([(W1 (H,1), b1 (H,)), (W2 (1,H), b2 (1,))], None)``, or ``(None, what is off)``.

    Harmless variants are unwrapped: lists for tuples, arrays of sympy numbers,
    W1 as a vector (H,), b1 as a column (H, 1), W2 as a vector, b2 as a scalar.
    """
    layers, problem = layer_pairs(result, 2, "(weights, biases)")
    if problem:
        return None, f"{problem}: [(W1, b1), (W2, b2)], two layers."
    (W1, b1), (W2, b2) = layers
    H = W1.shape[0] if W1.ndim >= 1 else 0
    if W1.ndim == 1:
        W1 = W1[:, None]
    if b1.ndim == 2 and b1.shape[1] == 1:
        b1 = b1[:, 0]
    if W2.ndim == 1:
        W2 = W2[None, :]
    b2 = b2.reshape(-1) if b2.size == 1 else b2
    if W1.ndim != 2 or W1.shape[1] != 1:
        return None, f"W1 has shape {W1.shape}; one input x means W1 has shape (hidden units, 1)."
    if b1.shape != (H,):
        return None, f"b1 has shape {b1.shape}; it needs one bias per hidden unit, ({H},)."
    if W2.shape != (1, H):
        return None, (
            f"W2 has shape {W2.shape}; one output from {H} hidden units means shape (1, {H})."
        )
    if b2.shape != (1,):
        return None, f"b2 has shape {b2.shape}; one output has one bias, shape (1,)."
    for arr, name in ((W1, "W1"), (b1, "b1"), (W2, "W2"), (b2, "b2")):
        if not np.isfinite(arr).all():
            return None, f"{name} holds NaN or infinity."
    return [(W1, b1), (W2, b2)], None


def _outputs(params, x):
    out, _ = mlp.forward(params, x[None, :], ["sigmoid", "identity"])
    return out[0]


def _steps(heights, edges, k, bias_scale=-1.0, scale_bias_by_k=True, last=True, sign=1.0,
           weight=None, first=True, rises=1.0):  # fmt: skip
    """The J + 1 steps (the right answer with the default arguments, slips otherwise)."""
    steps = np.concatenate([[heights[0] if first else 0.0], rises * np.diff(heights),
                            [-heights[-1] if last else 0.0]])  # fmt: skip
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


@checker("9.2", "define step_params(heights, edges, k) and pass it in.", "a function")
def check_step_params(fn, seed=None):
    """Exercise 9.2: ``fn(heights, edges, k)`` returns a network 1 -> J + 1 -> 1 equal to the bumps.

    The network (sigmoid hidden layer, linear output) must compute
    ``sum_j heights[j] (sigmoid(k (x - edges[j])) - sigmoid(k (x - edges[j + 1])))``, the
    network of ``helpers.approximation.bump_params``, with one hidden unit per
    edge. It is tested on fresh random heights, edges and steepness, at random
    points on both sides of and between all edges.
    """
    ex = "9.2"
    feedback = unusable_function(ex, fn, "define step_params(heights, edges, k) and pass it in.")
    if feedback:
        return feedback
    rng = np.random.default_rng(seed)
    undiagnosed = None  # the first network that is off in a way no single slip explains
    for heights, edges, k in _cases(rng):
        J = heights.size
        # Random points around the bumps, far out on both sides, and where the units
        # switch: at the edges, and where each slip's units would (-t, t / k, k t).
        x = np.concatenate(
            [
                rng.uniform(edges[0] - 3, edges[-1] + 3, size=60),
                edges,
                [edges[0] - 50, edges[-1] + 50],
                -edges,
                edges / k,
                k * edges,
            ]
        )
        bumps = f"J = {J} bump{'' if J == 1 else 's'}"
        result, exc = run_reader_function(fn, heights.copy(), edges.copy(), k)
        if isinstance(exc, ValueError) and "inhomogeneous" in str(exc):
            return wrong(
                ex,
                f"for {bumps} your function raised ValueError: numpy cannot make one array of "
                "pieces of different lengths (such as [heights[0]], the J - 1 differences and "
                "[-heights[J - 1]]); join them with np.concatenate.",
            )
        if exc is not None:
            return raised(ex, exc, who=f"for {bumps} your function")
        params, problem = _network(result)
        if problem:
            return wrong(ex, f"for {bumps}: {problem}")
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
                ex, f"for {bumps} use J + 1 = {J + 1} hidden units, one per edge; got {H}."
            )
        if same:
            continue
        slips = [
            (_steps(heights, edges, k, sign=-1.0), "the sign is flipped: the step at edge j is "
             "heights[j] - heights[j - 1] (the height after it minus the height before it)."),
            (_steps(heights, edges, k, last=False), "right of the last edge the output must "
             "return to 0: the last unit steps down by heights[J - 1]."),
            (_steps(heights, edges, k, first=False), "left of the first edge the output is 0 "
             "and right of it heights[0]: the first unit's output weight is heights[0]."),
            (_steps(heights, edges, k, rises=-1.0), "the steps between bumps are reversed: at "
             "edge j the output goes from heights[j - 1] to heights[j], a step of "
             "heights[j] - heights[j - 1], not heights[j - 1] - heights[j]."),
            (_steps(heights, edges, k, bias_scale=1.0), "sigmoid(k x + b) switches at "
             "x = -b / k, so a unit switching at edge t needs b = -k t, not +k t."),
            (_steps(heights, edges, k, scale_bias_by_k=False), "sigmoid(k (x - t)) = "
             "sigmoid(k x - k t): the bias is -k t, not -t."),
            (_steps(heights, edges, k, weight=1.0), "sigmoid(k (x - t)) = sigmoid(k x - k t): "
             "the weight from x is k, not 1."),
        ]  # fmt: skip
        # A slip is named only when it alone gives these outputs: with steep sigmoids two
        # slips can agree at every point of one network; the next network tells them apart.
        named = [message for slip, message in slips
                 if np.allclose(got, _outputs(slip, x), rtol=0, atol=scale)]  # fmt: skip
        if len(named) == 1:
            return wrong(ex, named[0])
        if undiagnosed is None:
            worst = int(np.argmax(np.abs(got - reference)))
            undiagnosed = (
                f"for J = {J}, k = {k:.3g} the network gives {got[worst]:.4g} at x = "
                f"{x[worst]:.4g}, the bumps {reference[worst]:.4g}. Far left the output is 0; "
                "crossing edge j it steps by the height after minus the height before."
            )
    if undiagnosed:
        return wrong(ex, undiagnosed)
    return correct(
        ex,
        "one sigmoid per edge, W(1) = k, b(1) = -k t, and output weights "
        "heights[0], heights[1] - heights[0], ..., -heights[J - 1]: the same function with "
        "J + 1 units instead of 2J.",
    )


# ---------------------------------------------------------------- 9.3

EX93_IMAGE = (32, 32, 3)
EX93_UNITS = 1000


@checker("9.3", "replace None by a whole number.", "a whole number")
def check_first_layer_params(answer):
    """Exercise 9.3: weights and biases of a fully connected layer, 32x32x3 inputs, 1000 units."""
    ex = "9.3"
    count, feedback = whole_number(ex, answer, "a whole number of parameters")
    if feedback:
        return feedback
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
        inputs * units + 1: f"each of the {units} units has its own bias, not one for the layer.",
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


@checker("9.4", "replace None by 'high' or 'low'.", "'high' or 'low'")
def check_unseen_shift(answer):
    """Exercise 9.4: 'high' or 'low', the augmented network's accuracy on a shift it never saw."""
    ex = "9.4"
    word, feedback = choice(ex, answer, ("high", "low"))
    if feedback:
        return feedback
    if word == "low":
        return correct(
            ex,
            "the network learned the five positions it was shown, not a shift: a fully "
            "connected layer has no weight that relates one position to the next. Moved left, "
            "the ink lands on pixels whose weights were trained, but on digits in other "
            "positions.",
        )
    return wrong(
        ex,
        "measure it: moved left, the ink lands on pixels whose weights were trained, but on "
        "digits in other positions. The network learned five positions, not a shift.",
    )
