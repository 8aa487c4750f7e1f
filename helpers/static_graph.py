"""Static computation graphs: record a function once, replay it, compile it with sympy.

Introduced in Chapter 11 (static and dynamic computation graphs).

The engine of Chapter 7, :class:`helpers.autodiff.Value`, builds its graph anew
while the function runs, on every call: a **dynamic** graph. This module builds
a **static** one:

* :func:`trace` runs a Python function once, on placeholders (:class:`Tracer`)
  that carry example values, and records every operation into a
  :class:`StaticGraph`: a tape of nodes ``(operation, inputs)`` in the order
  they were computed.
* :meth:`StaticGraph.replay` evaluates the tape on new inputs, and
  :meth:`StaticGraph.value_and_grad` adds a reverse pass over it, without
  running the Python function again. Arrays evaluate the graph at many points
  at once, element by element (all inputs broadcast to one shape), and the
  gradient has one entry per point.
* :meth:`StaticGraph.merge_duplicates` optimises the tape before any number is
  known: nodes that apply the same operation to the same nodes (a constant
  written twice, ``tol * a`` recomputed in every step of a loop) become one.
* :meth:`StaticGraph.to_sympy` turns the tape into a sympy expression and
  :meth:`StaticGraph.compile` differentiates it symbolically and compiles value
  and gradient with ``sympy.lambdify`` (with common-subexpression elimination
  by default).

**Control flow.** During tracing, Python's ``if`` and ``while`` decide with the
example values: a comparison of Tracers is a node, and ``bool()`` of it returns
the example's outcome and records a **guard** (the node and its outcome). The
tape holds only the path the example took. :meth:`StaticGraph.replay` does not
look at the guards, so inputs that would take another path silently get the
traced path's answer (as ``torch.jit.trace`` does); :meth:`StaticGraph.guards_hold`
says whether inputs take the traced path, and :class:`PathCache` keeps one trace
per path, tracing anew when no guard set holds (as guard-based tracing
compilers do). :func:`where` records both branches in the graph instead, and
selects between them by a condition node.

:func:`greater` and :func:`where` work on Tracers, Values, sympy expressions and
plain numbers or arrays; so do ``helpers.autodiff``'s ``exp``, ``log``,
``tanh``, ``sigmoid`` and ``relu``, which a Tracer also understands. So one
function definition runs on every engine of the book.
"""

from __future__ import annotations

import math
import operator
from numbers import Real

import numpy as np
import sympy as sp

from . import activations as act
from . import autodiff

__all__ = [
    "PathCache",
    "StaticGraph",
    "Tracer",
    "count_nodes",
    "count_operations",
    "greater",
    "trace",
    "where",
]

# --- the operations a graph can hold ------------------------------------------------------
# Every operation works element by element on floats and on numpy arrays. For each one,
# _FORWARD[op](const, *inputs) computes the node's value and _VJP[op](g, out, const, *inputs)
# returns, for each input, the adjoint g times the local derivative d node / d input
# (None where no gradient flows). ``const`` is the exponent of ``**``, unused elsewhere.

_UNARY = {
    "exp": autodiff.exp,
    "log": autodiff.log,
    "tanh": autodiff.tanh,
    "sigmoid": autodiff.sigmoid,
    "relu": autodiff.relu,
}
_COMPARE = {">": operator.gt, ">=": operator.ge, "<": operator.lt, "<=": operator.le}


def _power(x, p):
    # math.pow raises for a negative base with a fractional exponent (Python's ** would
    # return a complex number); numpy raises under the errstate of the evaluation.
    return math.pow(x, p) if isinstance(x, float) else np.power(x, p)


def _select(cond, a, b):
    if isinstance(cond, bool):
        return a if cond else b
    return np.where(cond, a, b)


def _tanh_slope(x):
    # 1 - tanh(x)^2, with the tail-accurate form of helpers.activations.tanh_derivative
    if isinstance(x, float):
        return autodiff._tanh_derivative_float(x)  # the math module: no numpy on one float
    return act.tanh_derivative(x)


def _sigmoid_slope(x):
    # sigma(x) (1 - sigma(x)), as helpers.activations.sigmoid_derivative computes it
    if isinstance(x, float):
        return autodiff._sigmoid_derivative_float(x)
    return act.sigmoid_derivative(x)


_FORWARD = {
    "+": lambda c, a, b: a + b,
    "-": lambda c, a, b: a - b,
    "*": lambda c, a, b: a * b,
    "/": lambda c, a, b: a / b,
    "neg": lambda c, a: -a,
    "**": lambda c, a: _power(a, c),
    "where": lambda c, cond, a, b: _select(cond, a, b),
    **{op: (lambda c, a, f=f: f(a)) for op, f in _UNARY.items()},
    **{op: (lambda c, a, b, f=f: f(a, b)) for op, f in _COMPARE.items()},
}

_VJP = {
    "+": lambda g, out, c, a, b: (g, g),
    "-": lambda g, out, c, a, b: (g, -g),
    "*": lambda g, out, c, a, b: (g * b, g * a),
    "/": lambda g, out, c, a, b: (g / b, -g * a / (b * b)),
    "neg": lambda g, out, c, a: (-g,),
    "**": lambda g, out, c, a: (g * c * _power(a, c - 1),),
    "exp": lambda g, out, c, a: (g * out,),
    "log": lambda g, out, c, a: (g / a,),
    "tanh": lambda g, out, c, a: (g * _tanh_slope(a),),
    "sigmoid": lambda g, out, c, a: (g * _sigmoid_slope(a),),
    "relu": lambda g, out, c, a: (g * (a > 0),),
    # the adjoint goes to the branch that was selected, none to the condition
    "where": lambda g, out, c, cond, a, b: (None, _select(cond, g, 0.0), _select(cond, 0.0, g)),
}


def _finite(v):
    return math.isfinite(v) if isinstance(v, float) else bool(np.all(np.isfinite(v)))


def _is_number(x):
    return isinstance(x, Real) and not isinstance(x, (bool, np.bool_))


def _shaped(v, shape):
    # a result of the graph: a float for numbers, else an array of the inputs' common shape
    # (a node that reads no input, such as a constant output, broadcasts like the others)
    return float(v) if shape == () else np.broadcast_to(v, shape).astype(float)


# --- tracing ----------------------------------------------------------------------------------
class Tracer:
    """A placeholder for a value while a function is traced: a node of the graph being built.

    It carries the example value (``example``) so that the function can run, and records
    each operation applied to it. ``bool()`` of a Tracer (an ``if`` or ``while`` on it)
    returns the example's outcome and records a guard.
    """

    __slots__ = ("_graph", "index", "example")
    __array_ufunc__ = None  # numpy (op) Tracer defers to the Tracer's reflected method
    _graph_node = True  # helpers.autodiff's exp, log, ... call the Tracer's own method

    def __init__(self, graph, index, example):
        self._graph, self.index, self.example = graph, index, example

    def __repr__(self):
        op = self._graph.ops[self.index]
        return f"Tracer(node {self.index}, op={op!r}, example={self.example!r})"

    def _operand(self, other):
        if isinstance(other, Tracer):
            if other._graph is not self._graph:
                raise ValueError("cannot combine Tracers of two different traces")
            return other
        if _is_number(other):
            return self._graph._add("const", (), float(other))
        raise TypeError(
            f"a traced function can combine a Tracer only with numbers and Tracers, "
            f"not with {type(other).__name__}"
        )

    def _binary(self, op, other, reflected=False):
        other = self._operand(other)
        a, b = (other, self) if reflected else (self, other)
        return self._graph._add(op, (a, b))

    def __add__(self, other):
        return self._binary("+", other)

    def __radd__(self, other):
        return self._binary("+", other, reflected=True)

    def __sub__(self, other):
        return self._binary("-", other)

    def __rsub__(self, other):
        return self._binary("-", other, reflected=True)

    def __mul__(self, other):
        return self._binary("*", other)

    def __rmul__(self, other):
        return self._binary("*", other, reflected=True)

    def __truediv__(self, other):
        return self._binary("/", other)

    def __rtruediv__(self, other):
        return self._binary("/", other, reflected=True)

    def __neg__(self):
        return self._graph._add("neg", (self,))

    def __pow__(self, exponent):
        if not _is_number(exponent):
            raise TypeError(
                f"the exponent of a Tracer must be a number, got {type(exponent).__name__}"
            )
        return self._graph._add("**", (self,), float(exponent))

    def __gt__(self, other):
        return self._binary(">", other)

    def __ge__(self, other):
        return self._binary(">=", other)

    def __lt__(self, other):
        return self._binary("<", other)

    def __le__(self, other):
        return self._binary("<=", other)

    def __eq__(self, other):
        raise TypeError(
            "== and != on a traced value are not recorded: compare with <, <=, >, >= "
            "(or greater), which become nodes of the graph"
        )

    __ne__ = __eq__
    __hash__ = object.__hash__

    def exp(self):
        return self._graph._add("exp", (self,))

    def log(self):
        return self._graph._add("log", (self,))

    def tanh(self):
        return self._graph._add("tanh", (self,))

    def sigmoid(self):
        return self._graph._add("sigmoid", (self,))

    def relu(self):
        return self._graph._add("relu", (self,))

    def __bool__(self):
        if np.ndim(self.example) != 0:
            raise ValueError(
                "an if or while on a traced array is ambiguous: trace with numbers, "
                "or select element by element with where(cond, a, b)"
            )
        outcome = bool(self.example)
        self._graph.guards.append((self.index, outcome))
        return outcome

    def __float__(self):
        raise TypeError(
            "a Tracer has no fixed number: float() (or math.*) would freeze the example's "
            "value into the graph; use the operators, helpers.autodiff's exp, log, tanh, "
            "sigmoid, relu, and greater / where from helpers.static_graph"
        )

    __int__ = __index__ = __float__


class StaticGraph:
    """The tape of one traced function: nodes in the order they were computed.

    Node ``k`` is ``ops[k]`` applied to the nodes ``args[k]`` (earlier ones), with the
    constant ``consts[k]`` (the number of a ``const`` node, the exponent of ``**``).
    The first ``n_inputs`` nodes are the inputs; ``output`` is the node returned.
    """

    def __init__(self, n_inputs):
        self.n_inputs = n_inputs
        self.ops, self.args, self.consts = [], [], []
        self.needs_grad = []  # does the node depend on an input through differentiable ops?
        self.guards = []  # (condition node, outcome) for every bool() during tracing
        self.output = None

    def __len__(self):
        return len(self.ops)

    def __repr__(self):
        return f"StaticGraph({self.n_inputs} inputs, {len(self)} nodes, {len(self.guards)} guards)"

    def _add(self, op, inputs, const=None):
        index = len(self.ops)
        args = tuple(t.index for t in inputs)
        if op == "const":
            example = const
        else:
            try:
                with np.errstate(over="raise", divide="raise", invalid="raise"):
                    example = _FORWARD[op](const, *[t.example for t in inputs])
            except (ArithmeticError, ValueError) as exc:
                raise ValueError(
                    f"node {index} ({op}) failed at the example inputs: {exc}"
                ) from None
        self.ops.append(op)
        self.args.append(args)
        self.consts.append(const)
        differentiable = op not in _COMPARE and op not in ("const", "input")
        own = args[1:] if op == "where" else args  # no gradient flows to a condition
        self.needs_grad.append(
            op == "input" or (differentiable and any(self.needs_grad[a] for a in own))
        )
        return Tracer(self, index, example)

    def counts(self):
        """How many nodes of each operation the tape holds, as a dict."""
        found = {}
        for op in self.ops:
            found[op] = found.get(op, 0) + 1
        return found

    # --- evaluating the tape -------------------------------------------------------------
    def _inputs(self, inputs):
        if len(inputs) != self.n_inputs:
            raise ValueError(f"the graph was traced with {self.n_inputs} inputs, got {len(inputs)}")
        values = []
        for k, x in enumerate(inputs):
            if _is_number(x):
                values.append(float(x))
                continue
            arr = np.asarray(x)
            if arr.dtype.kind not in "iuf":  # bools too: True is no input value
                raise TypeError(
                    f"input {k} must be a real number or array, got {type(x).__name__}"
                    + (f" of {arr.dtype}" if isinstance(x, np.ndarray) else "")
                )
            values.append(arr.astype(float))
        for k, v in enumerate(values):
            if not _finite(v):
                raise ValueError(f"input {k} must be finite: it holds NaN or infinity")
        if all(isinstance(v, float) for v in values):
            return values, ()
        try:
            shape = np.broadcast_shapes(*(np.shape(v) for v in values))
        except ValueError:
            shapes = [np.shape(v) for v in values]
            raise ValueError(f"the inputs' shapes {shapes} do not broadcast") from None
        return values, shape

    def _values(self, inputs):
        """The value of every node at these inputs (the forward pass), and their shape."""
        values, shape = self._inputs(inputs)
        ops, args, consts = self.ops, self.args, self.consts
        with np.errstate(over="raise", divide="raise", invalid="raise"):
            for k in range(self.n_inputs, len(ops)):
                op = ops[k]
                if op == "const":
                    values.append(consts[k])
                    continue
                try:
                    values.append(_FORWARD[op](consts[k], *[values[a] for a in args[k]]))
                except (ArithmeticError, ValueError) as exc:
                    raise ValueError(f"node {k} ({op}) failed at these inputs: {exc}") from None
        if shape == ():  # Python's float arithmetic overflows to inf without an error
            for k, v in enumerate(values):
                if not math.isfinite(v):
                    raise ValueError(f"node {k} ({ops[k]}) is not finite at these inputs")
        return values, shape

    def _check_finite(self, values, results):
        # a non-finite result is an error that names the first node where it arose
        if all(_finite(r) for r in results):
            return
        for k, v in enumerate(values):
            if self.ops[k] not in _COMPARE and not _finite(v):
                raise ValueError(f"node {k} ({self.ops[k]}) is not finite at these inputs")
        raise ValueError("the gradient is not finite at these inputs")

    def node_values(self, *inputs):
        """The value of every node at these inputs, in tape order (one forward pass)."""
        return self._values(inputs)[0]

    def replay(self, *inputs):
        """The output at new inputs, computed on the tape alone (the guards are not checked)."""
        values, shape = self._values(inputs)
        out = _shaped(values[self.output], shape)
        self._check_finite(values, [out])
        return out

    def value_and_grad(self, *inputs):
        """``(output, (d output / d input for each input))``: a forward and a reverse pass."""
        values, shape = self._values(inputs)
        adjoint = [None] * len(values)
        adjoint[self.output] = 1.0
        ops, args, consts, needs = self.ops, self.args, self.consts, self.needs_grad
        with np.errstate(over="raise", divide="raise", invalid="raise"):
            for k in range(len(values) - 1, self.n_inputs - 1, -1):
                g = adjoint[k]
                if g is None or not needs[k]:
                    continue
                ins = [values[a] for a in args[k]]
                try:
                    parts = _VJP[ops[k]](g, values[k], consts[k], *ins)
                except (ArithmeticError, ValueError) as exc:
                    raise ValueError(f"the gradient of node {k} ({ops[k]}) failed: {exc}") from None
                for a, part in zip(args[k], parts, strict=True):
                    if part is None or not needs[a]:
                        continue
                    adjoint[a] = part if adjoint[a] is None else adjoint[a] + part
        grads = [_shaped(0.0 if g is None else g, shape) for g in adjoint[: self.n_inputs]]
        out = _shaped(values[self.output], shape)
        self._check_finite(values, [out, *grads])
        return out, tuple(grads)

    def guards_hold(self, *inputs):
        """Whether these inputs take the traced path: every recorded decision comes out the same.

        For arrays, element by element.
        """
        values, shape = self._values(inputs)
        hold = np.ones(shape, dtype=bool)
        for node, outcome in self.guards:
            hold &= np.asarray(values[node], dtype=bool) == outcome
        return bool(hold) if shape == () else hold

    # --- optimising the tape --------------------------------------------------------------
    def merge_duplicates(self):
        """A new tape in which nodes doing the same thing are one node: value numbering.

        Two nodes are the same when they apply the same operation, with the same constant,
        to the same (already merged) nodes: a constant written twice, or ``tol * a``
        computed anew in every step of a loop. Inputs are never merged. The forward pass of
        the new tape does the same arithmetic on the same numbers, so its values equal the
        old tape's bit for bit; guards are carried over to the merged nodes.
        """
        new = StaticGraph(self.n_inputs)
        where_now, seen = [], {}  # old node -> new node; (op, new args, constant) -> new node
        for k, (op, args, const) in enumerate(zip(self.ops, self.args, self.consts, strict=True)):
            new_args = tuple(where_now[a] for a in args)
            # float.hex tells 0.0 from -0.0 (equal as numbers, not in what they compute)
            key = (op, new_args, None if const is None else float(const).hex())
            if op != "input" and key in seen:
                where_now.append(seen[key])
                continue
            seen[key] = len(new.ops)
            where_now.append(len(new.ops))
            new.ops.append(op)
            new.args.append(new_args)
            new.consts.append(const)
            new.needs_grad.append(self.needs_grad[k])
        new.guards = [(where_now[node], outcome) for node, outcome in self.guards]
        new.output = where_now[self.output]
        return new

    # --- the symbolic route --------------------------------------------------------------
    def to_sympy(self, symbols):
        """The output as a sympy expression in ``symbols`` (one per input)."""
        if isinstance(symbols, (str, sp.Basic)) or not np.iterable(symbols):
            raise TypeError(f"give a list of {self.n_inputs} symbols, not {type(symbols).__name__}")
        symbols = [sp.Symbol(s) if isinstance(s, str) else s for s in symbols]  # names will do
        if len(symbols) != self.n_inputs:
            raise ValueError(f"give {self.n_inputs} symbols, got {len(symbols)}")
        for k, s in enumerate(symbols):
            if not isinstance(s, sp.Expr):
                raise TypeError(
                    f"symbol {k} must be a sympy symbol (or its name), got {type(s).__name__}"
                )
        exprs = list(symbols)
        rel = {">": sp.StrictGreaterThan, ">=": sp.GreaterThan, "<": sp.StrictLessThan,
               "<=": sp.LessThan}  # fmt: skip
        for k in range(self.n_inputs, len(self.ops)):
            op, c = self.ops[k], self.consts[k]
            a = [exprs[i] for i in self.args[k]]
            if op == "const":
                e = sp.Float(c)
            elif op in ("+", "-", "*", "/"):
                e = _FORWARD[op](None, a[0], a[1])
            elif op in rel:
                e = rel[op](a[0], a[1])
            elif op == "neg":
                e = -a[0]
            elif op == "**":
                e = a[0] ** (sp.Integer(int(c)) if float(c).is_integer() else sp.Float(c))
            elif op == "relu":  # a Piecewise, whose derivative every lambdify module can print
                e = sp.Piecewise((a[0], a[0] > 0), (0, True))
            elif op in _UNARY:
                e = _UNARY[op](a[0])
            elif op == "where":
                e = sp.Piecewise((a[1], a[0]), (a[2], True))
            else:  # pragma: no cover
                raise AssertionError(op)
            exprs.append(e)
        return exprs[self.output]

    def compile(self, cse=True, modules="math"):
        """Value and gradient as one compiled function: symbolic differentiation of the tape.

        Returns ``f(*inputs) -> (value, (gradient...))``, built with ``sympy.diff`` and
        ``sympy.lambdify(..., cse=cse)``. With ``modules="numpy"`` it takes arrays.
        The expressions are evaluated as sympy writes them: where that overflows (the
        sigmoid's ``1/(1 + exp(-x))`` at x = -800 with the math module), the call raises
        a ValueError, never returns inf or NaN.
        """
        symbols = sp.symbols(f"x0:{self.n_inputs}")
        expr = self.to_sympy(symbols)
        grads = [sp.diff(expr, s) for s in symbols]
        fn = sp.lambdify(symbols, [expr, *grads], modules=modules, cse=cse)

        def value_and_grad(*inputs):
            values, shape = self._inputs(inputs)
            if shape != () and modules == "math":
                raise ValueError(
                    "compiled with modules='math', it takes numbers; "
                    "compile(modules='numpy') takes arrays"
                )
            try:
                with np.errstate(over="raise", divide="raise", invalid="raise"):
                    out = [_shaped(v, shape) for v in fn(*values)]
            except (ArithmeticError, ValueError) as exc:
                raise ValueError(f"the compiled expression failed at these inputs: {exc}") from None
            if not all(_finite(v) for v in out):
                raise ValueError("the compiled expression is not finite at these inputs")
            return out[0], tuple(out[1:])

        return value_and_grad


def trace(fn, *example_inputs):
    """Run ``fn`` once on Tracers holding ``example_inputs`` and return its StaticGraph.

    The example inputs must be numbers (or arrays, for functions without ``if`` or
    ``while`` on traced values); ``fn`` must return a Tracer or a number.
    """
    if not callable(fn):
        raise TypeError(f"trace needs a function, got {type(fn).__name__}")
    if not example_inputs:
        raise ValueError("trace needs at least one example input")
    graph = StaticGraph(len(example_inputs))
    values, _ = graph._inputs(example_inputs)
    tracers = []
    for v in values:
        index = len(graph.ops)
        graph.ops.append("input")
        graph.args.append(())
        graph.consts.append(None)
        graph.needs_grad.append(True)
        tracers.append(Tracer(graph, index, v))
    out = fn(*tracers)
    if _is_number(out):
        out = graph._add("const", (), float(out))
    if not isinstance(out, Tracer) or out._graph is not graph:
        raise TypeError(
            f"the traced function must return a number or a Tracer of this trace, "
            f"got {type(out).__name__}"
        )
    if out.index < graph.n_inputs:  # the identity: give the output a node of its own
        out = out * 1.0
    graph.output = out.index
    return graph


class PathCache:
    """One trace per path through ``fn``'s control flow, traced when first needed.

    A call replays the first stored trace whose guards hold at the inputs (numbers);
    if none holds, it traces ``fn`` at these inputs and stores the new trace.
    """

    def __init__(self, fn):
        if not callable(fn):
            raise TypeError(f"PathCache needs a function, got {type(fn).__name__}")
        self.fn = fn
        self.graphs = []

    def _graph_for(self, inputs):
        for k, x in enumerate(inputs):
            if not _is_number(x):
                raise TypeError(f"PathCache takes numbers; input {k} is {type(x).__name__}")
        for graph in self.graphs:
            if graph.guards_hold(*inputs):
                return graph
        graph = trace(self.fn, *inputs)
        self.graphs.append(graph)
        return graph

    def replay(self, *inputs):
        """The output at these inputs, from the trace of their path."""
        return self._graph_for(inputs).replay(*inputs)

    def value_and_grad(self, *inputs):
        """Output and gradient at these inputs, from the trace of their path."""
        return self._graph_for(inputs).value_and_grad(*inputs)


# --- functions for every engine ------------------------------------------------------------
def greater(a, b):
    """``a > b`` for Tracers (a condition node), Values (their numbers), sympy, numbers, arrays.

    A Value has no comparison of its own: the dynamic engine decides with the numbers,
    so this returns a bool (or an array of them) and records nothing.
    """
    if isinstance(a, Tracer) or isinstance(b, Tracer):
        return a > b if isinstance(a, Tracer) else b < a
    if isinstance(a, sp.Basic) or isinstance(b, sp.Basic):
        return sp.StrictGreaterThan(a, b)
    a = a.data if isinstance(a, autodiff.Value) else a
    b = b.data if isinstance(b, autodiff.Value) else b
    for x, name in ((a, "a"), (b, "b")):
        if np.asarray(x).dtype.kind not in "biuf":
            raise TypeError(f"greater: {name} must be a number, array, Value, Tracer or sympy "
                            f"expression, got {type(x).__name__}")  # fmt: skip
    out = np.greater(a, b)
    return bool(out) if np.ndim(out) == 0 else out


def where(cond, a, b):
    """``a`` where ``cond`` holds, else ``b``: both branches are computed, one is selected.

    Tracers: a ``where`` node (the gradient flows to the selected branch); Values: a node
    of the dynamic graph that does the same; sympy: a Piecewise; numbers and arrays: numpy.
    """
    if any(isinstance(x, Tracer) for x in (cond, a, b)):
        graph = next(x._graph for x in (cond, a, b) if isinstance(x, Tracer))
        if not isinstance(cond, Tracer):
            if not isinstance(cond, (bool, np.bool_)):
                raise TypeError(
                    f"where: the condition must be a Tracer or a bool, got {type(cond).__name__}"
                )
            return a if cond else b
        return graph._add("where", (cond, cond._operand(a), cond._operand(b)))
    if isinstance(cond, sp.Basic) or isinstance(a, sp.Basic) or isinstance(b, sp.Basic):
        return sp.Piecewise((a, cond), (b, True))
    if isinstance(a, autodiff.Value) or isinstance(b, autodiff.Value):
        return _where_value(cond, a, b)
    for x, name in ((cond, "cond"), (a, "a"), (b, "b")):
        if np.asarray(x).dtype.kind not in "biuf":
            raise TypeError(f"where: {name} must be a number or array, got {type(x).__name__}")
    out = np.where(cond, a, b)
    return float(out) if out.ndim == 0 else out


def _where_value(cond, a, b):
    Value = autodiff.Value
    mask = np.asarray(cond.data if isinstance(cond, Value) else cond, dtype=bool)
    a = a if isinstance(a, Value) else Value(a, requires_grad=False)
    b = b if isinstance(b, Value) else Value(b, requires_grad=False)
    shape_a, shape_b = a.shape, b.shape

    def to_a(g):
        return autodiff._unbroadcast(np.where(mask, g, 0.0), shape_a)

    def to_b(g):
        return autodiff._unbroadcast(np.where(mask, 0.0, g), shape_b)

    return Value(np.where(mask, a.data, b.data), ((a, to_a), (b, to_b)), "where")


# --- sizes ---------------------------------------------------------------------------------
def count_nodes(out):
    """The number of nodes of the dynamic graph that ends at the Value ``out``."""
    if not isinstance(out, autodiff.Value):
        raise TypeError(f"count_nodes takes a helpers.autodiff.Value, got {type(out).__name__}")
    return len(out._topological_order())


def count_operations(exprs, cse=False):
    """sympy's operation count of the expressions, written out, or after ``sympy.cse``.

    With ``cse=True`` each repeated subexpression is counted once: the operations a
    program evaluating all of them needs.
    """
    exprs = list(exprs) if isinstance(exprs, (list, tuple)) else [exprs]
    if not cse:
        return int(sum(sp.count_ops(e) for e in exprs))
    replacements, reduced = sp.cse(exprs)
    return int(
        sum(sp.count_ops(r) for _, r in replacements) + sum(sp.count_ops(r) for r in reduced)
    )
