"""Checkers for the exercises of Chapter 5, backpropagation at scale.

* 5.1 (derivation): the gradient of the L2 term (lambda/2) ||W||_F^2.
* 5.2 (implementation): a layer's parameter gradients from its deltas, for a minibatch.
* 5.3 (interpretation): reading the relative errors of gradient checks.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from . import correct, not_answered, wrong
from ._common import parse_matrix, run_reader_function, unusable_function

__all__ = ["ex51_symbols", "check_l2_gradient", "check_minibatch_gradients", "check_verdicts"]


def ex51_symbols():
    """W (2 x 3) and lambda, as the exercise names them."""
    W = sp.Matrix(2, 3, lambda i, j: sp.Symbol(f"w_{i + 1}{j + 1}"))
    return W, sp.Symbol("lambda")


def check_l2_gradient(answer):
    """Exercise 5.1: d/dW of (lambda/2) ||W||_F^2, in denominator layout."""
    ex = "5.1"
    answer, feedback = parse_matrix(ex, answer, "replace None by a sympy Matrix.")
    if feedback:
        return feedback
    W, lam = ex51_symbols()
    if answer.shape != W.shape:
        return wrong(ex, f"shape {answer.shape}; a derivative by W has W's shape {W.shape}.")
    if (answer - lam * W).expand() == sp.zeros(*W.shape):
        return correct(ex, "lambda W: each w_ij appears once, squared, in the penalty.")
    if (answer - lam * W / 2).expand() == sp.zeros(*W.shape):
        return wrong(ex, "the derivative of w^2 is 2w: the 1/2 cancels.")
    if (answer - 2 * lam * W).expand() == sp.zeros(*W.shape):
        return wrong(
            ex, "the penalty is (lambda/2) ||W||^2: the 2 from the square cancels the 1/2."
        )
    return wrong(ex, "differentiate (lambda/2) sum_ij w_ij^2 by each w_ij.")


def check_minibatch_gradients(fn, seed=None):
    """Exercise 5.2: ``fn(delta, A_prev)`` returns ``(dW, db)`` averaged over the minibatch.

    ``delta`` has shape (M_l, N) and ``A_prev`` shape (M_(l-1), N).
    """
    ex = "5.2"
    feedback = unusable_function(ex, fn, "define minibatch_gradients(delta, A_prev).")
    if feedback:
        return feedback
    rng = np.random.default_rng(seed)
    delta, A_prev = rng.normal(size=(3, 7)), rng.normal(size=(4, 7))
    result, exc = run_reader_function(fn, delta.copy(), A_prev.copy())
    if exc is not None:
        return wrong(ex, f"your function raised {type(exc).__name__}: {exc}.")
    if not isinstance(result, tuple) or len(result) != 2:
        return wrong(ex, "return a pair (dW, db).")
    dW, db = (np.asarray(r, dtype=float) for r in result)
    right_dW, right_db = delta @ A_prev.T / 7, delta.mean(axis=1)
    if dW.shape != right_dW.shape:
        return wrong(ex, f"dW has shape {dW.shape}; it must be W's shape (M_l, M_(l-1)) = (3, 4).")
    if db.shape != right_db.shape:
        return wrong(ex, f"db has shape {db.shape}; it must be b's shape (M_l,) = (3,).")
    if np.allclose(dW, 7 * right_dW) or np.allclose(db, 7 * right_db):
        return wrong(
            ex, "that is the sum over the examples; the risk is their mean, so divide by N."
        )
    if np.allclose(dW, right_dW) and np.allclose(db, right_db):
        return correct(ex, "dW = delta A_prev^T / N and db = the mean of delta's columns.")
    return wrong(
        ex, "dW(l) is the mean over examples of delta(l) a(l-1)^T, db(l) the mean of delta(l)."
    )


EX53_ERRORS = (3e-10, 0.4, 2e-4)


def check_verdicts(answer, errors=EX53_ERRORS):
    """Exercise 5.3: 'right', 'suspect' or 'wrong' for each relative error in ``errors``.

    The thresholds of the chapter, for float64: below 1e-7 right, above 1e-2
    wrong, in between suspect (check again, with other inputs and step sizes).
    """
    ex = "5.3"
    if answer is None:
        return not_answered(ex, "replace None by a tuple of three words.")
    if not isinstance(answer, (tuple, list)) or len(answer) != len(errors):
        return wrong(ex, f"give one verdict per error, {len(errors)} in all, as a tuple.")
    allowed = {"right", "suspect", "wrong"}
    if not set(answer) <= allowed:
        return wrong(ex, f"use only the words {sorted(allowed)}.")

    def verdict(e):
        return "right" if e < 1e-7 else ("wrong" if e > 1e-2 else "suspect")

    expected = tuple(verdict(e) for e in errors)
    if tuple(answer) == expected:
        return correct(ex, f"{expected}: below 1e-7 is right, above 1e-2 is wrong.")
    for e, given, right in zip(errors, answer, expected, strict=True):
        if given != right:
            return wrong(ex, f"a relative error of {e:g} is not '{given}'; see the thresholds.")
    return wrong(ex, "compare each error with the thresholds of the chapter.")
