"""Chapter 9 checkers: right answers in several forms accepted, near misses refused with
a message that names the slip, and junk of every kind answered with feedback, never a
traceback. The expected answers are checked against independent computations: sympy's
own derivative, the bump network of helpers.approximation, a parameter count from
helpers.mlp, and the experiment the exercise describes."""

import numpy as np
import pytest
import sympy as sp
from scipy.special import expit

from helpers import data, mlp, training
from helpers.exercises import Feedback, ch09

JUNK = [
    "", "nonsense(", 3.5j, object(), [1, 2], {"a": 1}, lambda: 1, np.array([np.nan]),
    sp.Matrix([[1, 2]]), b"bytes", float("nan"), float("inf"), True, (), np.zeros((2, 2)),
]  # fmt: skip

CHECKERS = [
    ch09.check_pm_label_delta,
    ch09.check_step_params,
    ch09.check_first_layer_params,
    ch09.check_unseen_shift,
]


@pytest.mark.parametrize("check", CHECKERS, ids=lambda c: c.__name__)
def test_unanswered_and_junk_get_feedback(check):
    assert check(None).correct is None
    for junk in JUNK:
        fb = check(junk)
        assert isinstance(fb, Feedback) and fb.correct is False, (junk, fb)
        assert fb.message


# ---------------------------------------------------------------- 9.1

y, z = sp.symbols("y z")
Y_ASSUMED, Z_ASSUMED = sp.Symbol("y", integer=True), sp.Symbol("z", real=True)


def test_pm_label_delta_matches_sympys_derivative():
    derived = sp.diff(sp.log(1 + sp.exp(-y * z)), z)
    assert ch09.check_pm_label_delta(derived).correct is True


@pytest.mark.parametrize(
    "answer",
    [
        -y / (1 + sp.exp(y * z)),
        1 / (1 + sp.exp(-z)) - (1 + y) / 2,  # a - t with the 0/1 target t
        -y * sp.exp(-y * z) / (1 + sp.exp(-y * z)),
        sp.Piecewise((1 / (1 + sp.exp(-z)) - 1, sp.Eq(y, 1)), (1 / (1 + sp.exp(-z)), True)),
        "-y/(1 + exp(y*z))",
        sp.Matrix([[-y / (1 + sp.exp(y * z))]]),
        -Y_ASSUMED / (1 + sp.exp(Y_ASSUMED * Z_ASSUMED)),
        sp.Derivative(sp.log(1 + sp.exp(-y * z)), z),  # unevaluated: harmless, evaluated
    ],
)
def test_pm_label_delta_accepts_equivalent_forms(answer):
    assert ch09.check_pm_label_delta(answer, seed=1).correct is True


@pytest.mark.parametrize(
    ("answer", "says"),
    [
        (y / (1 + sp.exp(y * z)), "sign is flipped"),
        (-1 / (1 + sp.exp(y * z)), "factor y is missing"),
        (-y / (1 + sp.exp(-y * z)), "probability of the right label"),
        (1 / (1 + sp.exp(-z)) - y, "t = (1 + y)/2"),
        (-y * sp.exp(-y * z), "denominator"),
        (-y / (1 + sp.exp(y * z)) + 1e-3, "chain rule"),
        (sp.Symbol("a") - y, "not a"),
        (-y / (1 + sp.exp(y * sp.Symbol("x"))), "only the symbols y and z"),
        (sp.Integer(0), "depends on z"),
        (sp.log(-z - 50), "not a finite real"),
    ],
)
def test_pm_label_delta_refuses_near_misses(answer, says):
    fb = ch09.check_pm_label_delta(answer, seed=2)
    assert fb.correct is False and says in fb.message, fb


def test_pm_label_delta_is_checked_at_fresh_points_far_out():
    # Right near z = 0 but wrong in the tails: only points with large |z| catch it.
    almost = -y / (1 + sp.exp(y * z)) + sp.exp(-((z - 30) ** 2) / 10) / 10
    for _ in range(5):
        assert ch09.check_pm_label_delta(almost).correct is False


# ---------------------------------------------------------------- 9.2


def step_params(heights, edges, k):
    heights, edges = np.asarray(heights, float), np.asarray(edges, float)
    steps = np.concatenate([[heights[0]], np.diff(heights), [-heights[-1]]])
    return [(np.full((edges.size, 1), k), -k * edges), (steps[None, :], np.zeros(1))]


def test_step_params_equals_the_bumps_written_out():
    # Independent of the checker: the step network against sums of scipy's logistic.
    rng = np.random.default_rng(3)
    heights, edges, k = rng.normal(size=4), np.sort(rng.uniform(-2, 2, size=5)), 7.0
    x = np.linspace(-4, 4, 101)
    out, _ = mlp.forward(step_params(heights, edges, k), x[None, :], ["sigmoid", "identity"])
    bumps = sum(
        h * (expit(k * (x - l)) - expit(k * (x - r)))
        for h, l, r in zip(heights, edges[:-1], edges[1:], strict=True)
    )
    np.testing.assert_allclose(out[0], bumps, atol=1e-12)


def reordered(heights, edges, k):  # units in reverse order, lists and vectors: harmless
    (W1, b1), (W2, b2) = step_params(heights, edges, k)
    return [[W1[::-1, 0].tolist(), b1[::-1].tolist()], [W2[0, ::-1], float(b2[0])]]


def via_sympy(heights, edges, k):  # arrays of sympy numbers
    (W1, b1), (W2, b2) = step_params(heights, edges, k)
    return [
        (np.array([[sp.Float(v)] for v in W1[:, 0]]), b1),
        (np.array([[sp.Float(v) for v in W2[0]]]), b2[:, None]),
    ]


@pytest.mark.parametrize("fn", [step_params, reordered, via_sympy])
def test_step_params_accepted(fn):
    for seed in range(3):
        assert ch09.check_step_params(fn, seed=seed).correct is True
    assert ch09.check_step_params(fn).correct is True  # fresh draws


def bump_form(heights, edges, k):
    from helpers.approximation import bump_params

    return bump_params(heights, edges, k)


def variant(**change):
    def fn(heights, edges, k):
        (W1, b1), (W2, b2) = step_params(heights, edges, k)
        if change.get("sign"):
            W2 = -W2
        if change.get("no_last"):
            W2 = W2.copy()
            W2[0, -1] = 0.0
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


@pytest.mark.parametrize(
    ("fn", "says"),
    [
        (bump_form, "2J"),
        (variant(sign=True), "sign is flipped"),
        (variant(no_last=True), "return to 0"),
        (variant(plus_bias=True), "not +k t"),
        (variant(bias_without_k=True), "not -t"),
        (variant(weight_one=True), "weight from x is k"),
        (variant(drop_first=True), "one per edge"),
        (variant(transposed=True), "W1 has shape"),
        (variant(nan=True), "NaN"),
        (lambda h, e, k: step_params(h, e, k)[0], "two layers"),
        (lambda h, e, k: 1 / 0, "ZeroDivisionError"),
        (lambda h, e, k: "network", "two layers"),
        (lambda h, e, k: [(np.ones((len(e), 1)), np.zeros(len(e))), (np.ones((1, len(e))), 0.0)],
         "gives"),
    ],
)  # fmt: skip
def test_step_params_refuses_near_misses(fn, says):
    fb = ch09.check_step_params(fn, seed=4)
    assert fb.correct is False and says in fb.message, fb


def test_step_params_catches_a_slip_that_shows_only_at_some_j():
    # Right for one and two bumps, wrong from three on: the random J must reach it.
    def fn(heights, edges, k):
        params = step_params(heights, edges, k)
        if len(heights) >= 3:
            params[1][0][0, 2] += 0.5
        return params

    assert ch09.check_step_params(fn, seed=5).correct is False


# ---------------------------------------------------------------- 9.3


def test_first_layer_params_matches_a_count_of_a_real_layer():
    layer = mlp.init_params([32 * 32 * 3, 1000], np.random.default_rng(0))
    assert ch09.check_first_layer_params(mlp.count_params(layer)).correct is True


@pytest.mark.parametrize(
    "answer",
    [3_073_000, np.int64(3073000), 3073000.0, sp.Integer(3073000), sp.Float(3.073e6), "3,073,000",
     np.array([3073000])],
)  # fmt: skip
def test_first_layer_params_accepts_equivalent_forms(answer):
    assert ch09.check_first_layer_params(answer).correct is True


@pytest.mark.parametrize(
    ("answer", "says"),
    [
        (3_072_000, "also has a bias"),
        (3073, "that is one unit"),
        (3072, "one unit's weights"),
        (1_025_000, "3 numbers"),
        (1_024_000, "3 numbers"),
        (30_001_000, "100 x 100 x 3"),
        (3_073_001, "count the inputs"),
        (3073000.5, "whole number"),
        (-3_073_000, "count the inputs"),
        ("about three million", "whole number"),
    ],
)
def test_first_layer_params_refuses_near_misses(answer, says):
    fb = ch09.check_first_layer_params(answer)
    assert fb.correct is False and says in fb.message, fb


# ---------------------------------------------------------------- 9.4


def test_unseen_shift_answer_matches_the_experiment():
    # The chapter's experiment: train with copies shifted right and down by 1 and 2 pixels,
    # then test on a shift to the left, which it never saw.
    digits = data.load_digits_split(np.random.default_rng(0))
    X, y = digits["X_train"], digits["y_train"]
    shifts = [(0, 0), (1, 0), (2, 0), (0, 1), (0, 2)]
    X_aug = np.concatenate([data.shift_images(X, r, d) for r, d in shifts], axis=1)
    y_aug = np.tile(y, len(shifts))
    names = ["tanh", "softmax"]
    start = mlp.init_params([64, 64, 10], np.random.default_rng(1))
    settings = {"epochs": 20, "batch_size": 32, "lr": 0.1, "record": False}
    plain, _ = training.train(
        start, X, training.one_hot(y, 10), names, "cross_entropy",
        rng=np.random.default_rng(2), **settings,
    )  # fmt: skip
    augmented, _ = training.train(
        start, X_aug, training.one_hot(y_aug, 10), names, "cross_entropy",
        rng=np.random.default_rng(2), **settings,
    )  # fmt: skip
    X_test, y_test = digits["X_test"], digits["y_test"]

    def acc(p, r, d):
        return training.accuracy(p, data.shift_images(X_test, r, d), y_test, names)

    seen = min(acc(augmented, r, d) for r, d in shifts[1:])
    left = acc(augmented, -1, 0)
    assert left < seen - 0.4 and abs(left - acc(plain, -1, 0)) < 0.15
    assert ch09.check_unseen_shift("low").correct is True


@pytest.mark.parametrize("answer", ["low", " LOW ", np.str_("Low")])
def test_unseen_shift_accepts(answer):
    assert ch09.check_unseen_shift(answer).correct is True


@pytest.mark.parametrize(
    ("answer", "says"),
    [("high", "measure it"), ("High", "measure it"), ("lower", "'high' or 'low'"),
     ("medium", "'high' or 'low'"), (0.3, "not a float")],
)  # fmt: skip
def test_unseen_shift_refuses(answer, says):
    fb = ch09.check_unseen_shift(answer)
    assert fb.correct is False and says in fb.message, fb
