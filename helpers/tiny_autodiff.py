"""A reverse-mode engine on plain numbers, small enough to read in one sitting.

Introduced in Chapter 7 (automatic differentiation), which shows it in full.

Every operation on a Node returns a new Node that records its inputs and the
local derivative with respect to each: a node of the computation graph and its
incoming edges, as in Section 7.1. ``output.backward()`` walks the graph from
the output back to the inputs and fills in every node's adjoint
``grad = d(output)/d(node)``. :mod:`helpers.autodiff` is the same design on
numpy arrays, with broadcasting, matrix products and checks of its inputs.
"""

import math

__all__ = ["Node", "exp", "log", "relu", "sigmoid", "tanh"]


def _node(x):
    """A plain number becomes a constant: a node without inputs."""
    return x if isinstance(x, Node) else Node(x)


class Node:
    """A number in a computation graph, the nodes it was computed from, and its adjoint."""

    def __init__(self, value, inputs=()):
        self.value = float(value)
        if not math.isfinite(self.value):  # inf or nan: say so now, not later
            raise ValueError(f"a Node's value must be finite, got {self.value} (an overflow?)")
        self.inputs = inputs  # pairs (input node, local derivative d self / d input)
        self.grad = 0.0  # the adjoint d(output)/d(self), filled in by backward()

    def __repr__(self):
        return f"Node({self.value!r}, grad={self.grad!r})"

    # --- Arithmetic: each result records its local derivatives -----------------------
    def __add__(self, other):
        other = _node(other)
        return Node(self.value + other.value, ((self, 1.0), (other, 1.0)))

    def __mul__(self, other):
        other = _node(other)  # d(ab)/da = b and d(ab)/db = a
        return Node(self.value * other.value, ((self, other.value), (other, self.value)))

    def __truediv__(self, other):
        other = _node(other)
        a, b = self.value, other.value  # d(a/b)/da = 1/b and d(a/b)/db = -a/b^2
        return Node(a / b, ((self, 1.0 / b), (other, -a / b**2)))

    def __pow__(self, p):
        if isinstance(p, Node) or (self.value < 0 and p != int(p)):
            raise ValueError(f"Node ** {p!r}: the exponent must be a number, whole if the base < 0")
        return Node(self.value**p, ((self, p * self.value ** (p - 1)),))

    def __neg__(self):
        return self * -1.0

    def __sub__(self, other):
        return self + -_node(other)

    __radd__ = __add__  # 2 + x, with a plain number on the left, is x + 2
    __rmul__ = __mul__

    def __rsub__(self, other):
        return _node(other) - self

    def __rtruediv__(self, other):
        return _node(other) / self

    # --- Elementary functions, each with its derivative ------------------------------
    def exp(self):
        if self.value > 709.78:
            raise ValueError(f"exp({self.value!r}) overflows float64 (inputs must be <= 709.78)")
        e = math.exp(self.value)
        return Node(e, ((self, e),))  # (e^x)' = e^x, the value itself

    def log(self):
        if self.value <= 0:
            raise ValueError(f"log({self.value!r}): the logarithm needs a positive number")
        return Node(math.log(self.value), ((self, 1.0 / self.value),))

    def tanh(self):
        t = math.tanh(self.value)
        return Node(t, ((self, 1.0 - t * t),))  # tanh' = 1 - tanh^2

    def sigmoid(self):
        v = self.value  # one of two forms, so that exp never overflows
        s = 1.0 / (1.0 + math.exp(-v)) if v >= 0 else math.exp(v) / (1.0 + math.exp(v))
        return Node(s, ((self, s * (1.0 - s)),))  # sigmoid' = sigmoid (1 - sigmoid)

    def relu(self):
        return Node(max(self.value, 0.0), ((self, 1.0 if self.value > 0 else 0.0),))

    # --- The backward pass -----------------------------------------------------------
    def topological_order(self):
        """Every node this one depends on, each listed after all of its inputs."""
        order, visited, stack = [], set(), [(self, False)]
        while stack:  # depth first, with a list as the stack: no recursion limit
            node, inputs_done = stack.pop()
            if inputs_done:
                order.append(node)  # its inputs are all listed by now
            elif node not in visited:
                visited.add(node)
                stack.append((node, True))  # come back to it once its inputs are listed
                stack.extend((parent, False) for parent, _ in node.inputs)
        return order

    def backward(self):
        """Fill in grad = d(self)/d(node) for every node of the graph (the adjoints)."""
        order = self.topological_order()
        for node in order:
            node.grad = 0.0
        self.grad = 1.0  # d(self)/d(self)
        for node in reversed(order):  # output first: a node's adjoint is complete
            for parent, local in node.inputs:  # before it is passed on to its inputs
                parent.grad += node.grad * local  # the chain rule; += adds up the paths


# The elementary functions as plain functions too: exp(x) is x.exp().
exp, log, tanh, sigmoid, relu = Node.exp, Node.log, Node.tanh, Node.sigmoid, Node.relu
