"""Bad input to the public helpers: each case raises ValueError or TypeError naming the problem.

Modules with tables of their own (mlp, training, data, autodiff, gradcheck,
matcalc, symbolic) are tested there; this table covers the rest.
"""

import matplotlib

matplotlib.use("Agg")  # no window during the tests

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from helpers import activations, diagnostics, figures, gradcheck, losses, mlp, report, training  # noqa: E402

CASES = [
    # (description, call, exception, pattern)
    (
        "a string into sigmoid",
        lambda: activations.sigmoid("0.5"),
        TypeError,
        "z must be a real numeric array, got dtype <U3",
    ),
    (
        "an object array into tanh",
        lambda: activations.tanh(np.array([1.0, None])),
        TypeError,
        "got dtype object",
    ),
    (
        "NaN into relu",
        lambda: activations.relu(np.array([0.0, np.nan])),
        ValueError,
        "z contains NaN",
    ),
    (
        "NaN into a derivative",
        lambda: activations.sigmoid_derivative(np.nan),
        ValueError,
        "z contains NaN",
    ),
    (
        "inf into softmax",
        lambda: activations.softmax(np.array([[np.inf], [0.0]])),
        ValueError,
        "softmax of z containing inf",
    ),
    (
        "complex numbers into softmax",
        lambda: activations.softmax(np.array([1j])),
        TypeError,
        "got dtype complex128",
    ),
    (
        "an unknown activation",
        lambda: activations.get_activation("gelu"),
        ValueError,
        "unknown activation 'gelu'",
    ),
    (
        "probabilities above 1",
        lambda: losses.cross_entropy(np.array([[1.5]]), np.array([[1.0]])),
        ValueError,
        r"probabilities in \[0, 1\]",
    ),
    (
        "mismatched loss shapes",
        lambda: losses.sigmoid_cross_entropy(np.zeros((2, 3)), np.zeros((2, 2))),
        ValueError,
        r"z has shape \(2, 3\) but y has shape \(2, 2\)",
    ),
    (
        "strings as targets",
        lambda: losses.squared_error(np.zeros(2), ["a", "b"]),
        TypeError,
        "y must be a real numeric array",
    ),
    (
        "a one-layer decay fit",
        lambda: diagnostics.decay_per_layer([2.0]),
        ValueError,
        "at least two layer norms",
    ),
    (
        "a zero norm in a decay fit",
        lambda: diagnostics.decay_per_layer([1.0, 0.0, 2.0]),
        ValueError,
        "positive and finite",
    ),
    (
        "a ragged table",
        lambda: report.Table(["a", "b"], [["1"]]),
        ValueError,
        "row 0 has 1 cells but there are 2 headers",
    ),
    (
        "a diagram with a repeated node",
        lambda: figures.draw_network([["a"], ["a"]], {}),
        ValueError,
        "node names must be unique",
    ),
    (
        "a diagram edge to nowhere",
        lambda: figures.draw_network([["a"], ["b"]], {("a", "c"): "w"}),
        ValueError,
        r"edges name nodes that are in no layer: \['c'\]",
    ),
    (
        "a relative error of an infinite gradient",
        lambda: gradcheck.relative_error(np.array([1.0, np.inf]), np.array([1.0, 2.0])),
        ValueError,
        "gradient a holds an infinite value",
    ),
    (
        "a flow diagram with a repeated node",
        lambda: figures.draw_flow(["x", "x"], {}, {}),
        ValueError,
        "node names must be unique",
    ),
    (
        "a flow diagram whose parameter enters nothing drawn",
        lambda: figures.draw_flow(["x", "z"], {}, {}, params={"W": "q"}),
        ValueError,
        r"parameters enter quantities that are not in the chain: \['q'\]",
    ),
    (
        "a flow diagram edge that skips a quantity",
        lambda: figures.draw_flow(["x", "z", "a"], {("x", "a"): "?"}, {}),
        ValueError,
        r"the forward edge \('x', 'a'\) skips a quantity of the chain",
    ),
    (
        "a flow diagram edge to nowhere",
        lambda: figures.draw_flow(["x", "z"], {}, {("z", "y"): "?"}),
        ValueError,
        r"the backward edge \('z', 'y'\) names a node that is not drawn",
    ),
    (
        "accuracy with too few labels",
        lambda: training.accuracy(
            [(np.eye(2), np.zeros(2))], np.eye(2), np.array([0]), ["softmax"]
        ),
        ValueError,
        "X has 2 examples but there are 1 labels",
    ),
    (
        "float labels",
        lambda: training.confusion_matrix(np.array([0.5]), np.array([0]), 2),
        TypeError,
        "labels_true must hold integer class indices",
    ),
    (
        "a network of no layers",
        lambda: mlp.count_params([]),
        ValueError,
        r"non-empty list of \(W, b\) pairs",
    ),
    (
        "a layer size that is a float",
        lambda: mlp.init_params([2, 2.5], np.random.default_rng(0)),
        ValueError,
        "positive integers",
    ),
    (
        "layer sizes as a string",
        lambda: mlp.init_params("64", np.random.default_rng(0)),
        TypeError,
        "sequence of integers",
    ),
    (
        "activations as one string",
        lambda: mlp.forward([(np.eye(2), np.zeros(2))], np.eye(2), "tanh"),
        ValueError,
        "sequence of names, one per layer",
    ),
    (
        "a NaN bias",
        lambda: mlp.forward([(np.eye(2), np.array([np.nan, 0.0]))], np.eye(2), ["tanh"]),
        ValueError,
        r"b\(1\) contains NaN",
    ),
    (
        "inf in the targets",
        lambda: mlp.loss_and_grads(
            [(np.eye(2), np.zeros(2))],
            np.eye(2),
            np.array([[np.inf, 0], [0, 1]]),
            ["sigmoid"],
            "squared_error",
        ),
        ValueError,
        "Y contains inf",
    ),
]


@pytest.mark.parametrize("call, exc, pattern", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_is_named(call, exc, pattern):
    with pytest.raises(exc, match=pattern):
        call()


def test_flow_diagram_draws_every_arrow_and_label():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    forward = {("x", "z"): "x = 1", ("z", "a"): "z = 2", ("W", "z"): ""}
    backward = {("a", "z"): "delta = 3", ("z", "W"): "dW = 4"}
    fig, ax = plt.subplots()
    figures.draw_flow(["x", "z", "a"], forward, backward, params={"W": "z"}, ax=ax)
    arrows = [t for t in ax.texts if getattr(t, "arrow_patch", None) is not None]
    labels = {t.get_text() for t in ax.texts if getattr(t, "arrow_patch", None) is None}
    assert len(arrows) == len(forward) + len(backward)
    dashed = [a for a in arrows if a.arrow_patch.get_linestyle() != "-"]
    assert len(dashed) == len(backward)  # the backward pass, and only it, is dashed
    assert {"x = 1", "z = 2", "delta = 3", "dW = 4", "x", "z", "a", "W"} <= labels
    plt.close(fig)
