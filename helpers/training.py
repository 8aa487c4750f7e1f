"""Minibatch stochastic gradient descent for the networks of :mod:`helpers.mlp`.

Introduced in Chapter 5 (backpropagation at scale). Data are stored one
example per column, as everywhere in the book: ``X`` has shape (M_0, N) and
one-hot targets ``Y`` shape (M_L, N). Chapter 10 adds the ``optimizer`` and
``clip_norm`` arguments of :func:`train` (see :mod:`helpers.optimizers`), and
:func:`sgd_steps`, the same run one step at a time, to look inside it.
"""

from __future__ import annotations

import contextlib
import math
import re
from numbers import Integral, Real

import numpy as np

from . import mlp
from ._validation import as_real_array
from .mlp import forward
from .optimizers import _clip

__all__ = [
    "accuracy",
    "confusion_matrix",
    "evaluate",
    "minibatches",
    "one_hot",
    "predict",
    "sgd_step",
    "sgd_steps",
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
    return _classes(A_L)


def _classes(A_L):
    """The predicted class of each column of the output a(L); see :func:`predict`."""
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
    logistic output. One forward pass, no backward pass: the loss is that of
    :func:`helpers.mlp.loss_and_grads`, without its gradient.
    """
    checked, fs, X, Y = _checked_run(params, X, Y, activations, loss, 0.0)
    return _evaluate(checked, X, Y, fs, loss)


def _evaluate(params, X, Y, fs, loss):
    """:func:`evaluate` on checked arguments: one forward pass."""
    z, a = mlp._forward(params, X, fs)
    risk = float(np.mean(mlp._example_losses(z[-1], a[-1], Y, fs[-1], loss)))
    return risk, float(np.mean(_classes(a[-1]) == _labels_of(Y)))


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

    A run that diverges (its weights, loss or gradient overflow to inf or NaN,
    as at far too large a learning rate) stops with a ``FloatingPointError``
    that names the epoch, rather than going on with NaN. The history is taken
    by forward passes only.
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
    if lr is not None:
        _check_lr(lr)
    if optimizer is not None and not callable(getattr(optimizer, "step", None)):
        raise TypeError(
            "optimizer must have a method step(params, grads), such as "
            f"helpers.optimizers.SGD or Adam; got {type(optimizer).__name__}"
        )
    if clip_norm is not None:
        _check_clip_norm(clip_norm)
    # Check everything once, here; the loop below then runs on checked arrays.
    checked, fs, X, Y = _checked_run(params, X, Y, activations, loss, l2)
    if validation is not None:
        validation = _checked_validation(validation, checked, fs, loss)
    history = {"epoch": [], "train_loss": [], "train_accuracy": []}
    if validation is not None:
        history |= {"val_loss": [], "val_accuracy": []}
    if clip_norm is not None:
        history |= {"grad_norm": [], "clipped": []}
    step_size = f"lr={lr!r}" if optimizer is None else f"the learning rate of {optimizer!r}"

    def take_history(epoch, params):  # forward passes only
        history["epoch"].append(epoch)
        tl, ta = _evaluate(params, X, Y, fs, loss)
        history["train_loss"].append(tl)
        history["train_accuracy"].append(ta)
        if validation is not None:
            vl, va = _evaluate(params, *validation, fs, loss)
            history["val_loss"].append(vl)
            history["val_accuracy"].append(va)

    params = _copy(checked)  # our own arrays, updated in place below
    take_history(0, params)
    if callback is not None:
        callback(0, _copy(params))  # a snapshot: later steps must not change what it kept
    for epoch in range(1, epochs + 1):
        largest, clipped = 0.0, 0
        with _diverging(epoch, step_size, clip_norm):
            for X_batch, Y_batch in minibatches(X, Y, batch_size, rng):
                grads, norm = _minibatch_gradient(params, X_batch, Y_batch, fs, loss, l2, clip_norm)
                if clip_norm is not None:
                    largest, clipped = max(largest, norm), clipped + (norm > clip_norm)
                if optimizer is not None:
                    params = optimizer.step(params, grads)  # new arrays, its state kept inside
                else:
                    for (W, b), (dW, db) in zip(params, grads, strict=True):  # SGD, in place
                        W -= lr * dW
                        b -= lr * db
            if record or epoch == epochs:
                take_history(epoch, params)
        if clip_norm is not None:
            history["grad_norm"].append(largest)
            history["clipped"].append(clipped)
        if callback is not None:
            callback(epoch, _copy(params))
    return params, history


@contextlib.contextmanager
def _diverging(epoch, step_size, clip_norm):
    """Turn an overflow, or an inf or NaN made from finite numbers, into a clear error.

    While it is active numpy raises on such an operation instead of warning, so a
    run that diverges stops at its first non-finite number, with no warning and no
    NaN passed on. Underflow (exp of a very negative number rounding to 0) is
    harmless and stays silent.
    """
    if clip_norm is None or clip_norm == math.inf:
        clip = "clip the gradient's norm (the argument clip_norm)"
    else:
        clip = f"a smaller clip_norm than {clip_norm!r}"
    try:
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            yield
    except FloatingPointError as error:
        raise FloatingPointError(
            f"the training diverged in epoch {epoch}: the weights, the loss or the gradient "
            f"became too large for floating point (numpy: {error}). Try a smaller learning "
            f"rate than {step_size}, or {clip}"
        ) from None


def _checked_validation(validation, params, fs, loss):
    """``validation=(X_val, Y_val)``, checked against the network; errors name it."""
    if not isinstance(validation, (tuple, list)) or len(validation) != 2:
        got = type(validation).__name__
        if isinstance(validation, (tuple, list)):
            got += f" of length {len(validation)}"
        raise ValueError(f"validation must be a pair (X_val, Y_val), got a {got}")
    try:
        X_val = mlp._check_inputs(validation[0], params)
        Y_val = as_real_array(validation[1], "Y", ndim=2)
        if Y_val.shape[1] != X_val.shape[1]:
            raise ValueError(
                f"X has {X_val.shape[1]} examples (columns) but Y has {Y_val.shape[1]}; "
                "they must match"
            )
        output_shape = (params[-1][0].shape[0], X_val.shape[1])
        Y_val = mlp._check_targets(Y_val, output_shape, loss, fs[-1].name)
    except (ValueError, TypeError) as error:
        message = re.sub(r"\b([XY])\b", r"\1_val", str(error))
        raise type(error)(f"validation=(X_val, Y_val): {message}") from None
    return X_val, Y_val


def _copy(params):
    return [(W.copy(), b.copy()) for W, b in params]


def _check_lr(lr):
    if isinstance(lr, bool) or not isinstance(lr, Real) or not np.isfinite(lr) or lr <= 0:
        raise ValueError(f"the learning rate must be a positive finite number, got {lr!r}")


def _check_clip_norm(clip_norm):
    if isinstance(clip_norm, bool) or not isinstance(clip_norm, Real) or not clip_norm > 0:
        raise ValueError(f"clip_norm must be a positive number (inf allowed), got {clip_norm!r}")


def _checked_run(params, X, Y, activations, loss, l2):
    """The parameters, activation objects, inputs and targets of a run, checked once."""
    checked = mlp._check_params(params)
    fs = mlp._check_activations(activations, len(checked))
    X = mlp._check_inputs(X, checked)
    Y = mlp._check_targets(Y, (checked[-1][0].shape[0], X.shape[1]), loss, fs[-1].name)
    mlp._check_loss_and_l2(loss, l2)
    return checked, fs, X, Y


def _minibatch_gradient(params, X_batch, Y_batch, fs, loss, l2, clip_norm):
    """``(grads, norm)``: the minibatch's gradient, clipped to ``clip_norm`` (None: not
    clipped), and its global norm before clipping (None when not clipped)."""
    z, a = mlp._forward(params, X_batch, fs)
    _, grads, _ = mlp._backward(params, z, a, Y_batch, fs, loss, l2)
    if clip_norm is None:
        return grads, None
    return _clip(grads, clip_norm)  # as clip_by_global_norm


def sgd_steps(
    params, X, Y, activations, loss, *, epochs, batch_size, lr, rng, l2=0.0, clip_norm=math.inf
):
    """The steps of ``train(..., lr=lr, clip_norm=clip_norm)``, one at a time (Chapter 10).

    A generator, to look inside a run: for every minibatch, in order, it yields
    ``(before, grads, norm, after)``: the parameters before the step, the
    gradient of the minibatch's risk as the step used it (clipped to global
    norm ``clip_norm``; the default ``math.inf`` clips nothing), its global norm
    before clipping, and the parameters after the step, ``W - lr dW`` for every
    array. With the same arguments and a generator of the same seed the steps
    are those of :func:`train`: the last ``after`` is its result, to the last bit.

    Every step makes new arrays, so what the caller keeps never changes. They
    are the run's own (the next step starts from ``after``), so they are
    read-only: copy one before changing it. ``params`` passed in is not
    changed. The arguments are checked when ``sgd_steps`` is called, before
    the first step.
    """
    epochs = _positive_int(epochs, "epochs")
    batch_size = _positive_int(batch_size, "batch_size")
    _check_lr(lr)
    _check_clip_norm(clip_norm)
    checked, fs, X, Y = _checked_run(params, X, Y, activations, loss, l2)
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy.random.Generator, got {type(rng).__name__}")
    return _steps(_read_only(_copy(checked)), X, Y, fs, loss, l2, epochs, batch_size, lr, rng,
                  clip_norm)  # fmt: skip


def _read_only(params):
    for pair in params:
        for array in pair:
            array.flags.writeable = False
    return params


def _steps(params, X, Y, fs, loss, l2, epochs, batch_size, lr, rng, clip_norm):
    for epoch in range(1, epochs + 1):
        for X_batch, Y_batch in minibatches(X, Y, batch_size, rng):
            with _diverging(epoch, f"lr={lr!r}", clip_norm):  # not around the yield
                grads, norm = _minibatch_gradient(params, X_batch, Y_batch, fs, loss, l2, clip_norm)
                after = [
                    (W - lr * dW, b - lr * db)
                    for (W, b), (dW, db) in zip(params, grads, strict=True)
                ]
            yield params, _read_only(grads), norm, _read_only(after)
            params = after


def confusion_matrix(labels_true, labels_pred, n_classes):
    """C[i, j] = the number of examples of class i predicted as class j."""
    t, p = _labels(labels_true, "labels_true"), _labels(labels_pred, "labels_pred")
    if t.shape != p.shape:
        raise ValueError(f"{t.size} true labels but {p.size} predicted ones")
    n_classes = _positive_int(n_classes, "n_classes")
    C = np.zeros((n_classes, n_classes), dtype=int)
    np.add.at(C, (t, p), 1)
    return C
