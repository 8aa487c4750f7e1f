"""Checkers of Chapters 2 to 4: each accepts correct answers and names typical slips."""

import numpy as np
import pytest
import sympy as sp

from helpers import worked_example as we
from helpers.exercises import ch02, ch03, ch04


def test_every_checker_says_when_unanswered():
    checks = [
        ch02.check_bilinear_derivative, ch02.check_jacobian_function, ch02.check_shape,
        ch03.check_tanh_delta, ch03.check_output_delta, ch03.check_responsible_unit,
        ch04.check_dE_dw5, ch04.check_hidden_deltas, ch04.check_first_drop,
    ]  # fmt: skip
    for check in checks:
        assert check(None).correct is None


# --- Chapter 2 ------------------------------------------------------------------

U, W, V = ch02.ex21_symbols()


def test_bilinear_derivative():
    assert ch02.check_bilinear_derivative(U * V.T).correct is True
    # entry by entry from the definition, as a reader might build it
    by_entries = sp.Matrix(3, 2, lambda i, j: sp.diff((U.T * W * V)[0], W[i, j]))
    assert ch02.check_bilinear_derivative(by_entries).correct is True


@pytest.mark.parametrize(
    "answer, message",
    [
        (V * U.T, "numerator layout"),
        (-U * V.T, "sign is flipped"),
        (sp.ones(3, 2), "entry (i, j) must be"),
        (sp.ones(2, 2), "has W's shape"),
        (3, "give a sympy Matrix"),
    ],
)
def test_bilinear_derivative_slips(answer, message):
    fb = ch02.check_bilinear_derivative(answer)
    assert fb.correct is False and message in fb.message


def test_jacobian_function():
    def right(y, x):
        return sp.Matrix(len(x), len(y), lambda i, j: sp.diff(y[j], x[i]))

    assert ch02.check_jacobian_function(right, seed=0).correct is True
    fb = ch02.check_jacobian_function(lambda y, x: y.jacobian(x), seed=0)
    assert fb.correct is False and "numerator layout" in fb.message
    fb = ch02.check_jacobian_function(lambda y, x: 1 / 0, seed=0)
    assert fb.correct is False and "ZeroDivisionError" in fb.message


def test_shape():
    assert ch02.check_shape((3, 5)).correct is True
    assert "Jacobian's shape" in ch02.check_shape((5, 3)).message
    assert "denominator layout puts" in ch02.check_shape((3, 3)).message
    assert "tuple of two whole numbers" in ch02.check_shape("3x5").message


# --- Chapter 3 ------------------------------------------------------------------

a, y, z = sp.symbols("a y z")


def test_tanh_delta():
    assert ch03.check_tanh_delta(-(y - a) * (1 - a**2)).correct is True
    assert ch03.check_tanh_delta((a - y) * (1 - a) * (1 + a)).correct is True  # other form
    # the independent reference: sympy's derivative of the definition, with a = tanh(z)
    J = (y - sp.tanh(z)) ** 2 / 2
    derived = sp.diff(J, z).subs(sp.tanh(z), a)
    assert ch03.check_tanh_delta(derived).correct is True


@pytest.mark.parametrize(
    "answer, message",
    [
        ((y - a) * (1 - a**2), "sign is flipped"),
        (-(y - a), "1 - a^2 is missing"),
        (-(y - a) * a * (1 - a), "sigmoid's derivative"),
        (-(y - sp.tanh(z)) * (1 - sp.tanh(z) ** 2), "write it without z"),
        (a * y * 7, "chain rule"),
    ],
)
def test_tanh_delta_slips(answer, message):
    fb = ch03.check_tanh_delta(answer)
    assert fb.correct is False and message in fb.message


def test_output_delta():
    assert ch03.check_output_delta(lambda A, Y: (A - Y) * A * (1 - A), seed=1).correct is True
    for slip, message in [
        (lambda A, Y: (Y - A) * A * (1 - A), "sign is flipped"),
        (lambda A, Y: A - Y, "is missing"),
        (lambda A, Y: (A - Y).T, "has the shape of A"),
    ]:
        fb = ch03.check_output_delta(slip, seed=1)
        assert fb.correct is False and message in fb.message


def test_responsible_unit_against_central_differences():
    # The independent reference: the sensitivity of E_total to each hidden bias,
    # by central differences (dE/db(1)_i = delta(1)_i for one example).
    from helpers import mlp
    from helpers.gradcheck import numerical_gradient

    X = np.array([[0.05], [0.10]])
    Y = np.array([[0.01], [0.99]])
    (W1, b1), (W2, b2) = we.params()

    def E(b):
        return mlp.loss_and_grads([(W1, b), (W2, b2)], X, Y, ["sigmoid"] * 2, "squared_error")[0]

    delta1 = numerical_gradient(E, b1)
    right = "h1" if abs(delta1[0]) > abs(delta1[1]) else "h2"
    wrong_answer = "h2" if right == "h1" else "h1"
    assert ch03.check_responsible_unit(right).correct is True
    assert ch03.check_responsible_unit(wrong_answer).correct is False
    assert "answer 'h1' or 'h2'" in ch03.check_responsible_unit("o1").message


# --- Chapter 4 ------------------------------------------------------------------

h, o, t = sp.symbols("out_h1 out_o1 target_o1")


def test_dE_dw5_gives_the_printed_chain():
    right = -(t - o) * o * (1 - o) * h
    assert ch04.check_dE_dw5(right).correct is True
    # independent: its factors at the forward values are the printed ones
    out_o1 = we.PRINTED["out_o1"].value
    assert we.agrees_to_printed_digits(-(0.01 - out_o1), we.PRINTED["dE_o1/dout_o1"])


@pytest.mark.parametrize(
    "answer, message",
    [
        ((t - o) * o * (1 - o) * h, "sign is flipped"),
        (-(t - o) * h, "out_o1 (1 - out_o1) is missing"),
        (-(t - o) * o * (1 - o), "out_h1 is missing"),
        (-(t - o) * o * (1 - o) * sp.Symbol("out_h2"), "w5 connects h1 to o1"),
    ],
)
def test_dE_dw5_slips(answer, message):
    fb = ch04.check_dE_dw5(answer)
    assert fb.correct is False and message in fb.message


def test_hidden_deltas():
    def right(W2, d2, A1):
        return (W2.T @ d2) * A1 * (1 - A1)

    assert ch04.check_hidden_deltas(right, seed=2).correct is True
    fb = ch04.check_hidden_deltas(lambda W2, d2, A1: (W2 @ d2) * A1 * (1 - A1), seed=2)
    assert fb.correct is False and "Is W(2) transposed?" in fb.message
    fb = ch04.check_hidden_deltas(lambda W2, d2, A1: W2.T @ d2, seed=2)
    assert fb.correct is False and "is missing" in fb.message


def test_first_drop():
    # independent reference: the hand computation of one gradient step, weights only
    x = np.array([0.05, 0.10])
    target = np.array([0.01, 0.99])
    (W1, b1), (W2, b2) = we.params()

    def sig(v):
        return 1 / (1 + np.exp(-v))

    def E(W1, W2):
        return 0.5 * np.sum((target - sig(W2 @ sig(W1 @ x + b1) + b2)) ** 2)

    a1 = sig(W1 @ x + b1)
    a2 = sig(W2 @ a1 + b2)
    d2 = (a2 - target) * a2 * (1 - a2)
    d1 = (W2.T @ d2) * a1 * (1 - a1)
    drop = E(W1, W2) - E(W1 - 0.5 * np.outer(d1, x), W2 - 0.5 * np.outer(d2, a1))
    assert ch04.check_first_drop(drop).correct is True
    assert "sign is flipped" in ch04.check_first_drop(-drop).message
    assert "printed numbers" in ch04.check_first_drop(0.298371109 - 0.291027924).message
