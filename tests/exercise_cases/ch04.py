"""Chapter 4: near misses and equivalent right answers for each checker."""

import numpy as np
import sympy as sp

from helpers import worked_example as we
from helpers.activations import sigmoid

# 4.1: sympy differentiates E_o1 = (target_o1 - out_o1)^2 / 2 by w5, with out_o1 the
# logistic of net_o1 = w5 out_h1 + w6 out_h2 + b2, then writes exp(-net_o1) with out_o1.
h, o, t, h2, w5, w6, b2 = sp.symbols("out_h1 out_o1 target_o1 out_h2 w5 w6 b2")
NET = w5 * h + w6 * h2 + b2
DERIVED = sp.simplify(
    sp.diff((t - 1 / (1 + sp.exp(-NET))) ** 2 / 2, w5).subs(sp.exp(-NET), (1 - o) / o)
)
assert DERIVED.free_symbols == {h, o, t}
REAL = {s: sp.Symbol(str(s), positive=True) for s in (h, o, t)}


def hidden_deltas(W2, delta2, A1):
    return A1 * (1 - A1) * (W2.T @ delta2)


def hidden_deltas_by_units(W2, delta2, A1):
    # unit i of layer 1 collects w_ti delta_t from every unit t it feeds
    back = np.array([[sum(W2[t, i] * delta2[t, n] for t in range(W2.shape[0]))
                      for n in range(delta2.shape[1])] for i in range(W2.shape[1])])  # fmt: skip
    return back * A1 * (1 - A1)


# 4.3: two steps of gradient descent on the weights, by hand in numpy (independent of
# helpers.mlp), and the variant of the printed run (hidden step with the updated W(2)).
x = np.array([we.INPUTS["i1"], we.INPUTS["i2"]])
target = np.array([we.TARGETS["o1"], we.TARGETS["o2"]])
(W1_0, B1), (W2_0, B2) = we.params()
ETA = we.LEARNING_RATE


def error(W1, W2):
    out = 1 / (1 + np.exp(-(W2 @ (1 / (1 + np.exp(-(W1 @ x + B1)))) + B2)))
    return 0.5 * np.sum((target - out) ** 2)


def gradient(W1, W2, updated_output_weights=False):
    a1 = 1 / (1 + np.exp(-(W1 @ x + B1)))
    a2 = 1 / (1 + np.exp(-(W2 @ a1 + B2)))
    d2 = (a2 - target) * a2 * (1 - a2)
    W2_new = W2 - ETA * np.outer(d2, a1)
    d1 = (((W2_new if updated_output_weights else W2).T) @ d2) * a1 * (1 - a1)
    return np.outer(d1, x), np.outer(d2, a1)


def step(W1, W2, variant=False):
    g1, g2 = gradient(W1, W2, variant)
    return W1 - ETA * g1, W2 - ETA * g2


W1_1, W2_1 = step(W1_0, W2_0)
W1_2, W2_2 = step(W1_1, W2_1)
E0, E1, E2 = error(W1_0, W2_0), error(W1_1, W2_1), error(W1_2, W2_2)
DROP = E1 - E2
G1, G2 = gradient(W1_0, W2_0)
REUSED = E1 - error(W1_1 - ETA * G1, W2_1 - ETA * G2)
V1 = step(W1_0, W2_0, variant=True)
VARIANT = error(*V1) - error(*step(*V1, variant=True))


def step_with_biases(W1, b1, W2, b2):  # the slip of updating the biases too
    a1 = 1 / (1 + np.exp(-(W1 @ x + b1)))
    a2 = 1 / (1 + np.exp(-(W2 @ a1 + b2)))
    d2 = (a2 - target) * a2 * (1 - a2)
    d1 = (W2.T @ d2) * a1 * (1 - a1)
    return W1 - ETA * np.outer(d1, x), b1 - ETA * d1, W2 - ETA * np.outer(d2, a1), b2 - ETA * d2


def error_with_biases(W1, b1, W2, b2):
    out = 1 / (1 + np.exp(-(W2 @ (1 / (1 + np.exp(-(W1 @ x + b1)))) + b2)))
    return 0.5 * np.sum((target - out) ** 2)


P1 = step_with_biases(W1_0, B1, W2_0, B2)
BIASES_TOO = error_with_biases(*P1) - error_with_biases(*step_with_biases(*P1))

CASES = {
    "check_dE_dw5": {
        "near": [
            (-DERIVED, "sign is flipped"),
            (-(t - o) * h, "out_o1 (1 - out_o1) is missing"),
            (-(t - o) * o * (1 - o), "out_h1 is missing"),
            (-(t - o) * o * (1 - o) * h2, "w5 connects h1 to o1"),
            (o * (1 - o) * h, "-(target_o1 - out_o1) is missing"),
        ],
        "equivalent": [DERIVED, (o - t) * o * (1 - o) * h, DERIVED.xreplace(REAL)],
    },
    "check_hidden_deltas": {
        "near": [
            (lambda W2, d2, A1: (W2 @ d2) * A1 * (1 - A1), "Is W(2) transposed?"),
            (lambda W2, d2, A1: W2.T @ d2, "a(1)(1 - a(1)) is missing"),
            (lambda W2, d2, A1: (W2.T @ d2) * A1, "not a(1)"),
            (lambda W2, d2, A1: (W2.T @ d2) * sigmoid(A1) * (1 - sigmoid(A1)), "A1 is already"),
            (lambda W2, d2, A1: (d2.T @ W2) * (A1 * (1 - A1)).T, "transposed"),
            (lambda W2, d2, A1: (W2.T @ d2) @ (A1 * (1 - A1)), "element-wise"),
            (lambda W2, d2, A1: (W2.T @ d2) * A1 * (1 - A1) / d2.shape[1], "do not divide by N"),
        ],
        "equivalent": [
            hidden_deltas,
            hidden_deltas_by_units,
            lambda W2, d2, A1: np.einsum("ti,tn->in", W2, d2) * (A1 - A1**2),
        ],
    },
    "check_second_drop": {
        "near": [
            (-DROP, "sign is flipped"),
            (E0 - E1, "the first update's drop"),
            (E0 - E2, "both updates together"),
            (E2, "the error after the second update"),
            (REUSED, "compute the gradient again"),
            (VARIANT, "the printed run's variant"),
            (str(DROP), "not the string"),
            (round(DROP, 5), "give it to nine decimals"),
            (BIASES_TOO, "the biases were updated too"),
        ],
        "equivalent": [
            DROP,
            float(f"{DROP:.9f}"),  # rounded to the nine decimals asked
            int(DROP * 1e9) / 1e9,  # or cut off there
            np.float64(DROP),
            sp.Float(DROP),
            sp.Matrix([[DROP]]),
            np.array([DROP]),
        ],
    },
}
