"""Chapter 11 checkers: right answers in several forms accepted, typical slips named, anything
else answered with a message. The right answers are checked against references computed here
(central differences of the one-step program, Newton's method in plain floats)."""

import math

import numpy as np
import sympy as sp

from helpers.autodiff import exp, log
from helpers.exercises import ch11
from helpers.static_graph import greater, where

# --- 11.1 ----------------------------------------------------------------------------------------
a = sp.Symbol("a")
x0 = (1 + a) / 2
f1 = (x0 + a / x0) / 2


def one_step(v):
    x = (1 + v) * 0.5
    return (x + v / x) * 0.5


def test_one_step_derivative_accepts_equivalent_forms():
    positive = sp.Symbol("a", positive=True)  # assumptions on the reader's symbol do not matter
    right = [
        sp.diff(f1, a),
        sp.Rational(1, 4) + 1 / (1 + a) ** 2,
        (a**2 + 2 * a + 5) / (4 * (a + 1) ** 2),
        sp.diff(f1.subs(a, positive), positive),
    ]
    for answer in right:
        fb = ch11.check_one_step_derivative(answer)
        assert fb.correct is True, (answer, fb)
    # the accepted derivative is the program's, by central differences
    for v in (0.3, 2.0, 7.5):
        numeric = (one_step(v + 1e-6) - one_step(v - 1e-6)) / 2e-6
        assert math.isclose(0.25 + 1 / (1 + v) ** 2, numeric, rel_tol=1e-8)


def test_one_step_derivative_names_slips():
    slips = {
        1 / (2 * sp.sqrt(a)): "derivative of sqrt(a)",
        1 / (1 + a): "depends on a as well",
        sp.Rational(1, 4) + 1 / (1 + a): "quotient rule",
        sp.Rational(1, 2) + 2 / (1 + a) ** 2: "factor 1/2",
        sp.Rational(1, 4) - 1 / (1 + a) ** 2: "check the sign",
        f1: "f1 itself",
        a**2: "write f1 in a alone",
    }
    for answer, words in slips.items():
        fb = ch11.check_one_step_derivative(answer)
        assert fb.correct is False and words in fb.message, (answer, fb)


def test_one_step_derivative_answers_anything():
    assert ch11.check_one_step_derivative(None).correct is None
    assert "use only the symbols a" in ch11.check_one_step_derivative(sp.Symbol("x")).message
    assert (
        "give a sympy expression in a, not object"
        in ch11.check_one_step_derivative(object()).message
    )
    assert ch11.check_one_step_derivative(0.36).correct is False


# --- 11.2 ----------------------------------------------------------------------------------------
def masked(v, k=12, tol=1e-12):
    x = (1 + v) * 0.5
    for _ in range(k):
        x = where(greater(x * x - v, tol * v), (x + v / x) * 0.5, x)
    return x


def fixed(v, k=12):
    x = (1 + v) * 0.5
    for _ in range(k):
        x = (x + v / x) * 0.5
    return x


def newton_while(v, tol=1e-12):
    x = (1 + v) * 0.5
    while greater(x * x - v, tol * v):
        x = (x + v / x) * 0.5
    return x


def test_sqrt_static_accepts_both_branches_and_a_long_enough_fixed_loop():
    for fn in (masked, fixed):
        for seed in range(3):
            fb = ch11.check_sqrt_static(fn, seed=seed)
            assert fb.correct is True, fb


def test_sqrt_static_names_slips():
    def raises(v):
        raise RuntimeError("boom")

    slips = [
        (newton_while, "times with if or while on a traced value"),
        (lambda v: masked(v, k=4), "is your loop long enough"),
        (lambda v: math.sqrt(v), "turns a traced value into a number"),
        (lambda v: v**0.5, "** 0.5"),
        (lambda v: exp(0.5 * log(v)), "exp, log"),
        (lambda v: masked(v) + 2e-16 * (v - 0.01) * (1e4 - v), "but the derivative is"),
        (lambda v: 1.0, "is your loop long enough"),
        (lambda v: v / (v - v), "tracing your function raised ValueError: node"),
        (lambda v: [v], "tracing your function raised TypeError"),
        (raises, "raised RuntimeError: boom"),
        (lambda v: masked(v) + 0.0 / (v - 1e4), "the replay fails at a = 1e+04"),
        (5, "pass the function itself, not a int"),
    ]
    for fn, words in slips:
        fb = ch11.check_sqrt_static(fn, seed=1)
        assert fb.correct is False and words in fb.message, (words, fb)
    assert ch11.check_sqrt_static(None).correct is None


# --- 11.3 ----------------------------------------------------------------------------------------
def right_inputs():
    # plain floats: the trace made at a = 2 runs as many steps as a = 2 needs
    def steps(v):
        x, k = (1 + v) * 0.5, 0
        while x * x - v > 1e-12 * v:
            x, k = (x + v / x) * 0.5, k + 1
        return k

    return {v for v in (1.2, 3.0, 30.0, 300.0)
            if abs(fixed(v, steps(2.0)) - math.sqrt(v)) <= 1e-10 * math.sqrt(v)}  # fmt: skip


def test_right_inputs_accepts_the_answer_in_any_container():
    expected = right_inputs()
    assert expected == {1.2, 3.0}
    for answer in ([1.2, 3], (3, 1.2), {np.float64(1.2), sp.Float(3)}, np.array([1.2, 3.0]),
                   [np.array([1.2]), 3]):  # fmt: skip
        fb = ch11.check_right_inputs(answer)
        assert fb.correct is True, (answer, fb)


def test_right_inputs_names_slips():
    slips = [
        ([3], "a = 1.2 needs only 3 steps, so its guards fail"),
        ([1.2], "a = 3 takes the same 4 steps"),
        ([1.2, 3, 30], "a = 30 needs 6 Newton steps, more than the 4"),
        ([1.2, 3, 300], "a = 300 needs 7 Newton steps"),
        ([1.2, 5], "5 is not one of them"),
        (["1.2"], "'1.2' is not one of them"),
        ("1.2, 3", "give a list"),
        (3.0, "give a list"),
        (np.array(3.0), "give a list"),
        ([], "a = 1.2 needs only 3 steps"),
    ]
    for answer, words in slips:
        fb = ch11.check_right_inputs(answer)
        assert fb.correct is False and words in fb.message, (answer, fb)
    assert ch11.check_right_inputs(None).correct is None


# --- any answer at all ---------------------------------------------------------------------------
ODD = [None, 0, 1.5, float("nan"), float("inf"), "a**(", "", [1, 2], [], (), {"a": 1},
       sp.Matrix([[1, 2]]), sp.Matrix([[a]]), np.array([1.0, 2.0]), np.array(1.2), sp.zoo, sp.nan,
       sp.Eq(a, 1), sp.Function("f")(a), object(), lambda: 1, lambda u, v: u, lambda u: "x",
       lambda u: None, type, b"ab", range(3), iter([1.2]), 1j, True]  # fmt: skip


def test_every_checker_answers_anything_with_a_message():
    for check in (ch11.check_one_step_derivative, ch11.check_sqrt_static, ch11.check_right_inputs):
        for answer in ODD:
            fb = check(answer)
            assert fb.correct is not True and fb.message, (check.__name__, answer, fb)
    assert "matrix of shape (1, 2)" in ch11.check_one_step_derivative(sp.Matrix([[1, 2]])).message
    assert ch11.check_one_step_derivative(sp.Matrix([[sp.diff(f1, a)]])).correct is True
