"""Automatic differentiation, small enough to read in one sitting.

Introduced in Chapter 7 (automatic differentiation).

* :class:`Value`: **reverse mode**. A Value wraps a float or a numpy array and
  records, for every operation, its inputs and how to pass a gradient back to
  them (a vector-Jacobian product). ``out.backward()`` visits the recorded
  graph once, from the output back to the inputs, in topological order.
* :class:`Dual`: **forward mode** for scalars. A Dual carries a value and its
  derivative along one direction; every operation applies the chain rule at
  once. One pass gives the derivative with respect to one input.

The functions :func:`exp`, :func:`log`, :func:`tanh`, :func:`sigmoid` and
:func:`relu` accept a Value, a Dual, a sympy expression or a plain number or
array (and the Tracer of Chapter 11's ``helpers.static_graph``), so one
function definition can be differentiated every way the book compares.

Gradients of a Value follow the operand's shape: where numpy broadcast an
operand, its gradient is summed back to the operand's shape.

**Constants.** A Value made with ``requires_grad=False``, and every number or
array mixed into an expression, is a constant: backward computes no gradient
for it, nor for nodes computed only from constants (their ``grad`` stays zero).
Pass inputs that are data, not parameters, as ``Value(X, requires_grad=False)``.

**Repeated backward calls.** ``out.backward()`` computes d(out)/d(node) for
every node of the graph and *adds* it to ``node.grad``. A node used several
times therefore receives the sum of its contributions, and a second call to
``backward()`` adds the same gradients again (they double), exactly as if the
output had been used twice. Call ``out.zero_grad()`` to reset every ``grad``
in the graph to zero first.
"""

from __future__ import annotations

import math
from numbers import Real

import numpy as np
import sympy as sp

from . import activations as act

__all__ = ["Dual", "Value", "exp", "log", "relu", "sigmoid", "tanh"]


def _real_array(data, what):
    arr = np.asarray(data)
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{what} must be a real number or array, got {type(data).__name__}")
    return np.array(arr, dtype=float)  # a copy: later changes to the input do not leak in


def _unbroadcast(grad, shape):
    """Sum a gradient over the axes along which an operand of ``shape`` was broadcast."""
    while grad.ndim > len(shape):
        grad = grad.sum(axis=0)
    for axis, size in enumerate(shape):
        if size == 1 and grad.shape[axis] != 1:
            grad = grad.sum(axis=axis, keepdims=True)
    return grad


class Value:
    """A node of a computation graph for reverse-mode differentiation."""

    __array_priority__ = 1000  # numpy array (op) Value defers to Value's reflected method

    def __init__(self, data, _parents=(), _op="", requires_grad=True):
        if isinstance(data, Value):
            raise TypeError("Value(Value(...)) is not allowed: use the Value itself")
        if _parents:  # the fresh result of an operation: no copy needed
            self.data = np.asarray(data, dtype=float)
            self.requires_grad = any(parent.requires_grad for parent, _ in _parents)
        else:  # data from outside: a copy, so later changes to it do not leak in
            self.data = _real_array(data, "a Value's data")
            self.requires_grad = bool(requires_grad)
        self._grad = None  # allocated when a gradient first arrives
        self._parents = _parents  # pairs (input Value, function from output grad to input grad)
        self._op = _op

    @property
    def grad(self):
        """d(output)/d(this node), summed over backward() calls; zeros before any."""
        if self._grad is None:
            self._grad = np.zeros_like(self.data)
        return self._grad

    @grad.setter
    def grad(self, value):
        self._grad = np.asarray(value, dtype=float)

    # --- description -------------------------------------------------------------
    @property
    def shape(self):
        return self.data.shape

    @property
    def ndim(self):
        return self.data.ndim

    @property
    def size(self):
        return self.data.size

    def __repr__(self):
        return f"Value({self.data.tolist()!r}, op={self._op!r})"

    # --- building the graph --------------------------------------------------------
    @staticmethod
    def _lift(other):
        # A number or array mixed into an expression is a constant: no gradient is computed for it.
        return other if isinstance(other, Value) else Value(other, requires_grad=False)

    def _binary(self, other, op, forward, grad_self, grad_other):
        other = self._lift(other)
        try:
            with np.errstate(over="raise", divide="raise", invalid="raise"):
                data = forward(self.data, other.data)
        except ValueError:
            raise ValueError(
                f"cannot apply {op!r} to Values of shapes {self.shape} and {other.shape}: "
                "they do not broadcast"
            ) from None
        except FloatingPointError as exc:
            raise ValueError(f"{op!r} failed: {exc} (shapes {self.shape}, {other.shape})") from None
        return Value(
            data,
            ((self, lambda g: grad_self(g, self.data, other.data)),
             (other, lambda g: grad_other(g, self.data, other.data))),
            op,
        )  # fmt: skip

    def __add__(self, other):
        return self._binary(other, "+", np.add, lambda g, a, b: g, lambda g, a, b: g)

    def __sub__(self, other):
        return self._binary(other, "-", np.subtract, lambda g, a, b: g, lambda g, a, b: -g)

    def __mul__(self, other):
        return self._binary(other, "*", np.multiply, lambda g, a, b: g * b, lambda g, a, b: g * a)

    def __truediv__(self, other):
        return self._binary(
            other, "/", np.divide, lambda g, a, b: g / b, lambda g, a, b: -g * a / b**2
        )

    def __radd__(self, other):
        return self._lift(other) + self

    def __rsub__(self, other):
        return self._lift(other) - self

    def __rmul__(self, other):
        return self._lift(other) * self

    def __rtruediv__(self, other):
        return self._lift(other) / self

    def __neg__(self):
        return Value(-self.data, ((self, lambda g: -g),), "neg")

    def __pow__(self, exponent):
        if isinstance(exponent, Value) or not isinstance(exponent, Real):
            raise TypeError(
                f"the exponent of a Value must be a number, got {type(exponent).__name__}"
            )
        p = float(exponent)
        with np.errstate(over="raise", divide="raise", invalid="raise"):
            try:
                data = self.data**p
            except FloatingPointError as exc:
                raise ValueError(f"Value ** {p:g}: {exc}") from None

        def grad(g):
            with np.errstate(divide="ignore", invalid="ignore"):  # slope of x**p at 0 for p < 1
                slope = p * self.data ** (p - 1)
            return np.where(g == 0, 0.0, g * slope)

        return Value(data, ((self, grad),), f"**{p:g}")

    def __matmul__(self, other):
        other = self._lift(other)
        a, b = self.data, other.data
        if not (1 <= a.ndim <= 2 and 1 <= b.ndim <= 2):
            raise ValueError(f"@ takes 1-D or 2-D Values, got shapes {a.shape} and {b.shape}")
        A = a if a.ndim == 2 else a[None, :]  # a vector on the left is a row
        B = b if b.ndim == 2 else b[:, None]  # a vector on the right is a column
        if A.shape[1] != B.shape[0]:
            raise ValueError(
                f"cannot multiply Values of shapes {a.shape} @ {b.shape}: "
                f"inner dimensions {A.shape[1]} and {B.shape[0]} differ"
            )
        # numpy's rule for 1-D operands: their added axis is dropped from the result
        out_shape = (A.shape[0],) * (a.ndim == 2) + (B.shape[1],) * (b.ndim == 2)

        def grad_a(g):
            return (g.reshape(A.shape[0], B.shape[1]) @ B.T).reshape(a.shape)

        def grad_b(g):
            return (A.T @ g.reshape(A.shape[0], B.shape[1])).reshape(b.shape)

        return Value((A @ B).reshape(out_shape), ((self, grad_a), (other, grad_b)), "@")

    def __rmatmul__(self, other):
        return self._lift(other) @ self

    # --- elementary functions --------------------------------------------------------
    def exp(self):
        with np.errstate(over="raise"):
            try:
                out = np.exp(self.data)
            except FloatingPointError:
                raise ValueError(
                    f"exp overflows float64 (largest input {self.data.max():.6g} > 709.78)"
                ) from None
        return Value(out, ((self, lambda g: g * out),), "exp")

    def log(self):
        if (self.data < 0).any():
            raise ValueError("log of a negative number")
        with np.errstate(divide="ignore"):  # log 0 = -inf and its slope +inf are the right limits
            out = np.log(self.data)
        return Value(out, ((self, lambda g: _divide(g, self.data)),), "log")

    def tanh(self):
        return Value(
            act.tanh(self.data), ((self, lambda g: g * act.tanh_derivative(self.data)),), "tanh"
        )

    def sigmoid(self):
        return Value(
            act.sigmoid(self.data),
            ((self, lambda g: g * act.sigmoid_derivative(self.data)),),
            "sigmoid",
        )

    def relu(self):
        return Value(act.relu(self.data), ((self, lambda g: g * (self.data > 0)),), "relu")

    # --- shapes and reductions -------------------------------------------------------
    def sum(self, axis=None, keepdims=False):
        shape = self.shape

        def grad(g):
            if axis is not None and not keepdims:
                g = np.expand_dims(g, axis)
            return np.broadcast_to(g, shape).copy()

        return Value(np.sum(self.data, axis=axis, keepdims=keepdims), ((self, grad),), "sum")

    def mean(self, axis=None, keepdims=False):
        count = self.size if axis is None else np.prod([self.shape[k] for k in np.atleast_1d(axis)])
        return self.sum(axis=axis, keepdims=keepdims) / float(count)

    def reshape(self, *shape):
        new = self.data.reshape(*shape)
        return Value(new, ((self, lambda g: g.reshape(self.shape)),), "reshape")

    @property
    def T(self):
        return Value(self.data.T, ((self, lambda g: g.T),), "T")

    def logsumexp(self, axis=None, keepdims=False):
        """log(sum(exp(x))) along ``axis``, without overflow (the maximum is shifted out)."""
        m = Value(np.max(self.data, axis=axis, keepdims=True), requires_grad=False)  # a constant
        out = (self - m).exp().sum(axis=axis, keepdims=True).log() + m
        if not keepdims:
            out = out.reshape(np.sum(self.data, axis=axis).shape)
        return out

    # --- differentiation -------------------------------------------------------------
    def _topological_order(self):
        """Every node of the graph, each after all of its inputs (no recursion)."""
        order, visited, stack = [], set(), [(self, False)]
        while stack:
            node, inputs_done = stack.pop()
            if inputs_done:
                order.append(node)
                continue
            if id(node) in visited:
                continue
            visited.add(id(node))
            stack.append((node, True))
            stack.extend(
                (parent, False) for parent, _ in node._parents if id(parent) not in visited
            )
        return order

    def backward(self, grad=None):
        """Add d(self)/d(node) to ``node.grad`` for every node of the graph.

        Without ``grad`` the Value must hold a single number (a scalar loss);
        otherwise ``grad`` is the seed dL/d(self), of this Value's shape.
        """
        if grad is None:
            if self.size != 1:
                raise ValueError(
                    f"backward() without a seed needs a single-number output; this Value has "
                    f"shape {self.shape}: pass backward(grad=...) with an array of that shape"
                )
            seed = np.ones_like(self.data)
        else:
            seed = _real_array(grad, "the seed gradient")
            if seed.shape != self.shape:
                raise ValueError(
                    f"the seed gradient has shape {seed.shape} but the Value has shape {self.shape}"
                )
        pending = {id(self): seed}
        for node in reversed(self._topological_order()):
            g = pending.pop(id(node), None)
            if g is None:
                continue
            node._grad = g if node._grad is None else node._grad + g
            for parent, vjp in node._parents:
                if not parent.requires_grad:
                    continue  # a constant, or computed only from constants
                contribution = _unbroadcast(np.asarray(vjp(g), dtype=float), parent.shape)
                if np.may_share_memory(contribution, g):
                    contribution = contribution.copy()  # every node owns its gradient array
                key = id(parent)
                pending[key] = contribution if key not in pending else pending[key] + contribution

    def zero_grad(self):
        """Set ``grad`` to zero on every node of the graph that ends here."""
        for node in self._topological_order():
            node._grad = None


def _divide(g, x):
    # g / x, with +-inf where x = 0 (the slope of log there) and 0 where g is 0
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(g == 0, 0.0, g / x)


class Dual:
    """A number a + a' eps with eps^2 = 0: forward-mode differentiation of scalar code."""

    __slots__ = ("value", "deriv")

    def __init__(self, value, deriv=0.0):
        for v, name in ((value, "value"), (deriv, "deriv")):
            if isinstance(v, (bool, Dual)) or not isinstance(v, Real):
                raise TypeError(f"a Dual's {name} must be a real number, got {type(v).__name__}")
        self.value = float(value)
        self.deriv = float(deriv)

    def __repr__(self):
        return f"Dual({self.value!r}, {self.deriv!r})"

    @staticmethod
    def _lift(other):
        if isinstance(other, Dual):
            return other
        if isinstance(other, Real) and not isinstance(other, bool):
            return Dual(other, 0.0)
        raise TypeError(f"cannot combine a Dual with {type(other).__name__}")

    def __add__(self, other):
        o = self._lift(other)
        return Dual(self.value + o.value, self.deriv + o.deriv)

    __radd__ = __add__

    def __sub__(self, other):
        o = self._lift(other)
        return Dual(self.value - o.value, self.deriv - o.deriv)

    def __rsub__(self, other):
        return self._lift(other) - self

    def __mul__(self, other):
        o = self._lift(other)
        return Dual(self.value * o.value, self.deriv * o.value + self.value * o.deriv)

    __rmul__ = __mul__

    def __truediv__(self, other):
        o = self._lift(other)
        if o.value == 0.0:
            raise ZeroDivisionError("division of a Dual by zero")
        return Dual(
            self.value / o.value, (self.deriv * o.value - self.value * o.deriv) / o.value**2
        )

    def __rtruediv__(self, other):
        return self._lift(other) / self

    def __neg__(self):
        return Dual(-self.value, -self.deriv)

    def __pow__(self, exponent):
        if isinstance(exponent, (Dual, bool)) or not isinstance(exponent, Real):
            raise TypeError(
                f"the exponent of a Dual must be a number, got {type(exponent).__name__}"
            )
        p = float(exponent)
        return Dual(self.value**p, p * self.value ** (p - 1) * self.deriv)

    def exp(self):
        if self.value > 709.78:
            raise ValueError(f"exp overflows float64 (input {self.value:.6g} > 709.78)")
        e = math.exp(self.value)
        return Dual(e, e * self.deriv)

    def log(self):
        if self.value <= 0:
            raise ValueError(f"log of a non-positive number ({self.value!r})")
        return Dual(math.log(self.value), self.deriv / self.value)

    # tanh and the sigmoid of a Dual's float with the math module: numpy on one Python float
    # costs a hundred times as much, and forward mode calls them once per node and pass.
    def tanh(self):
        return Dual(math.tanh(self.value), _tanh_derivative_float(self.value) * self.deriv)

    def sigmoid(self):
        return Dual(_sigmoid_float(self.value), _sigmoid_derivative_float(self.value) * self.deriv)

    def relu(self):
        return Dual(max(self.value, 0.0), self.deriv if self.value > 0 else 0.0)


def _dispatch(name, x, sympy_fn, array_fn, float_fn):
    # A node of an engine knows its own operation: a Value or a Dual.
    if isinstance(x, (Value, Dual)):
        return getattr(x, name)()
    if isinstance(x, sp.Basic):
        return sympy_fn(x)
    if isinstance(x, (float, int)) and not isinstance(x, bool):
        return float_fn(float(x))  # plain Python numbers: the math module, no numpy overhead
    # Any other class that sets _graph_node (the Tracer of helpers.static_graph, Chapter 11)
    # knows its operation too; asked last, so that numbers pay nothing for it.
    if getattr(type(x), "_graph_node", False):
        return getattr(x, name)()
    return array_fn(x)


def _exp_float(x):
    if x > 709.78:
        raise ValueError(f"exp overflows float64 (input {x:.6g} > 709.78)")
    return math.exp(x)


def _log_float(x):
    if x < 0:
        raise ValueError(f"log of a negative number ({x!r})")
    return -math.inf if x == 0 else math.log(x)


def _exp_array(x):
    with np.errstate(over="raise"):
        try:
            return np.exp(x)
        except FloatingPointError:
            raise ValueError(
                f"exp overflows float64 (largest input {np.max(x):.6g} > 709.78)"
            ) from None


def _log_array(x):
    x = np.asarray(x, dtype=float)
    if (x < 0).any():
        raise ValueError("log of a negative number")
    with np.errstate(divide="ignore"):  # log 0 = -inf, the right limit
        return np.log(x)


def _sigmoid_float(x):
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def _tanh_derivative_float(x):
    # helpers.activations.tanh_derivative on one float: 1 - tanh^2, or 4e/(1 + e)^2 in the tails
    if abs(x) < 1.0:
        t = math.tanh(x)
        return 1.0 - t * t
    e = math.exp(-2.0 * abs(x))
    return 4.0 * e / (1.0 + e) ** 2


def _sigmoid_derivative_float(x):
    # helpers.activations.sigmoid_derivative on one float: s (1 - s), or e/(1 + e)^2 in the tails
    if abs(x) < 1.0:
        s = _sigmoid_float(abs(x))
        return s * (1.0 - s)
    e = math.exp(-abs(x))
    return e / (1.0 + e) ** 2


def exp(x):
    """e^x for a Value, Dual, sympy expression, number or array."""
    return _dispatch("exp", x, sp.exp, _exp_array, _exp_float)


def log(x):
    """Natural logarithm for a Value, Dual, sympy expression, number or array."""
    return _dispatch("log", x, sp.log, _log_array, _log_float)


def tanh(x):
    """tanh for a Value, Dual, sympy expression, number or array."""
    return _dispatch("tanh", x, sp.tanh, act.tanh, math.tanh)


def sigmoid(x):
    """The logistic function for a Value, Dual, sympy expression, number or array."""
    return _dispatch("sigmoid", x, lambda e: 1 / (1 + sp.exp(-e)), act.sigmoid, _sigmoid_float)


def relu(x):
    """max(x, 0) for a Value, Dual, sympy expression, number or array."""
    return _dispatch("relu", x, lambda e: sp.Max(e, 0), act.relu, lambda v: max(v, 0.0))
