"""Chapter 8: near misses and equivalent right answers for each checker."""

import numpy as np
import sympy as sp

from helpers import mlp, training

# 8.2: train the zero-initialised network of the exercise and count its distinct hidden units.
rng = np.random.default_rng(0)
X = rng.normal(size=(3, 40))
Y = training.one_hot(rng.integers(0, 2, size=40), 2)
zeros = mlp.init_params([3, 5, 2], rng, init="zeros")
trained, _ = training.train(
    zeros, X, Y, ["sigmoid", "softmax"], "cross_entropy",
    epochs=30, batch_size=8, lr=0.5, rng=np.random.default_rng(1),
)  # fmt: skip
DISTINCT = len({tuple(np.round(row, 12)) for row in trained[0][0]})

# 8.3: XOR from two ReLU units, checked here on the four inputs before it is used.
XOR_X = np.array([[0.0, 0.0, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0]])


def outputs(params):
    return mlp.forward(params, XOR_X, ["relu", "identity"])[0][0]


COUNT_AND_SUBTRACT = [
    (np.array([[1.0, 1.0], [1.0, 1.0]]), np.array([0.0, -1.0])),
    (np.array([[1.0, -2.0]]), np.array([0.0])),
]
BOTH_DIFFERENCES = [  # relu(x1 - x2) + relu(x2 - x1) = |x1 - x2|
    (np.array([[1.0, -1.0], [-1.0, 1.0]]), np.array([0.0, 0.0])),
    (np.array([[1.0, 1.0]]), np.array([0.0])),
]
for params in (COUNT_AND_SUBTRACT, BOTH_DIFFERENCES):
    assert outputs(params).tolist() == [0.0, 1.0, 1.0, 0.0]

CASES = {
    "check_larger_learning_rate": {
        "near": [
            ("yes", "try it"),
            (True, "answer with a word"),
            (1000, "not a number"),
            ("maybe", "answer 'yes' or 'no'"),
        ],
        "equivalent": ["No", " no ", "No.", "NO!"],
    },
    "check_zero_init": {
        "near": [
            (5, "are they different?"),
            (0, "do not stay zero"),
            (2, "output units do differ"),
            (str(DISTINCT), "not the string"),
            (DISTINCT - 1e-9, "0.999999999 is not a whole number"),
        ],
        "equivalent": [float(DISTINCT), sp.Integer(DISTINCT), np.float64(DISTINCT)],
    },
    "check_xor": {
        "near": [
            ([(np.eye(2), np.zeros(2)), (np.array([[1.0, 1.0]]), np.zeros(1))], "counts the ones"),
            (
                [(np.eye(2), np.zeros(2)), (np.array([[1.0], [1.0]]), np.zeros(1))],
                "W2 has shape (2, 1)",
            ),
            ([(np.ones((3, 2)), np.zeros(3)), (np.ones((1, 3)), np.zeros(1))], "2 hidden units"),
            (
                [COUNT_AND_SUBTRACT[0], (-COUNT_AND_SUBTRACT[1][0], np.array([1.0]))],
                "XNOR",
            ),
            ([(np.ones((2, 2)), np.array([0.0, -1.0]))], "2 entries, not 1"),
        ],
        "equivalent": [
            COUNT_AND_SUBTRACT,
            [[W.tolist(), b.tolist()] for W, b in BOTH_DIFFERENCES],  # lists for arrays and pairs
            [(W, b.reshape(-1, 1)) for W, b in COUNT_AND_SUBTRACT],  # biases as columns
        ],
    },
}
