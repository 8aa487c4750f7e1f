"""Minibatch stochastic gradient descent for the networks of :mod:`helpers.mlp`.

Introduced in Chapter 5 (backpropagation at scale). Data are stored one
example per column, as everywhere in the book: ``X`` has shape (M_0, N) and
one-hot targets ``Y`` shape (M_L, N). Chapter 10 adds the ``optimizer`` and
``clip_norm`` arguments of :func:`train` (see :mod:`helpers.optimizers`).
"""

from __future__ import annotations

from numbers import Integral, Real

import numpy as np

from . import mlp
from ._validation import as_real_array
from .mlp import forward, loss_and_grads
from .optimizers import _clip

__all__ = [
    "accuracy",
    "confusion_matrix",
    "evaluate",
    "minibatches",
    "one_hot",
    "predict",
    "sgd_step",
    "train",
]


def _positive_int(value, name):
    if isinstance(value, bool) or not isinstance(value, Integral) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


def _labels(labels, name="labels"):
    arr = np.asarray(labels)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be 1-D, got shape {arr.shape}")
    if arr.dtype.kind not in "iu":
        raise TypeError(f"{name} must hold integer class indices, got dtype {arr.dtype}")
    return arr


def one_hot(labels, n_classes):
    """Labels 0..C-1 as a (C, N) matrix with a single 1 per column."""
    labels = _labels(labels)
    n_classes = _positive_int(n_classes, "n_classes")
    if labels.size and (labels.min() < 0 or labels.max() >= n_classes):
        raise ValueError(
            f"labels must lie in 0..{n_classes - 1}, "
            f"got values from {labels.min()} to {labels.max()}"
        )
    Y = np.zeros((n_classes, labels.size))
    Y[labels, np.arange(labels.size)] = 1.0
    return Y


def minibatches(X, Y, batch_size, rng):
    """Yield ``(X_batch, Y_batch)`` pairs covering every column once, in a shuffled order.

    The order comes from ``rng`` (a ``numpy.random.Generator``), so a seeded
    generator gives the same epoch every run. The last batch may be smaller.
    """
    X = as_real_array(X, "X", ndim=2)
    Y = as_real_array(Y, "Y", ndim=2)
    if X.shape[1] != Y.shape[1]:
        raise ValueError(
            f"X has {X.shape[1]} examples (columns) but Y has {Y.shape[1]}; they must match"
        )
    batch_size = _positive_int(batch_size, "batch_size")
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy.random.Generator, got {type(rng).__name__}")
    order = rng.permutation(X.shape[1])
    for start in range(0, X.shape[1], batch_size):
        cols = order[start : start + batch_size]
        yield X[:, cols], Y[:, cols]


def sgd_step(params, grads, lr):
    """One step of gradient descent: W(l) <- W(l) - lr dR/dW(l), the same for b(l)."""
    if isinstance(lr, bool) or not isinstance(lr, Real) or not np.isfinite(lr) or lr <= 0:
        raise ValueError(f"the learning rate must be a positive finite number, got {lr!r}")
    if len(params) != len(grads):
        raise ValueError(f"{len(params)} layers of parameters but {len(grads)} of gradients")
    new = []
    for l, ((W, b), (dW, db)) in enumerate(zip(params, grads, strict=True), start=1):
        if np.shape(dW) != np.shape(W) or np.shape(db) != np.shape(b):
            raise ValueError(
                f"layer {l}: gradients of shapes {np.shape(dW)}, {np.shape(db)} "
                f"do not match parameters of shapes {np.shape(W)}, {np.shape(b)}"
            )
        new.append((W - lr * dW, b - lr * db))
    return new


def predict(params, X, activations):
    """The predicted class of each column of X.

    With several outputs, the index of the largest one. With a single output
    (the logistic output of a two-class problem, Chapter 9), a(L) is read as
    p(y = 1 | x): class 1 where a(L) > 1/2, else class 0.
    """
    A_L, _ = forward(params, X, activations)
    if A_L.shape[0] == 1:
        return (A_L[0] > 0.5).astype(int)
    return np.argmax(A_L, axis=0)


def _labels_of(Y):
    """Class labels of targets Y: the row of the 1 in each one-hot column, or y itself
    for a single row of 0/1 labels (a two-class problem)."""
    if Y.shape[0] == 1:
        return (Y[0] > 0.5).astype(int)
    return np.argmax(Y, axis=0)


def accuracy(params, X, labels, activations):
    """The fraction of columns of X whose predicted class equals the label."""
    labels = _labels(labels)
    predicted = predict(params, X, activations)
    if predicted.size != labels.size:
        raise ValueError(f"X has {predicted.size} examples but there are {labels.size} labels")
    return float(np.mean(predicted == labels))


def evaluate(params, X, Y, activations, loss):
    """``(loss, accuracy)`` on a whole data set (no L2 term).

    Y holds one-hot targets, or a single row of 0/1 labels for a network with one
    logistic output.
    """
    risk, _ = loss_and_grads(params, X, Y, activations, loss)
    return risk, accuracy(params, X, _labels_of(np.asarray(Y)), activations)


def train(
    params,
    X,
    Y,
    activations,
    loss,
    *,
    epochs,
    batch_size,
    lr=None,
    rng,
    l2=0.0,
    validation=None,
    callback=None,
    record=True,
    optimizer=None,
    clip_norm=None,
):
    """Minibatch SGD; returns ``(params, history)``.

    ``history`` holds one entry per epoch (and one for the start, epoch 0) in
    the lists ``"epoch"``, ``"train_loss"``, ``"train_accuracy"`` and, when
    ``validation=(X_val, Y_val)`` is given, ``"val_loss"`` and ``"val_accuracy"``.
    Losses are the data loss without the L2 term, so runs with different
    ``l2`` compare. ``callback(epoch, params)``, if given, is called after every
    epoch (and at epoch 0), for snapshots: it receives a copy of the parameters
    of that moment, which it may keep; the training goes on with its own arrays,
    so a kept snapshot never changes afterwards. With ``record=False`` the history is
    taken only at the start and the end, which saves a pass over the data per
    epoch (the benchmarks use it). ``params`` passed in is not changed.

    The step: give either ``lr``, for plain SGD (W <- W - lr dR/dW, in place on
    the loop's own arrays), or ``optimizer`` (Chapter 10), an object whose
    ``step(params, grads)`` returns the new parameters, such as
    ``helpers.optimizers.SGD`` or ``Adam``; each minibatch then does
    ``params = optimizer.step(params, grads)``. The optimizer keeps its state
    from one call to the next, so give each run a new one.

    ``clip_norm``, if given, clips every minibatch gradient to that global norm
    before the step (:func:`helpers.optimizers.clip_by_global_norm`), and the
    history gains, for each epoch 1 .. ``epochs`` (whatever ``record`` says),
    ``"grad_norm"``, the largest global norm of the epoch's minibatch gradients
    before clipping, and ``"clipped"``, how many of its steps were clipped.
    ``clip_norm=math.inf`` clips nothing and only measures.
    """
    epochs = _positive_int(epochs, "epochs")
    batch_size = _positive_int(batch_size, "batch_size")
    if lr is None and optimizer is None:
        raise ValueError("give a learning rate lr (plain SGD) or an optimizer")
    if lr is not None and optimizer is not None:
        raise ValueError(
            f"give either lr (plain SGD) or an optimizer, not both: the optimizer "
            f"{optimizer!r} carries its own learning rate"
        )
    if lr is not None and (
        isinstance(lr, bool) or not isinstance(lr, Real) or not np.isfinite(lr) or lr <= 0
    ):
        raise ValueError(f"the learning rate must be a positive finite number, got {lr!r}")
    if optimizer is not None and not callable(getattr(optimizer, "step", None)):
        raise TypeError(
            "optimizer must have a method step(params, grads), such as "
            f"helpers.optimizers.SGD or Adam; got {type(optimizer).__name__}"
        )
    if clip_norm is not None and (
        isinstance(clip_norm, bool) or not isinstance(clip_norm, Real) or not clip_norm > 0
    ):
        raise ValueError(f"clip_norm must be a positive number (inf allowed), got {clip_norm!r}")
    # Check everything once, here; the loop below then runs on checked arrays.
    checked = mlp._check_params(params)
    fs = mlp._check_activations(activations, len(checked))
    X = mlp._check_inputs(X, checked)
    Y = mlp._check_targets(Y, (checked[-1][0].shape[0], X.shape[1]), loss, fs[-1].name)
    mlp._check_loss_and_l2(loss, l2)
    history = {"epoch": [], "train_loss": [], "train_accuracy": []}
    if validation is not None:
        history |= {"val_loss": [], "val_accuracy": []}
    if clip_norm is not None:
        history |= {"grad_norm": [], "clipped": []}

    def take_history(epoch, params):
        history["epoch"].append(epoch)
        tl, ta = evaluate(params, X, Y, activations, loss)
        history["train_loss"].append(tl)
        history["train_accuracy"].append(ta)
        if validation is not None:
            vl, va = evaluate(params, *validation, activations, loss)
            history["val_loss"].append(vl)
            history["val_accuracy"].append(va)

    params = _copy(checked)  # our own arrays, updated in place below
    take_history(0, params)
    if callback is not None:
        callback(0, _copy(params))  # a snapshot: later steps must not change what it kept
    for epoch in range(1, epochs + 1):
        largest, clipped = 0.0, 0
        for X_batch, Y_batch in minibatches(X, Y, batch_size, rng):
            z, a = mlp._forward(params, X_batch, fs)
            _, grads, _ = mlp._backward(params, z, a, Y_batch, fs, loss, l2)
            if clip_norm is not None:
                grads, norm = _clip(grads, clip_norm)  # as clip_by_global_norm
                largest, clipped = max(largest, norm), clipped + (norm > clip_norm)
            if optimizer is not None:
                params = optimizer.step(params, grads)  # new arrays, its state kept inside
            else:
                for (W, b), (dW, db) in zip(params, grads, strict=True):  # SGD, in place
                    W -= lr * dW
                    b -= lr * db
        if clip_norm is not None:
            history["grad_norm"].append(largest)
            history["clipped"].append(clipped)
        if record or epoch == epochs:
            take_history(epoch, params)
        if callback is not None:
            callback(epoch, _copy(params))
    return params, history


def _copy(params):
    return [(W.copy(), b.copy()) for W, b in params]


def confusion_matrix(labels_true, labels_pred, n_classes):
    """C[i, j] = the number of examples of class i predicted as class j."""
    t, p = _labels(labels_true, "labels_true"), _labels(labels_pred, "labels_pred")
    if t.shape != p.shape:
        raise ValueError(f"{t.size} true labels but {p.size} predicted ones")
    n_classes = _positive_int(n_classes, "n_classes")
    C = np.zeros((n_classes, n_classes), dtype=int)
    np.add.at(C, (t, p), 1)
    return C
