"""Chapter 5: near misses and equivalent right answers for each checker."""

import numpy as np
import sympy as sp

from helpers.exercises import ch05
from helpers.matcalc import denominator_derivative

# 5.1: the derivative of the penalty, by the helper and entry by entry.
W, LAM = ch05.ex51_symbols()
PENALTY = LAM / 2 * sum(w**2 for w in W)
DERIVED = denominator_derivative(PENALTY, W)
REAL = {s: sp.Symbol(str(s), real=True) for s in [*W, LAM]}
# sympy's derive_by_array: by W itself it keeps W's shape; by list(W) it is flat.
BY_ARRAY = sp.derive_by_array(PENALTY, W)
FLAT = sp.derive_by_array(PENALTY, list(W))


def one_entry(entry):
    """LAM W with the entry (1, 2) replaced by entry(w_23)."""
    M = (LAM * W).as_mutable()
    M[1, 2] = entry(W[1, 2])
    return M


# ReLU-like cases: right except for w_23 in a narrow band, which random points miss.
BAND = one_entry(lambda w: sp.Piecewise((0, (w > 0.3) & (w < 0.31)), (LAM * w, True)))
TAIL = one_entry(lambda w: sp.Piecewise((LAM * w, w < 1.95), (0, True)))
HALF_RELU = W.applyfunc(lambda w: LAM * w * sp.Heaviside(w))
# Right with cases: the two halves of the line, by Heaviside, Max and Min, Piecewise.
HALVES = W.applyfunc(lambda w: LAM * w * (sp.Heaviside(w) + sp.Heaviside(-w)))
MAX_MIN = W.applyfunc(lambda w: LAM * (sp.Max(w, 0) + sp.Min(w, 0)))


def mean_of_outer_products(delta, A_prev):
    N = delta.shape[1]
    dW = sum(np.outer(delta[:, n], A_prev[:, n]) for n in range(N)) / N
    return [dW, delta.sum(axis=1) / N]  # a list for the pair


# 5.3: the chapter's thresholds, applied to the exercise's errors.
VERDICTS = tuple(
    "right" if e < 1e-7 else ("wrong" if e > 1e-2 else "suspect") for e in ch05.EX53_ERRORS
)
OTHER = {"right": "suspect", "suspect": "wrong", "wrong": "suspect"}


def with_one_changed(k):
    return tuple(OTHER[v] if i == k else v for i, v in enumerate(VERDICTS))


CASES = {
    "check_l2_gradient": {
        "near": [
            (LAM * W / 2, "the 1/2 cancels"),
            (2 * LAM * W, "the 2 from the square"),
            (LAM * W.T, "has W's shape"),
            (W, "lambda is missing"),
            (LAM, "give a sympy Matrix"),
            (FLAT, "the entries are right, in W's order"),
            (FLAT.reshape(1, 6), "the entries are right, in W's order"),
            (sp.Matrix(FLAT) / 2, "arrange them as W"),
            (sp.derive_by_array(PENALTY, W.T), "it is transposed"),
            (sp.derive_by_array(LAM * W, W), "the derivative of a matrix by W"),
            (sp.derive_by_array(LAM / 2 * W.norm() ** 2, W), "Derivative(re(w))"),
            (
                BAND,
                "off by -lambda*w_23 where (w_23 > 0.3) & (w_23 < 0.31)",
            ),  # random points miss it
            (TAIL, "where w_23 >= 1.95"),
            (HALF_RELU, "is off by -lambda*w_11 where w_11 < 0"),
            (one_entry(lambda w: LAM * sp.Max(0, w) / sp.Heaviside(w)), "no value where w_23 < 0"),
            (one_entry(lambda w: sp.Piecewise((1, sp.Eq(w, 0)), (LAM * w, True))), "off by 1"),
        ],
        "equivalent": [
            DERIVED,
            (LAM * W).xreplace(REAL),  # symbols declared real=True
            W.applyfunc(lambda w: sp.diff(PENALTY, w)),
            np.array((LAM * W).tolist(), dtype=object),
            BY_ARRAY,
            sp.MutableDenseNDimArray(BY_ARRAY),
            HALVES,
            MAX_MIN,
            W.applyfunc(lambda w: LAM * sp.Abs(w) * sp.sign(w)),
        ],
    },
    "check_minibatch_gradients": {
        "near": [
            (lambda d, a: (d @ a.T, d.sum(axis=1)), "divide by N"),
            (lambda d, a: (d @ a.T / d.shape[0], d.sum(axis=1) / d.shape[0]), "not by the number"),
            (lambda d, a: (a @ d.T / d.shape[1], d.mean(axis=1)), "transposed"),
            (lambda d, a: (d @ a.T / d.shape[1], d.mean(axis=0)), "not over axis 0"),
            (lambda d, a: (d @ a.T / d.shape[1], d.mean(axis=1, keepdims=True)), "keepdims"),
            (lambda d, a: d @ a.T / d.shape[1], "return a pair"),
        ],
        "equivalent": [
            lambda d, a: (d @ a.T / d.shape[1], d.mean(axis=1)),
            mean_of_outer_products,
            lambda d, a: (np.einsum("in,jn->ij", d, a) / d.shape[1], np.mean(d, axis=-1)),
        ],
    },
    "check_verdicts": {
        "near": [
            (with_one_changed(0), f"{ch05.EX53_ERRORS[0]:g} is not"),
            (with_one_changed(1), f"{ch05.EX53_ERRORS[1]:g} is not"),
            (with_one_changed(2), f"{ch05.EX53_ERRORS[2]:g} is not"),
            (VERDICTS[:2], "3 in all"),
            (([VERDICTS[0]], *VERDICTS[1:]), "use only the words"),
            (" ".join(VERDICTS), "not the string"),
        ],
        "equivalent": [
            list(VERDICTS),
            tuple(v.upper() + " " for v in VERDICTS),
            np.array(VERDICTS),
        ],
    },
}
