"""Chapter 9: near misses and equivalent right answers for each checker."""

from decimal import Decimal

import numpy as np
import sympy as sp

from helpers import mlp
from helpers.approximation import bump_params
from helpers.exercises import ch09

# 9.1: sympy's own derivative of the loss with labels -1 and +1.
y, z = sp.symbols("y z")
LOSS = sp.log(1 + sp.exp(-y * z))
DERIVED = sp.diff(LOSS, z)
ASSUMED = {y: sp.Symbol("y", integer=True), z: sp.Symbol("z", real=True)}


def sig(t):
    return 1 / (1 + sp.exp(-t))


# Right near z = 0 but wrong in the tails: only points with large |z| catch it.
RIGHT_IN_THE_MIDDLE_ONLY = DERIVED + sp.exp(-((z - 30) ** 2) / 10) / 10
# sigma left undefined, as in the text: sympy cannot evaluate it.
SIGMA = sp.Function("sigma")


# 9.2: the step network, written out; tests/test_exercises_ch09.py checks it against
# sums of scipy's logistic, independently of the checker.
def step_params(heights, edges, k):
    heights, edges = np.asarray(heights, float), np.asarray(edges, float)
    steps = np.concatenate([[heights[0]], np.diff(heights), [-heights[-1]]])
    return [(np.full((edges.size, 1), k), -k * edges), (steps[None, :], np.zeros(1))]


def reordered(heights, edges, k):  # units in reverse order, lists and vectors: harmless
    (W1, b1), (W2, b2) = step_params(heights, edges, k)
    return [[W1[::-1, 0].tolist(), b1[::-1].tolist()], [W2[0, ::-1], float(b2[0])]]


def via_sympy(heights, edges, k):  # arrays of sympy numbers
    (W1, b1), (W2, b2) = step_params(heights, edges, k)
    return [
        (np.array([[sp.Float(v)] for v in W1[:, 0]]), b1),
        (np.array([[sp.Float(v) for v in W2[0]]]), b2[:, None]),
    ]


def variant(**change):
    def fn(heights, edges, k):
        (W1, b1), (W2, b2) = step_params(heights, edges, k)
        if change.get("sign"):
            W2 = -W2
        if change.get("no_last"):
            W2 = W2.copy()
            W2[0, -1] = 0.0
        if change.get("no_first"):
            W2 = W2.copy()
            W2[0, 0] = 0.0
        if change.get("reversed_steps"):  # h[j-1] - h[j] between the bumps
            W2 = W2.copy()
            W2[0, 1:-1] = -W2[0, 1:-1]
        if change.get("plus_bias"):
            b1 = -b1
        if change.get("bias_without_k"):
            b1 = -np.asarray(edges, float)
        if change.get("weight_one"):
            W1 = np.ones_like(W1)
        if change.get("drop_first"):
            W1, b1, W2 = W1[1:], b1[1:], W2[:, 1:]
        if change.get("transposed"):
            W1 = W1.T
        if change.get("nan"):
            W2 = W2 * np.nan
        return [(W1, b1), (W2, b2)]

    return fn


def wrong_from_three_bumps(heights, edges, k):
    """Right for one and two bumps, wrong from three on: the random J must reach it."""
    params = step_params(heights, edges, k)
    if len(heights) >= 3:
        params[1][0][0, 2] += 0.5
    return params


def ragged(heights, edges, k):
    """np.array of pieces of different lengths: numpy raises its own ValueError."""
    W2 = np.array([[heights[0]], np.diff(heights), [-heights[-1]]])
    return [(np.full((len(edges), 1), k), -k * np.asarray(edges)), (W2, np.zeros(1))]


def all_ones(heights, edges, k):
    J = len(edges)
    return [(np.ones((J, 1)), np.zeros(J)), (np.ones((1, J)), 0.0)]


# 9.3: the count of a real layer of this size.
INPUTS = int(np.prod(ch09.EX93_IMAGE))
UNITS = ch09.EX93_UNITS
COUNT = mlp.count_params(mlp.init_params([INPUTS, UNITS], np.random.default_rng(0)))

CASES = {
    "check_pm_label_delta": {
        "near": [
            (y / (1 + sp.exp(y * z)), "sign is flipped"),
            (-1 / (1 + sp.exp(y * z)), "factor y is missing"),
            (-y / (1 + sp.exp(-y * z)), "probability of the right label"),
            (sig(z) - y, "t = (1 + y)/2"),
            (-y * sp.exp(-y * z), "denominator"),
            (DERIVED + sp.Rational(1, 1000), "chain rule"),
            (RIGHT_IN_THE_MIDDLE_ONLY, "chain rule"),
            (sp.Symbol("a") - y, "not a"),
            (-y / (1 + sp.exp(y * sp.Symbol("x"))), "use only the symbols y, z"),
            (sp.Integer(0), "depends on z"),
            (sp.log(-z - 50), "not a finite real"),
            (sp.exp(sp.exp(sp.exp(z))), "not a finite real"),  # too large to build at z = 40
            (-y * SIGMA(-y * z), "sympy does not know sigma"),
            (SIGMA, "sympy does not know sigma"),
            (-y * sp.Symbol("sigma"), "sympy does not know sigma"),
            (sp.Derivative(LOSS, z), ".doit()"),
            ("-y/(1 + exp(y*z))", "not a string"),
        ],
        "equivalent": [
            DERIVED,
            -y / (1 + sp.exp(y * z)),
            sig(z) - (1 + y) / 2,  # a - t with the 0/1 target t, for y = -1 and +1
            sp.Piecewise((sig(z) - 1, sp.Eq(y, 1)), (sig(z), True)),
            sp.Matrix([[DERIVED]]),
            DERIVED.xreplace(ASSUMED),
        ],
    },
    "check_step_params": {
        "near": [
            (lambda h, e, k: bump_params(h, e, k), "2J"),
            (variant(sign=True), "sign is flipped"),
            (variant(no_last=True), "return to 0"),
            (variant(no_first=True), "first unit's output weight is heights[0]"),
            (variant(reversed_steps=True), "steps between bumps are reversed"),
            (ragged, "np.concatenate"),
            (variant(plus_bias=True), "not +k t"),
            (variant(bias_without_k=True), "not -t"),
            (variant(weight_one=True), "weight from x is k"),
            (variant(drop_first=True), "one per edge"),
            (variant(transposed=True), "W1 has shape"),
            (variant(nan=True), "NaN"),
            (wrong_from_three_bumps, "Far left the output is 0"),
            (all_ones, "steps by the height after minus the height before"),
            (lambda h, e, k: step_params(h, e, k)[0], "two layers"),
            (lambda h, e, k: "network", "two layers"),
            (lambda h, e, k: 1 / 0, "your function raised ZeroDivisionError"),
        ],
        "equivalent": [step_params, reordered, via_sympy],
    },
    "check_first_layer_params": {
        "near": [
            (COUNT - UNITS, "also has a bias"),
            (COUNT - UNITS + 1, "its own bias, not one for the layer"),
            (INPUTS + 1, "that is one unit"),
            (INPUTS, "one unit's weights"),
            (INPUTS // 3 * UNITS + UNITS, "3 numbers"),
            (INPUTS // 3 * UNITS, "3 numbers"),
            (100 * 100 * 3 * UNITS + UNITS, "100 x 100 x 3"),
            (COUNT + 1, "count the inputs"),
            (-COUNT, "count the inputs"),
            (COUNT + 0.5, "not a whole number"),
            (f"{COUNT:,}", "not the string"),
        ],
        "equivalent": [
            COUNT,
            np.int64(COUNT),
            float(COUNT),
            sp.Integer(COUNT),
            sp.Float(COUNT),
            np.array([COUNT]),
            sp.Matrix([[COUNT]]),
            Decimal(COUNT),
            [COUNT],
        ],
    },
    "check_unseen_shift": {
        "near": [
            ("high", "five positions, not a shift"),
            ("High ", "measure it"),
            ("lower", "answer 'high' or 'low'"),
            ("medium", "answer 'high' or 'low'"),
            (0.3, "answer with a word"),
        ],
        "equivalent": ["low", " LOW ", np.str_("Low"), np.array("low")],
    },
}
