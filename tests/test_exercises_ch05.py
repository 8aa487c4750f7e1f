"""Chapter 5 checkers accept correct answers and name typical slips."""

import numpy as np

from helpers.exercises import ch05
from helpers.matcalc import denominator_derivative


def test_l2_gradient():
    W, lam = ch05.ex51_symbols()
    penalty = lam / 2 * sum(w**2 for w in W)
    assert ch05.check_l2_gradient(denominator_derivative(penalty, W)).correct is True
    assert "the 1/2 cancels" in ch05.check_l2_gradient(lam * W / 2).message
    assert "the 2 from the square" in ch05.check_l2_gradient(2 * lam * W).message
    assert "has W's shape" in ch05.check_l2_gradient(lam * W.T).message
    assert ch05.check_l2_gradient(None).correct is None


def test_minibatch_gradients():
    def right(delta, A_prev):
        return delta @ A_prev.T / delta.shape[1], delta.mean(axis=1)

    assert ch05.check_minibatch_gradients(right, seed=0).correct is True
    fb = ch05.check_minibatch_gradients(lambda d, a: (d @ a.T, d.sum(axis=1)), seed=0)
    assert fb.correct is False and "divide by N" in fb.message
    fb = ch05.check_minibatch_gradients(lambda d, a: (a @ d.T / 7, d.mean(axis=1)), seed=0)
    assert fb.correct is False and "must be W's shape" in fb.message
    fb = ch05.check_minibatch_gradients(lambda d, a: (d @ a.T / 7, d.mean(axis=0)), seed=0)
    assert fb.correct is False and "db has shape (7,)" in fb.message


def test_verdicts():
    assert ch05.check_verdicts(("right", "wrong", "suspect")).correct is True
    fb = ch05.check_verdicts(("right", "suspect", "suspect"))
    assert fb.correct is False and "0.4 is not 'suspect'" in fb.message
    assert "one verdict per error" in ch05.check_verdicts("right").message
    assert "use only the words" in ch05.check_verdicts(("ok", "bad", "meh")).message
    # the thresholds themselves, against the chapter's rule on fresh numbers
    assert ch05.check_verdicts(("suspect",), errors=(1e-5,)).correct is True
    assert ch05.check_verdicts(("wrong",), errors=(np.float64(0.05),)).correct is True
