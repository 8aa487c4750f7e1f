"""Chapter 1: near misses and equivalent right answers for each checker."""

import numpy as np
import sympy as sp

from helpers import mlp
from helpers.exercises import ch01

# 1.1: the count, taken from real parameter arrays of these sizes (independent of the checker).
SIZES = list(ch01.EX11_LAYER_SIZES)
PARAMS = mlp.init_params(SIZES, np.random.default_rng(0))
N_WEIGHTS = sum(W.size for W, _ in PARAMS)
N_BIASES = sum(b.size for _, b in PARAMS)
N_PARAMS = N_WEIGHTS + N_BIASES


def layer_einsum(W, b, A_prev, f):
    Z = np.einsum("ij,jn->in", W, A_prev) + b.reshape(-1, 1)
    return Z, f(Z)


def layer_by_columns(W, b, A_prev, f):
    Z = np.column_stack([W @ A_prev[:, n] + b for n in range(A_prev.shape[1])])
    return [Z, f(Z)]  # a list for the pair


def layer_transposed(W, b, A_prev, f):
    Z = A_prev.T @ W.T + b
    return Z, f(Z)


def layer_without_bias(W, b, A_prev, f):
    return W @ A_prev, f(W @ A_prev)


def layer_without_f(W, b, A_prev, f):
    Z = W @ A_prev + b[:, None]
    return Z, Z


def layer_with_tanh(W, b, A_prev, f):
    Z = W @ A_prev + b[:, None]
    return Z, np.tanh(Z)


def layer_bias_as_row(W, b, A_prev, f):
    Z = W @ A_prev + b
    return Z, f(Z)


# 1.3: out_o2 built here from the definitions of the worked example.
S = dict(
    zip(ch01.WORKED_EXAMPLE_SYMBOLS.split(), sp.symbols(ch01.WORKED_EXAMPLE_SYMBOLS), strict=True)
)


def sig(t):
    return 1 / (1 + sp.exp(-t))


NET_H1 = S["w1"] * S["i1"] + S["w2"] * S["i2"] + S["b1"]
NET_H2 = S["w3"] * S["i1"] + S["w4"] * S["i2"] + S["b1"]
NET_O2 = S["w7"] * sig(NET_H1) + S["w8"] * sig(NET_H2) + S["b2"]
OUT_O2 = sig(NET_O2)
REAL = {s: sp.Symbol(str(s), real=True) for s in S.values()}

CASES = {
    "check_param_count": {
        "near": [
            (N_WEIGHTS, "counted the weights but not the biases"),
            (N_PARAMS + SIZES[0], "the input layer (layer 0) has no biases"),
            (N_BIASES, "only the biases"),
            (N_PARAMS - SIZES[-1], "the output layer has biases too"),
            (str(N_PARAMS), "not the string"),
            (N_PARAMS + 0.5, "not a whole number"),
        ],
        "equivalent": [
            float(N_PARAMS),
            np.int64(N_PARAMS),
            sp.Integer(N_PARAMS),
            np.array(N_PARAMS),
        ],
    },
    "check_layer_forward": {
        "near": [
            (layer_transposed, "it is transposed"),
            (layer_without_bias, "the bias is missing"),
            (layer_without_f, "A equals Z"),
            (layer_with_tanh, "apply the f your function is given"),
            (layer_bias_as_row, "b as a column"),
            (lambda W, b, A, f: W @ A + b[:, None], "return a pair (Z, A)"),
        ],
        "equivalent": [layer_einsum, layer_by_columns],
    },
    "check_out_o2": {
        "near": [
            (sig(S["w5"] * sig(NET_H1) + S["w6"] * sig(NET_H2) + S["b2"]), "that is out_o1"),
            (sig(S["w6"] * sig(NET_H1) + S["w8"] * sig(NET_H2) + S["b2"]), "you used column 2"),
            (sig(NET_O2 - S["b2"]), "bias b2 is missing"),
            (NET_O2, "that is net_o2"),
            (
                sig(S["w7"] * NET_H1 + S["w8"] * NET_H2 + S["b2"]),
                "hidden units need their logistic",
            ),
            (
                sig(
                    S["w7"] * sig(S["w1"] * S["i1"] + S["w3"] * S["i2"] + S["b1"])
                    + S["w8"] * sig(S["w2"] * S["i1"] + S["w4"] * S["i2"] + S["b1"])
                    + S["b2"]
                ),
                "you used the columns",
            ),
            (OUT_O2 + sp.Symbol("x"), "use only the symbols"),
            (OUT_O2 * 1.01, "build it as sigma(W(2)"),
        ],
        "equivalent": [
            (1 + sp.tanh(NET_O2 / 2)) / 2,
            OUT_O2.xreplace(REAL),  # the same names, declared real
            sp.Matrix([[OUT_O2]]),
            sp.exp(NET_O2) / (sp.exp(NET_O2) + 1),
        ],
    },
}
