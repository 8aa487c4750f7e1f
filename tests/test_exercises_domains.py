"""The checkers sample the whole domain that matters and enforce what their exercise states.

Function checkers are spied on: a right answer that records its inputs shows which
shapes, values, activations and steps the check tried (seeded, so the test is the
same on every run). Expression checkers must refuse an answer that is right on
one half of a variable's range only.
"""

import math

import numpy as np
import pytest
import sympy as sp
from exercise_cases import ch01 as cases01
from exercise_cases import ch03 as cases03
from exercise_cases import ch04 as cases04
from exercise_cases import ch06 as cases06
from exercise_cases import ch07 as cases07

from helpers.autodiff import Dual
from helpers.exercises import ch01, ch02, ch03, ch04, ch05, ch06, ch07

SEEDS = range(6)
PROBE = np.linspace(-1.5, 1.5, 7)


def spy_on(check, answer):
    """Run ``check`` on a recording version of the right ``answer``; return the calls."""
    calls = []

    def spy(*args):
        calls.append(args)
        return answer(*args)

    for seed in SEEDS:
        assert check(spy, seed=seed).correct is True
    return calls


def test_layer_forward_gets_other_activations_and_all_kinds_of_shapes():
    calls = spy_on(ch01.check_layer_forward, cases01.layer_einsum)
    shapes = [(W.shape[0], A.shape[1]) for W, _, A, _ in calls]  # (M_l, N)
    assert any(n == 1 for _, n in shapes) and any(m == 1 for m, _ in shapes)
    assert all(m != n for m, n in shapes)  # never square: a transposed result shows
    outputs = {tuple(np.round(f(PROBE), 12)) for *_, f in calls}
    assert tuple(np.round(np.tanh(PROBE), 12)) not in outputs  # f is never tanh ...
    assert len(outputs) == len(calls)  # ... and never the same twice


def test_output_delta_sees_the_whole_range_of_the_sigmoid():
    calls = spy_on(ch03.check_output_delta, cases03.sigmoid_output_delta)
    values = np.concatenate([A.ravel() for A, _ in calls])
    assert values.min() < 0.05 and values.max() > 0.95
    assert any(A.shape[1] == 1 for A, _ in calls) and any(A.shape[0] == 1 for A, _ in calls)


def test_hidden_deltas_see_every_shape_and_the_whole_range():
    calls = spy_on(ch04.check_hidden_deltas, cases04.hidden_deltas)
    assert all(W2.shape[0] != W2.shape[1] for W2, _, _ in calls)  # a missing W^T shows
    assert any(d2.shape[1] == 1 for _, d2, _ in calls) and any(
        W2.shape[0] == 1 for W2, _, _ in calls
    )
    values = np.concatenate([A1.ravel() for *_, A1 in calls])
    assert values.min() < 0.05 and values.max() > 0.95


def test_minibatch_gradients_see_one_example_and_one_unit():
    calls = spy_on(ch05.check_minibatch_gradients, lambda d, a: (d @ a.T / d.shape[1], d.mean(1)))
    assert any(d.shape[1] == 1 for d, _ in calls) and any(d.shape[0] == 1 for d, _ in calls)
    assert any(len({d.shape[0], a.shape[0], d.shape[1]}) == 3 for d, a in calls)


def test_jacobian_function_sees_more_outputs_fewer_outputs_and_one():
    calls = spy_on(ch02.check_jacobian_function, lambda y, x: y.jacobian(x).T)
    sizes = {(len(x), len(y)) for y, x in calls}
    assert any(m > n for m, n in sizes) and any(m < n for m, n in sizes)
    assert any(n == 1 for _, n in sizes)


def test_central_difference_gets_other_functions_and_steps():
    calls = spy_on(ch06.check_central_difference, cases06.central)
    steps = {h for _, _, h in calls}
    assert len(steps) == len(calls) and min(steps) >= 0.05  # h varies and matters
    standard = [math.sin, math.cos, math.exp, math.tanh, lambda t: t**2, lambda t: t**3]
    for f, *_ in calls:
        assert all(not math.isclose(f(0.3), g(0.3)) for g in standard)
    assert len({round(f(0.3), 12) for f, *_ in calls}) == len(calls)


def test_tanh_dual_sees_both_signs_and_the_tails():
    calls = spy_on(ch07.check_tanh_dual, cases07.tanh_dual)
    values = [d.value for (d,) in calls]
    derivs = [d.deriv for (d,) in calls]
    assert min(values) < -2 and max(values) > 2
    assert min(derivs) < 0 < max(derivs)
    assert all(isinstance(d, Dual) for (d,) in calls)


# --- expressions: right on half of a variable's range only ---------------------------

a, y = sp.symbols("a y")
x, h, h3 = sp.symbols("x h h3")
o1 = sp.Symbol("out_o1")
HALVES = [
    (ch01.check_out_o2, cases01.OUT_O2, cases01.S["w7"], 0),
    (ch03.check_tanh_delta, cases03.DERIVED, a, 0),  # tanh's range has both signs
    (ch04.check_dE_dw5, cases04.DERIVED, o1, 0.5),
    (ch06.check_forward_error_term, cases06.LEADING, h, 0),
    (ch06.check_forward_error_term, cases06.LEADING, x, 0),
    (ch07.check_local_derivative, cases07.DERIVED, h3, 0),
]


@pytest.mark.parametrize("check, right, symbol, middle", HALVES)
def test_an_answer_right_on_half_the_range_only_is_refused(check, right, symbol, middle):
    upper = sp.Piecewise((right, symbol > middle), (right + 1, True))
    lower = sp.Piecewise((right, symbol < middle), (right + 1, True))
    for seed in SEEDS:
        assert check(upper, seed=seed).correct is False
        assert check(lower, seed=seed).correct is False
