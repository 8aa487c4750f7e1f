"""The right answers of tests/exercise_cases agree with independent references.

The near misses and equivalent forms are only as good as the right answers they
are built from; here those answers meet the numbers the worked-example source
prints, helpers.mlp, and forward-mode differentiation.
"""

import math

import numpy as np
import sympy as sp
from exercise_cases import ch01, ch03, ch04, ch07

from helpers import mlp
from helpers import worked_example as we
from helpers.autodiff import Dual
from helpers.exercises import ch05


def test_out_o2_gives_the_printed_value():
    point = {ch01.S[k]: v for k, v in {**we.INPUTS, **we.WEIGHTS, **we.BIASES}.items()}
    assert we.agrees_to_printed_digits(float(ch01.OUT_O2.subs(point)), we.PRINTED["out_o2"])


def test_param_count_agrees_with_mlp():
    assert ch01.N_PARAMS == mlp.count_params(ch01.PARAMS)


def test_hidden_deltas_by_central_differences_agree_with_backpropagation():
    for targets, d1 in ((ch03.SWAPPED, ch03.D1), (we.TARGETS, ch03.D1_OWN)):
        Y = np.array([[targets["o1"]], [targets["o2"]]])
        _, grads = mlp.loss_and_grads(we.params(), ch03.X, Y, ["sigmoid"] * 2, "squared_error")
        assert np.allclose(d1, grads[0][1], rtol=1e-7, atol=1e-12)


def test_dE_dw5_chain_gives_the_printed_factors():
    # dE/dw5 / out_h1 = dE_o1/dnet_o1, at the printed out_o1 and the target 0.01
    value = float((ch04.DERIVED / ch04.h).subs({ch04.o: we.PRINTED["out_o1"].value, ch04.t: 0.01}))
    assert abs(value - we.PRINTED["dE_o1/dnet_o1"].value) < 1e-8


def test_hand_computed_updates_reproduce_the_source_and_chapter_4():
    # before: the printed error; after one step of the text's convention: not the printed
    # number (Section 4.5); one step of the variant: the printed number.
    assert we.agrees_to_printed_digits(ch04.E0, we.PRINTED["E_total"])
    assert not we.agrees_to_printed_digits(ch04.E1, we.PRINTED["E_total after 1"])
    assert we.agrees_to_printed_digits(ch04.error(*ch04.V1), we.PRINTED["E_total after 1"])
    # and helpers.mlp takes the same two steps
    params = we.params()
    X, Y = ch04.x[:, None], ch04.target[:, None]
    errors = []
    for _ in range(3):
        risk, grads = mlp.loss_and_grads(params, X, Y, ["sigmoid"] * 2, "squared_error")
        errors.append(risk)
        params = [(W - ch04.ETA * dW, b) for (W, b), (dW, _) in zip(params, grads, strict=True)]
    assert np.allclose(errors, [ch04.E0, ch04.E1, ch04.E2], rtol=1e-12)


def test_fused_node_derivative_agrees_with_forward_mode():
    rng = np.random.default_rng(0)
    for value in rng.uniform(-6, 6, size=8):
        d = Dual(float(value), 1.0)
        forward = 1 / (d.exp() + 1)
        assert math.isclose(forward.deriv, float(ch07.DERIVED.subs(ch07.h3, value)), rel_tol=1e-12)
    # at the source's point h3 = -(w x + b) = 0 it is the product of the chapter's local
    # derivatives: dh4/dh3 = 1, dh5/dh4 = 1, dh6/dh5 = -1/h5^2 = -0.25
    assert ch07.DERIVED.subs(ch07.h3, 0) == sp.Rational(-1, 4)


def test_verdicts_follow_the_thresholds_on_other_errors():
    for error, verdict in ((1e-5, "suspect"), (np.float64(0.05), "wrong"), (1e-9, "right")):
        assert ch05.check_verdicts((verdict,), errors=(error,)).correct is True
        others = {"right", "suspect", "wrong"} - {verdict}
        assert all(ch05.check_verdicts((o,), errors=(error,)).correct is False for o in others)
