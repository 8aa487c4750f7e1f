"""Chapter 3: near misses and equivalent right answers for each checker."""

import numpy as np
import sympy as sp

from helpers import mlp
from helpers import worked_example as we
from helpers.activations import sigmoid
from helpers.exercises import ch03
from helpers.gradcheck import numerical_gradient

# 3.1: sympy's derivative of the definition, with a = tanh(z).
a, y, z = sp.symbols("a y z")
DERIVED = sp.diff((y - sp.tanh(z)) ** 2 / 2, z).subs(sp.tanh(z), a)
REAL = {a: sp.Symbol("a", real=True), y: sp.Symbol("y", real=True)}


def sigmoid_output_delta(A, Y):
    return (A - Y) * A * (1 - A)


# 3.3: the deltas by central differences through the biases (dE/db(l) = delta(l)
# for one example), with the exercise's targets (swapped) and with the example's own.
X = np.array([[we.INPUTS["i1"]], [we.INPUTS["i2"]]])
(W1, B1), (W2, B2) = we.params()


def deltas(targets):
    Y = np.array([[targets["o1"]], [targets["o2"]]])

    def error(b1, b2):
        params = [(W1, b1), (W2, b2)]
        return mlp.loss_and_grads(params, X, Y, ["sigmoid"] * 2, "squared_error")[0]

    d1 = numerical_gradient(lambda b: error(b, B2), B1)
    d2 = numerical_gradient(lambda b: error(B1, b), B2)
    return d1, d2


SWAPPED = {"o1": we.TARGETS["o2"], "o2": we.TARGETS["o1"]}
assert SWAPPED == ch03.EX33_TARGETS
D1, D2 = deltas(SWAPPED)
D1_OWN, _ = deltas(we.TARGETS)
I = int(np.argmax(np.abs(D1)))
UNIT, OTHER = f"h{I + 1}", f"h{2 - I}"

CASES = {
    "check_tanh_delta": {
        "near": [
            ((y - a) * (1 - a**2), "sign is flipped"),
            (-(y - a), "1 - a^2 is missing"),
            (-(y - a) * a * (1 - a), "sigmoid's derivative"),
            ((a - y) * (1 - a) ** 2, "not (1 - a)^2"),
            (2 * (a - y) * (1 - a**2), "the 1/2 of J"),
            (-(y - sp.tanh(z)) * (1 - sp.tanh(z) ** 2), "write it without z"),
            # right for a > 0 only: tanh's range is (-1, 1), and the check samples all of it
            ((a - y) * (1 - a * sp.Abs(a)), "chain rule"),
            (sp.series(DERIVED, a, 0, 2), "removeO"),
            (sp.Derivative((y - a) ** 2 / 2, a), ".doit()"),
        ],
        "equivalent": [
            DERIVED,
            sp.factor(DERIVED).xreplace(REAL),
            (a - y) * (1 - a) * (1 + a),
            sp.Matrix([[DERIVED]]),
        ],
    },
    "check_output_delta": {
        "near": [
            (lambda A, Y: (Y - A) * A * (1 - A), "sign is flipped"),
            (lambda A, Y: A - Y, "is missing"),
            (lambda A, Y: (A - Y) * (1 - A), "not (1 - a(L))"),
            (lambda A, Y: (A - Y) * sigmoid(A) * (1 - sigmoid(A)), "A is already sigma"),
            (lambda A, Y: (A - Y) * A * (1 - A) / A.shape[1], "do not divide by N"),
            (lambda A, Y: ((A - Y) * A * (1 - A)).T, "transposed"),
            (lambda A, Y: ((A - Y) * A * (1 - A)).mean(axis=1), "should have"),
        ],
        "equivalent": [
            sigmoid_output_delta,
            lambda A, Y: np.multiply(A - Y, A - A**2),
            lambda A, Y: sigmoid_output_delta(A, Y).tolist(),
        ],
    },
    "check_responsible_unit": {
        "near": [
            ((UNIT, D1_OWN[I]), "swap the targets first"),
            ((OTHER, D1[1 - I]), "not the larger"),
            ((UNIT, -D1[I]), "sign is flipped"),
            ((UNIT, (W2.T @ D2)[I]), "f'(z(1)) = out_h (1 - out_h) is missing"),
            ((UNIT, D2[1]), "output unit's delta"),
            (("o2", D1[I]), "answer 'h1' or 'h2'"),
            ((UNIT, str(D1[I])), "is the string"),
            (UNIT, "not the string"),
            ((UNIT, round(D1[I], 3)), "give six decimals"),
        ],
        "equivalent": [
            (UNIT, D1[I]),
            (UNIT, round(D1[I], 6)),
            [UNIT.upper() + " ", np.float64(D1[I])],
            (UNIT, sp.Float(round(D1[I], 7))),
            np.array([UNIT, D1[I]], dtype=object),
        ],
    },
}
