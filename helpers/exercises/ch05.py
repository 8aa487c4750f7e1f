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
    _plain_symbols,
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


# Functions whose values have cases: an answer holding one is compared branch by branch,
# since a few random points can miss a branch that is wrong on a small region only.
_CASES = (sp.Piecewise, sp.Heaviside, sp.Max, sp.Min, sp.Abs, sp.sign, sp.DiracDelta)


def _as_matrix_51(ex, answer, shape):
    """The answer as something :func:`parse_matrix` reads, or feedback on what it is instead.

    sympy's ``derive_by_array`` gives an NDimArray: one of rank 2 becomes a Matrix,
    one of rank 1 (by ``list(W)``), like a flat list or a 1-d array, a column.
    """
    if isinstance(answer, sp.NDimArray):
        if answer.rank() > 2:
            return None, wrong(
                ex,
                f"that is an array of shape {answer.shape}, the derivative of a matrix by W; "
                "differentiate the scalar penalty (lambda/2) sum_ij w_ij^2 instead.",
            )
        if answer.rank() == 2:
            return sp.Matrix(answer.tolist()), None
        if answer.rank() == 1:
            return sp.Matrix(list(answer)), None
        return answer[()], None  # rank 0: parse_matrix says it is not a Matrix
    flat = (isinstance(answer, np.ndarray) and answer.ndim == 1) or (
        isinstance(answer, (list, tuple))
        and answer
        and not any(isinstance(a, (list, tuple, np.ndarray, str, bytes)) for a in answer)
    )
    if flat and len(answer) == shape[0] * shape[1]:
        return sp.Matrix(list(answer)), None
    return answer, None


def _complex_abs(matrix):
    """True when an entry holds d re(w)/dw: the trace of sympy's norm on complex symbols."""
    return any(isinstance(d.expr, (sp.re, sp.im)) for e in matrix for d in e.atoms(sp.Derivative))


def _branch_off(entry, reference):
    """``(difference, region)`` of a branch on which ``entry`` differs from ``reference``
    for real values of the symbols, or None when they agree on every branch.

    A branch holds where its condition does and no earlier one's; one that holds
    nowhere, or only at points where the difference vanishes, is no difference.
    Raises when a region is not one of intervals and points in a single symbol.
    """
    real = {s: sp.Symbol(str(s), real=True) for s in entry.free_symbols | reference.free_symbols}
    difference = sp.piecewise_fold((entry - reference).xreplace(real).rewrite(sp.Piecewise))
    if isinstance(difference, sp.Piecewise):
        branches = difference.args
    else:
        branches = [(difference, sp.true)]
    earlier = []
    for value, condition in branches:
        region = sp.simplify(sp.And(condition, *[sp.Not(c) for c in earlier]))
        earlier.append(condition)
        if region == sp.false or sp.simplify(value) == 0:
            continue
        if region != sp.true:
            (symbol,) = region.free_symbols  # anything else raises: not compared
            points = region.as_set()
            if points.is_empty:
                continue
            if isinstance(points, sp.FiniteSet):
                off = [(p, sp.simplify(value.subs(symbol, p))) for p in points]
                off = [(p, v) for p, v in off if v != 0]
                if not off:
                    continue
                return _plain_symbols(off[0][1]), _plain_symbols(sp.Eq(symbol, off[0][0]))
        return _plain_symbols(value), _plain_symbols(region)
    return None


@checker("5.1", "replace None by a sympy Matrix.", "a sympy Matrix of W's shape, 2 x 3")
def check_l2_gradient(answer, seed=None):
    """Exercise 5.1: d/dW of (lambda/2) ||W||_F^2, in denominator layout.

    Compared entry by entry with lambda W at random values of the seven symbols;
    symbols of the same names with assumptions (``real=True``) are the same symbols.
    ``derive_by_array``'s NDimArray is read as a Matrix; a flat one (6 entries) is
    told to take W's shape. Entries with cases (Piecewise, Heaviside, Abs, Max, ...)
    must also agree on every branch, not only at the random points.
    """
    ex = "5.1"
    W, lam = ex51_symbols()
    names = [str(s) for s in [*W, lam]]
    answer, feedback = _as_matrix_51(ex, answer, W.shape)
    if feedback:
        return feedback
    if isinstance(answer, sp.MatrixBase) and _complex_abs(answer):
        return wrong(
            ex,
            "an entry holds Derivative(re(w)): sympy's norm squares Abs(w), which for complex "
            "symbols it cannot differentiate. Write the penalty as lambda/2 * sum(w**2 for w "
            "in W), or use symbols declared real=True.",
        )
    answer, feedback = parse_matrix(ex, answer, "replace None by a sympy Matrix.", allowed=names)
    if feedback:
        return feedback
    right = lam * W
    pts = sample(np.random.default_rng(seed), dict.fromkeys(names, (-2.0, 2.0)))
    if answer.shape != W.shape:
        message = f"shape {answer.shape}; a derivative by W has W's shape {W.shape}"
        if answer.shape == W.shape[::-1] and agree(
            matrix_values(answer, names, pts), matrix_values(right.T, names, pts)
        ):
            return wrong(ex, f"{message}: it is transposed (denominator layout).")
        if len(answer) == len(W):
            in_order = answer.reshape(*W.shape)
            lead = (
                "the entries are right, in W's order; "
                if agree(matrix_values(in_order, names, pts), matrix_values(right, names, pts))
                else ""
            )
            return wrong(
                ex,
                f"{message}: {lead}arrange them as W, e.g. sp.Matrix(2, 3, list(answer)), "
                "or differentiate by the Matrix W itself, not by list(W).",
            )
        return wrong(ex, message + ".")
    yours = matrix_values(answer, names, pts)
    if agree(yours, matrix_values(right, names, pts)):
        # right at the random points; with cases, it must be right on every branch too
        return _cases_feedback(ex, answer, right) or correct(
            ex, "lambda W: each w_ij appears once, squared, in the penalty."
        )
    slips = [
        (lam * W / 2, "the derivative of w^2 is 2w: the 1/2 cancels."),
        (2 * lam * W, "the penalty is (lambda/2) ||W||^2: the 2 from the square cancels the 1/2."),
        (W, "the factor lambda is missing."),
    ]
    for slip, message in slips:
        if agree(yours, matrix_values(slip, names, pts)):
            return wrong(ex, message)
    return _cases_feedback(ex, answer, right) or wrong(
        ex, "differentiate (lambda/2) sum_ij w_ij^2 by each w_ij."
    )


def _cases_feedback(ex, answer, right):
    """Where an entry with cases differs from the right one, or None when none does."""
    no_cases = "the derivative of w^2 is 2w everywhere, with no cases."
    for entry, reference in zip(answer, right, strict=True):
        if not entry.has(*_CASES):
            continue
        try:
            off = _branch_off(entry, reference)
        except Exception:  # sympy could not fold the branches, or a region has two symbols
            return wrong(
                ex,
                f"the entry {entry} has cases that could not be compared branch by "
                f"branch; {no_cases}",
            )
        if off is not None:
            where = "" if off[1] == sp.true else f" where {off[1]}"
            what = "has no value" if off[0].has(sp.nan, sp.zoo) else f"is off by {off[0]}"
            return wrong(ex, f"the entry {entry} {what}{where}; {no_cases}")
    return None


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
