"""Checkers for the exercises of Chapter 5, backpropagation at scale.

* 5.1 (derivation): the gradient of the L2 term (lambda/2) ||W||_F^2.
* 5.2 (implementation): a layer's parameter gradients from its deltas, for a minibatch.
* 5.3 (interpretation): reading the relative errors of gradient checks.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from . import correct, wrong
from ._common import (
    agree,
    array_result,
    checker,
    describe,
    entries,
    matrix_values,
    pair_result,
    parse_matrix,
    raised,
    run_reader_function,
    sample,
    trial_sizes,
    unusable_function,
)

__all__ = ["ex51_symbols", "check_l2_gradient", "check_minibatch_gradients", "check_verdicts"]


def ex51_symbols():
    """W (2 x 3) and lambda, as the exercise names them."""
    W = sp.Matrix(2, 3, lambda i, j: sp.Symbol(f"w_{i + 1}{j + 1}"))
    return W, sp.Symbol("lambda")


@checker("5.1", "replace None by a sympy Matrix.", "a sympy Matrix of W's shape, 2 x 3")
def check_l2_gradient(answer, seed=None):
    """Exercise 5.1: d/dW of (lambda/2) ||W||_F^2, in denominator layout.

    Compared entry by entry with lambda W at random values of the seven symbols;
    symbols of the same names with assumptions (``real=True``) are the same symbols.
    """
    ex = "5.1"
    W, lam = ex51_symbols()
    names = [str(s) for s in [*W, lam]]
    answer, feedback = parse_matrix(ex, answer, "replace None by a sympy Matrix.", allowed=names)
    if feedback:
        return feedback
    if answer.shape != W.shape:
        return wrong(ex, f"shape {answer.shape}; a derivative by W has W's shape {W.shape}.")
    pts = sample(np.random.default_rng(seed), dict.fromkeys(names, (-2.0, 2.0)))
    yours = matrix_values(answer, names, pts)
    if agree(yours, matrix_values(lam * W, names, pts)):
        return correct(ex, "lambda W: each w_ij appears once, squared, in the penalty.")
    slips = [
        (lam * W / 2, "the derivative of w^2 is 2w: the 1/2 cancels."),
        (2 * lam * W, "the penalty is (lambda/2) ||W||^2: the 2 from the square cancels the 1/2."),
        (W, "the factor lambda is missing."),
    ]
    for slip, message in slips:
        if agree(yours, matrix_values(slip, names, pts)):
            return wrong(ex, message)
    return wrong(ex, "differentiate (lambda/2) sum_ij w_ij^2 by each w_ij.")


@checker("5.2", "define minibatch_gradients(delta, A_prev).", "a function returning (dW, db)")
def check_minibatch_gradients(fn, seed=None):
    """Exercise 5.2: ``fn(delta, A_prev)`` returns ``(dW, db)`` averaged over the minibatch.

    ``delta`` has shape (M_l, N) and ``A_prev`` shape (M_(l-1), N); dW has W's
    shape (M_l, M_(l-1)) and db b's shape (M_l,). Fresh random shapes, N = 1 and
    M_l = 1 among them.
    """
    ex = "5.2"
    feedback = unusable_function(ex, fn, "define minibatch_gradients(delta, A_prev).")
    if feedback:
        return feedback
    rng = np.random.default_rng(seed)
    for m, m_prev, n in trial_sizes(rng):
        delta, A_prev = rng.normal(size=(m, n)), rng.normal(size=(m_prev, n))
        result, exc = run_reader_function(fn, delta.copy(), A_prev.copy())
        if exc is not None:
            return raised(ex, exc)
        pair, feedback = pair_result(ex, result, "(dW, db)")
        if feedback:
            return feedback
        right_dW, right_db = delta @ A_prev.T / n, delta.mean(axis=1)
        if np.shape(pair[1]) == (m, 1):
            return wrong(
                ex, f"db has shape {(m, 1)}; b has shape ({m},): average without keepdims."
            )
        if np.shape(pair[1]) == (n,) and n != m:
            return wrong(
                ex, f"db has shape ({n},): average over the examples (axis 1), not over axis 0."
            )
        dW, feedback = array_result(ex, pair[0], right_dW.shape, "dW (W's shape)")
        if feedback:
            return feedback
        db, feedback = array_result(ex, pair[1], right_db.shape, "db (b's shape)")
        if feedback:
            return feedback
        dW_ok, db_ok = np.allclose(dW, right_dW), np.allclose(db, right_db)
        if dW_ok and db_ok:
            continue
        for scale, message in [
            (n, "that is the sum over the examples; the risk is their mean, so divide by N."),
            (
                n / m,
                "divide by N, the number of examples (the columns, delta.shape[1]), "
                "not by the number of units M_l.",
            ),
        ]:
            if scale != 1 and (
                np.allclose(dW, scale * right_dW) or np.allclose(db, scale * right_db)
            ):
                return wrong(ex, message)
        if dW_ok:
            return wrong(ex, "dW is right; db is the mean of delta's columns.")
        if db_ok:
            return wrong(ex, "db is right; dW = delta A_prev^T / N.")
        return wrong(
            ex, "dW(l) is the mean over examples of delta(l) a(l-1)^T, db(l) the mean of delta(l)."
        )
    return correct(ex, "dW = delta A_prev^T / N and db = the mean of delta's columns.")


EX53_ERRORS = (3e-10, 0.4, 2e-4)
_VERDICTS = ("right", "suspect", "wrong")


def _verdict(error):
    return "right" if error < 1e-7 else ("wrong" if error > 1e-2 else "suspect")


@checker("5.3", "replace None by a tuple of three words.", "a tuple of words")
def check_verdicts(answer, errors=EX53_ERRORS):
    """Exercise 5.3: 'right', 'suspect' or 'wrong' for each relative error in ``errors``.

    The thresholds of the chapter, for float64: below 1e-7 right, above 1e-2
    wrong, in between suspect (check again, with other inputs and step sizes).
    """
    ex = "5.3"
    n = len(errors)
    items, feedback = entries(ex, answer, n, f"one verdict per error, {n} in all, as a tuple")
    if feedback:
        return feedback
    given = []
    for item in items:
        if not isinstance(item, str) or item.strip().lower() not in _VERDICTS:
            return wrong(ex, f"use only the words {list(_VERDICTS)}, not {describe(item)}.")
        given.append(item.strip().lower())
    expected = tuple(_verdict(e) for e in errors)
    if tuple(given) == expected:
        return correct(ex, f"{expected}: below 1e-7 is right, above 1e-2 is wrong.")
    why = {
        "right": "it is below 1e-7, as close as float64 rounding allows",
        "wrong": "it is above 1e-2: far too large for rounding or truncation",
        "suspect": "it lies between 1e-7 and 1e-2: check again with other inputs and steps",
    }
    e, yours, right = next(
        (e, g, r) for e, g, r in zip(errors, given, expected, strict=True) if g != r
    )
    return wrong(ex, f"a relative error of {e:g} is not '{yours}': {why[right]}.")
