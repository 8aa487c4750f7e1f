"""helpers.training and helpers.data: the minibatch loop, metrics and data sets."""

import math

import numpy as np
import pytest

from helpers import data, mlp, training
from helpers.gradcheck import numerical_gradient
from helpers.optimizers import clip_by_global_norm


def test_one_hot():
    Y = training.one_hot(np.array([2, 0, 1, 2]), 3)
    expected = np.array([[0, 1, 0, 0], [0, 0, 1, 0], [1, 0, 0, 1]], dtype=float)
    np.testing.assert_array_equal(Y, expected)


def test_minibatches_cover_every_column_once_in_a_seeded_order():
    X = np.arange(20.0).reshape(2, 10)
    Y = np.arange(10.0).reshape(1, 10)
    batches = list(training.minibatches(X, Y, 4, np.random.default_rng(0)))
    assert [b[0].shape[1] for b in batches] == [4, 4, 2]
    seen = np.concatenate([yb[0] for _, yb in batches])
    assert sorted(seen.tolist()) == list(range(10)) and seen.tolist() != list(range(10))
    for xb, yb in batches:  # columns stay paired
        np.testing.assert_array_equal(xb, np.stack([yb[0], yb[0] + 10]))
    again = list(training.minibatches(X, Y, 4, np.random.default_rng(0)))
    assert all((a[1] == b[1]).all() for a, b in zip(batches, again, strict=True))


def test_sgd_step_is_a_gradient_step():
    params = [(np.ones((2, 3)), np.zeros(2))]
    grads = [(np.full((2, 3), 2.0), np.array([1.0, -1.0]))]
    ((W, b),) = training.sgd_step(params, grads, 0.25)
    np.testing.assert_array_equal(W, np.full((2, 3), 0.5))
    np.testing.assert_array_equal(b, [-0.25, 0.25])


def test_predict_accuracy_and_confusion_on_a_known_network():
    # W = I, b = 0, softmax: the predicted class is the row of the largest input.
    params = [(np.eye(3), np.zeros(3))]
    X = np.array([[3.0, 0.0, 0.0, 1.0], [0.0, 2.0, 0.0, 5.0], [0.0, 0.0, 1.0, 0.0]])
    labels = np.array([0, 1, 1, 1])
    np.testing.assert_array_equal(training.predict(params, X, ["softmax"]), np.argmax(X, axis=0))
    assert training.accuracy(params, X, labels, ["softmax"]) == 0.75
    C = training.confusion_matrix(labels, training.predict(params, X, ["softmax"]), 3)
    expected = np.zeros((3, 3), dtype=int)
    for t, p in zip(labels, np.argmax(X, axis=0), strict=True):
        expected[t, p] += 1
    np.testing.assert_array_equal(C, expected)


def test_one_logistic_output_predicts_like_the_two_class_softmax():
    # A sigmoid output a = sigma(z) is the two-class softmax of the logits (z, 0), so its
    # prediction (a > 1/2) must be softmax's argmax with class 1 first; argmax of a single
    # row would call everything class 0.
    rng = np.random.default_rng(6)
    X = rng.normal(size=(3, 50))
    W, b = rng.normal(size=(1, 3)), rng.normal(size=1)
    logistic = [(W, b)]
    softmax = [(np.vstack([np.zeros_like(W), W]), np.array([0.0, b[0]]))]
    predicted = training.predict(logistic, X, ["sigmoid"])
    np.testing.assert_array_equal(predicted, training.predict(softmax, X, ["softmax"]))
    assert 0 < predicted.sum() < predicted.size  # both classes occur
    y = rng.integers(0, 2, size=50)
    expected = float(np.mean((W @ X + b[:, None] > 0)[0] == y))
    assert training.accuracy(logistic, X, y, ["sigmoid"]) == expected
    _, acc = training.evaluate(logistic, X, y[None, :].astype(float), ["sigmoid"], "cross_entropy")
    assert acc == expected


def test_train_learns_spirals_and_is_reproducible():
    X, y = data.spirals(60, 3, np.random.default_rng(0), noise=0.1)
    Y = training.one_hot(y, 3)
    start = mlp.init_params([2, 32, 3], np.random.default_rng(1), init="he")
    frozen = [(W.copy(), b.copy()) for W, b in start]
    calls = []

    def run():
        return training.train(
            start, X, Y, ["relu", "softmax"], "cross_entropy", epochs=100, batch_size=16,
            lr=0.5, rng=np.random.default_rng(2), validation=(X, Y),
            callback=lambda epoch, p: calls.append(epoch),
        )  # fmt: skip

    params, history = run()
    assert history["epoch"] == list(range(101)) and calls == list(range(101))
    assert history["train_loss"][-1] < 0.5 * history["train_loss"][0]
    assert history["train_accuracy"][-1] > 0.9
    assert history["val_loss"] == history["train_loss"]  # same data, same numbers
    for (W, b), (W0, b0) in zip(start, frozen, strict=True):  # input not modified
        np.testing.assert_array_equal(W, W0)
        np.testing.assert_array_equal(b, b0)
    params2, history2 = run()
    assert history2["train_loss"] == history["train_loss"]


def test_evaluate_matches_its_parts():
    X, y = data.spirals(10, 2, np.random.default_rng(3))
    Y = training.one_hot(y, 2)
    params = mlp.init_params([2, 4, 2], np.random.default_rng(4))
    loss, acc = training.evaluate(params, X, Y, ["tanh", "softmax"], "cross_entropy")
    assert loss == mlp.loss_and_grads(params, X, Y, ["tanh", "softmax"], "cross_entropy")[0]
    assert acc == training.accuracy(params, X, y, ["tanh", "softmax"])


def test_backward_deltas_are_per_example_sensitivities():
    # delta(l)[:, n] = dL_n/dz(l) = dL_n/db(l) for the loss of example n alone.
    rng = np.random.default_rng(5)
    params = mlp.init_params([3, 4, 2], rng)
    X, Y = rng.normal(size=(3, 4)), rng.uniform(size=(2, 4))
    names = ["tanh", "sigmoid"]
    _, cache = mlp.forward(params, X, names)
    _, _, deltas = mlp.backward(params, cache, Y, "squared_error")
    assert deltas[0] is None and [d.shape for d in deltas[1:]] == [(4, 4), (2, 4)]
    for n in range(4):
        for l in (1, 2):

            def loss_n(b, l=l, n=n):
                p = [(W, b if k == l - 1 else bb) for k, (W, bb) in enumerate(params)]
                return mlp.loss_and_grads(p, X[:, [n]], Y[:, [n]], names, "squared_error")[0]

            np.testing.assert_allclose(
                deltas[l][:, n], numerical_gradient(loss_n, params[l - 1][1]), rtol=1e-7, atol=1e-10
            )


def test_digits_split_is_a_seeded_partition():
    from sklearn.datasets import load_digits

    d = data.load_digits_split(np.random.default_rng(0))
    shapes = {k: v.shape for k, v in d.items()}
    assert shapes["X_train"] == (64, 1197) and shapes["X_val"] == (64, 240)
    assert shapes["X_test"] == (64, 360) and shapes["images"] == (1797, 8, 8)
    all_labels = np.concatenate([d["y_train"], d["y_val"], d["y_test"]])
    np.testing.assert_array_equal(np.bincount(all_labels), np.bincount(load_digits().target))
    assert 0.0 <= d["X_train"].min() and d["X_train"].max() <= 1.0
    np.testing.assert_array_equal(d["X_train"][:, 0], d["images"][0].ravel() / 16.0)
    again = data.load_digits_split(np.random.default_rng(0))
    np.testing.assert_array_equal(again["y_test"], d["y_test"])


def test_spirals_shape_and_labels():
    X, y = data.spirals(50, 3, np.random.default_rng(0))
    assert X.shape == (2, 150) and np.bincount(y).tolist() == [50, 50, 50]
    assert np.all(np.hypot(*X) <= 1.0 + 1e-12)


BAD = [
    (lambda: training.one_hot(np.array([0, 3]), 3), ValueError, r"labels must lie in 0..2"),
    (lambda: training.one_hot(np.array([0.0, 1.0]), 2), TypeError, r"integer class indices"),
    (
        lambda: next(
            training.minibatches(np.zeros((2, 3)), np.zeros((1, 4)), 2, np.random.default_rng())
        ),
        ValueError,
        r"X has 3 examples \(columns\) but Y has 4",
    ),
    (
        lambda: next(
            training.minibatches(np.zeros((2, 3)), np.zeros((1, 3)), 0, np.random.default_rng())
        ),
        ValueError,
        r"batch_size must be a positive integer, got 0",
    ),
    (
        lambda: training.sgd_step(
            [(np.ones((2, 2)), np.ones(2))], [(np.ones((2, 3)), np.ones(2))], 0.1
        ),
        ValueError,
        r"layer 1: gradients of shapes \(2, 3\), \(2,\) do not match",
    ),
    (
        lambda: training.sgd_step(
            [(np.ones((2, 2)), np.ones(2))], [(np.ones((2, 2)), np.ones(2))], -1
        ),
        ValueError,
        r"learning rate must be a positive finite number, got -1",
    ),
    (
        lambda: training.confusion_matrix(np.array([0, 1]), np.array([0]), 2),
        ValueError,
        "2 true labels but 1",
    ),
    (lambda: data.load_digits_split(0), TypeError, "rng must be a numpy.random.Generator"),
    (
        lambda: data.load_digits_split(np.random.default_rng(), n_test=1500, n_val=400),
        ValueError,
        "leaves no training data",
    ),
    (
        lambda: data.spirals(0, 3, np.random.default_rng()),
        ValueError,
        "n_per_class must be a positive integer",
    ),
]


@pytest.mark.parametrize("call, exc, pattern", BAD)
def test_bad_input_is_named(call, exc, pattern):
    with pytest.raises(exc, match=pattern):
        call()


def _tiny_run():
    """A small network and data, and the arguments of a one-epoch run."""
    X, y = data.spirals(10, 2, np.random.default_rng(0))
    start = mlp.init_params([2, 4, 2], np.random.default_rng(1))
    kwargs = {"epochs": 1, "batch_size": 4, "lr": 0.1, "rng": np.random.default_rng(2)}
    return X, training.one_hot(y, 2), start, ["tanh", "softmax"], kwargs


@pytest.mark.parametrize("run", [training.train, training.sgd_steps])
def test_train_checks_its_arguments_once_up_front(run):
    # sgd_steps too: at the call, not at the first step of the generator.
    X, Y, start, names, kwargs = _tiny_run()
    with pytest.raises(ValueError, match="unknown loss 'mse'"):
        run(start, X, Y, names, "mse", **kwargs)
    with pytest.raises(
        ValueError, match=r"Y has shape \(3, 20\) but the network outputs shape \(2, 20\)"
    ):
        run(start, X, np.ones((3, 20)) / 3, names, "cross_entropy", **kwargs)
    with pytest.raises(ValueError, match="learning rate must be a positive finite number"):
        run(start, X, Y, names, "cross_entropy", **(kwargs | {"lr": 0}))
    with pytest.raises(ValueError, match="l2 must be a finite number >= 0"):
        run(start, X, Y, names, "cross_entropy", l2=-0.1, **kwargs)
    with pytest.raises(ValueError, match="clip_norm must be a positive number"):
        run(start, X, Y, names, "cross_entropy", clip_norm=0, **kwargs)
    with pytest.raises(TypeError, match="rng must be a numpy.random.Generator"):
        run(start, X, Y, names, "cross_entropy", **(kwargs | {"rng": 2}))


def test_train_without_recording_gives_the_same_result():
    X, y = data.spirals(20, 2, np.random.default_rng(0))
    Y = training.one_hot(y, 2)
    start = mlp.init_params([2, 4, 2], np.random.default_rng(1))
    kwargs = {"epochs": 5, "batch_size": 8, "lr": 0.1}
    full, h_full = training.train(
        start, X, Y, ["tanh", "softmax"], "cross_entropy", rng=np.random.default_rng(2), **kwargs
    )
    calls = []
    lean, h_lean = training.train(
        start,
        X,
        Y,
        ["tanh", "softmax"],
        "cross_entropy",
        rng=np.random.default_rng(2),
        record=False,
        callback=lambda epoch, p: calls.append(epoch),
        **kwargs,
    )
    assert calls == list(range(6))  # the callback still runs after every epoch
    assert h_lean["epoch"] == [0, 5] and h_full["epoch"] == list(range(6))
    assert h_lean["train_loss"][-1] == h_full["train_loss"][-1]
    for (W, b), (W2, b2) in zip(full, lean, strict=True):
        np.testing.assert_array_equal(W, W2)
        np.testing.assert_array_equal(b, b2)


def test_snapshots_kept_by_the_callback_do_not_change_afterwards():
    # The trap of Chapter 5's first draft: a callback that keeps what it is given must
    # keep the parameters of that epoch, not a reference to arrays that training updates.
    X, y = data.spirals(20, 3, np.random.default_rng(0))
    Y = training.one_hot(y, 3)
    start = mlp.init_params([2, 8, 3], np.random.default_rng(1))
    names, kwargs = ["relu", "softmax"], {"batch_size": 8, "lr": 0.5}
    snapshots = {}
    final, _ = training.train(
        start, X, Y, names, "cross_entropy", epochs=6, rng=np.random.default_rng(2),
        callback=lambda epoch, p: snapshots.__setitem__(epoch, p), **kwargs,
    )  # fmt: skip
    assert sorted(snapshots) == list(range(7))
    for (W, b), (W0, b0) in zip(snapshots[0], start, strict=True):
        np.testing.assert_array_equal(W, W0)
        np.testing.assert_array_equal(b, b0)
    # Independent reference: a run stopped after k epochs, with the same shuffles.
    for k in (1, 3):
        stopped, _ = training.train(
            start, X, Y, names, "cross_entropy", epochs=k, rng=np.random.default_rng(2), **kwargs
        )
        for (W, b), (Wk, bk) in zip(snapshots[k], stopped, strict=True):
            np.testing.assert_array_equal(W, Wk)
            np.testing.assert_array_equal(b, bk)
    assert not np.array_equal(snapshots[3][0][0], final[0][0])
    # Changing a snapshot does not change the trained result either.
    snapshots[6][0][0][...] = 0.0
    assert np.any(final[0][0] != 0.0)


def test_sgd_steps_are_the_steps_of_train():
    # Independent reference: each step recomputed from its minibatch with mlp.loss_and_grads
    # (reproduced from a generator of the same seed) and the library's clipping.
    X, y = data.spirals(20, 3, np.random.default_rng(0))
    Y = training.one_hot(y, 3)
    start = mlp.init_params([2, 8, 3], np.random.default_rng(1))
    names, kwargs = ["relu", "softmax"], {"epochs": 3, "batch_size": 8, "lr": 0.5}
    for clip_norm in (math.inf, 0.3):
        steps = list(
            training.sgd_steps(start, X, Y, names, "cross_entropy", rng=np.random.default_rng(2),
                               clip_norm=clip_norm, **kwargs)
        )  # fmt: skip
        assert len(steps) == 3 * math.ceil(60 / 8)
        shuffles = np.random.default_rng(2)
        batches = [b for _ in range(3) for b in training.minibatches(X, Y, 8, shuffles)]
        previous = start
        for (before, grads, norm, after), (Xb, Yb) in zip(steps, batches, strict=True):
            assert _same(before, previous)
            _, exact = mlp.loss_and_grads(before, Xb, Yb, names, "cross_entropy")
            clipped, exact_norm = clip_by_global_norm(exact, clip_norm)
            assert norm == pytest.approx(exact_norm, rel=1e-12)
            assert _same(grads, clipped, np.allclose)
            assert _same(
                after,
                [
                    (W - 0.5 * dW, b - 0.5 * db)
                    for (W, b), (dW, db) in zip(before, grads, strict=True)
                ],
            )
            previous = after
        if clip_norm < math.inf:  # the clipping was exercised
            assert any(norm > clip_norm for _, _, norm, _ in steps)
        trained, history = training.train(
            start, X, Y, names, "cross_entropy", rng=np.random.default_rng(2),
            clip_norm=clip_norm, **kwargs,
        )  # fmt: skip
        assert _same(steps[-1][3], trained)  # to the last bit
        per_epoch = [max(norm for _, _, norm, _ in steps[e * 8 : (e + 1) * 8]) for e in range(3)]
        assert history["grad_norm"] == per_epoch


def test_sgd_steps_keeps_its_arrays_safe():
    X, Y, start, names, kwargs = _tiny_run()
    copies = [(W.copy(), b.copy()) for W, b in start]
    before, grads, _, after = next(
        training.sgd_steps(start, X, Y, names, "cross_entropy", **kwargs)
    )
    for arrays in (before, grads, after):
        with pytest.raises(ValueError, match="read-only"):
            arrays[0][0][0, 0] = 1.0
    assert all(W.flags.writeable and b.flags.writeable for W, b in start)
    assert _same(start, copies)


def _same(pairs, others, equal=np.array_equal):
    """Two lists of (W, b) pairs hold equal arrays (``equal`` compares two arrays)."""
    flat = [a for pair in pairs for a in pair]
    other = [a for pair in others for a in pair]
    return len(flat) == len(other) and all(equal(a, b) for a, b in zip(flat, other, strict=True))


@pytest.mark.parametrize("run", [training.train, training.sgd_steps])
def test_a_diverging_run_stops_with_a_clear_error(run):
    # Chapter 8's deep ReLU network at lr=50: the first steps overflow. Warnings are errors in
    # the tests, so a numpy warning or a NaN passed on would fail here too.
    X, y = data.spirals(40, 3, np.random.default_rng(0))
    Y = training.one_hot(y, 3)
    start = mlp.init_params([2] + [32] * 8 + [3], np.random.default_rng(1), init="he")
    names = ["relu"] * 8 + ["softmax"]
    kwargs = {"epochs": 3, "batch_size": 8, "lr": 50.0, "rng": np.random.default_rng(2)}
    with pytest.raises(FloatingPointError, match=r"diverged in epoch 1\b.*smaller learning rate"):
        list(run(start, X, Y, names, "cross_entropy", **kwargs))
    # The same run at a sane rate finishes with finite losses: the error is not raised blindly.
    _, history = training.train(start, X, Y, names, "cross_entropy", **(kwargs | {"lr": 0.01}))
    assert np.all(np.isfinite(history["train_loss"]))


def test_divergence_inside_a_later_epoch_is_named_and_leaves_numpy_as_it_was():
    # lr=1.5 on this small tanh network with squared error and an identity output overflows
    # only after the first epoch; the error names that epoch, found independently below.
    X, y = data.spirals(20, 2, np.random.default_rng(0))
    Y = 10.0 * training.one_hot(y, 2)
    start = mlp.init_params([2, 16, 2], np.random.default_rng(1))
    names, lr = ["tanh", "identity"], 1.5
    epoch, params = 0, start  # the epoch in which the weights first stop being finite
    shuffles = np.random.default_rng(2)
    with np.errstate(all="ignore"):
        while epoch < 50 and all(np.all(np.isfinite(W)) for W, _ in params):
            epoch += 1
            for Xb, Yb in training.minibatches(X, Y, 8, shuffles):
                _, grads = mlp.loss_and_grads(params, Xb, Yb, names, "squared_error")
                params = training.sgd_step(params, grads, lr)
    assert 1 < epoch < 50
    before = np.geterr()
    with pytest.raises(FloatingPointError, match=rf"diverged in epoch {epoch}\b.*clip_norm"):
        training.train(start, X, Y, names, "squared_error", epochs=50, batch_size=8, lr=lr,
                       rng=np.random.default_rng(2))  # fmt: skip
    assert np.geterr() == before


@pytest.mark.parametrize(
    ("validation", "pattern"),
    [
        (None, None),  # no validation: fine
        ("X_val", r"validation must be a pair \(X_val, Y_val\), got a str"),
        ((1, 2, 3), r"validation must be a pair \(X_val, Y_val\), got a tuple of length 3"),
        ((np.ones((3, 5)), np.ones((2, 5)) / 2), r"validation=\(X_val, Y_val\): X_val has shape"),
        ((np.ones((2, 5)), np.ones((2, 4)) / 2), "X_val has 5 examples .* but Y_val has 4"),
        ((np.ones((2, 5)), np.ones((3, 5)) / 3), r"Y_val has shape \(3, 5\)"),
        ((np.ones(2), np.ones(2) / 2), "validation=.*X_val must be 2-D"),
    ],
)
def test_a_malformed_validation_set_is_named(validation, pattern):
    X, Y, start, names, kwargs = _tiny_run()
    if pattern is None:
        training.train(start, X, Y, names, "cross_entropy", validation=validation, **kwargs)
        return
    with pytest.raises(ValueError, match=pattern):
        training.train(start, X, Y, names, "cross_entropy", validation=validation, **kwargs)


def test_the_history_takes_forward_passes_only(monkeypatch):
    # Backward passes are counted: one per minibatch step, none for the per-epoch history of
    # the training and validation sets, nor for evaluate.
    X, Y, start, names, kwargs = _tiny_run()
    calls, backward = [], mlp._backward
    monkeypatch.setattr(mlp, "_backward", lambda *a: calls.append(1) or backward(*a))
    kwargs |= {"epochs": 3}
    training.train(start, X, Y, names, "cross_entropy", validation=(X, Y), **kwargs)
    assert len(calls) == 3 * math.ceil(X.shape[1] / kwargs["batch_size"])
    calls.clear()
    training.evaluate(start, X, Y, names, "cross_entropy")
    assert calls == []  # its values: test_evaluate_matches_its_parts
