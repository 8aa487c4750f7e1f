"""Checkers of Chapters 6 and 7 accept correct answers and name typical slips."""

import math

import sympy as sp

from helpers.autodiff import Dual
from helpers.exercises import ch06, ch07

x, h = sp.symbols("x h")


def test_forward_error_term_from_sympy_series():
    f = sp.exp
    series = sp.series((f(x + h) - f(x)) / h - sp.diff(f(x), x), h, 0, 2).removeO()
    assert ch06.check_forward_error_term(series).correct is True
    assert "central difference" in ch06.check_forward_error_term(h**2 * sp.exp(x) / 6).message
    assert "h^2 f''(x)/2" in ch06.check_forward_error_term(h * sp.exp(x)).message
    assert "use only the symbols" in ch06.check_forward_error_term(sp.Symbol("y")).message


def test_central_difference():
    assert ch06.check_central_difference(lambda f, t, s: (f(t + s) - f(t - s)) / (2 * s)).correct
    typo = ch06.check_central_difference(lambda f, t, s: (f(t + s) - f(t + s)) / (2 * s))
    assert typo.correct is False and "typo" in typo.message
    fwd = ch06.check_central_difference(lambda f, t, s: (f(t + s) - f(t)) / s)
    assert fwd.correct is False and "forward difference" in fwd.message
    half = ch06.check_central_difference(lambda f, t, s: (f(t + s) - f(t - s)) / s)
    assert half.correct is False and "divide by 2h" in half.message


def test_evaluations():
    assert ch06.check_evaluations(2000).correct is True
    assert "forward difference" in ch06.check_evaluations(1001).message
    assert "two evaluations" in ch06.check_evaluations(1000).message
    assert ch06.check_evaluations(None).correct is None


def test_local_derivative():
    h5 = sp.Symbol("h5")
    assert ch07.check_local_derivative(sp.diff(1 / h5, h5)).correct is True
    assert "sign is flipped" in ch07.check_local_derivative(1 / h5**2).message
    assert "-1/u^2" in ch07.check_local_derivative(-1 / h5).message


def test_tanh_dual():
    def right(d):
        t = math.tanh(d.value)
        return Dual(t, (1 - t * t) * d.deriv)

    assert ch07.check_tanh_dual(right, seed=0).correct is True
    assert ch07.check_tanh_dual(lambda d: d.tanh(), seed=0).correct is True  # the engine's own
    no_chain = ch07.check_tanh_dual(
        lambda d: Dual(math.tanh(d.value), 1 - math.tanh(d.value) ** 2), seed=0
    )
    assert no_chain.correct is False and "chain rule" in no_chain.message
    assert "return a Dual" in ch07.check_tanh_dual(lambda d: math.tanh(d.value), seed=0).message


def test_passes():
    assert ch07.check_passes((1000, 1)).correct is True
    assert "other way round" in ch07.check_passes((1, 1000)).message
    assert "pair of whole numbers" in ch07.check_passes("1000").message
