"""The 2-2-2 worked example of the step-by-step source, as data.

Introduced in Chapter 1 (its forward pass); the worked-example chapter
reproduces its backward pass and training run.

The network: inputs i1, i2; hidden units h1, h2; outputs o1, o2; logistic
activations; one bias shared by each layer. w1, w2 feed h1; w3, w4 feed h2;
w5, w6 feed o1; w7, w8 feed o2. The initial values are those of the original
article (the Chinese translation lost them with its pictures).

``PRINTED`` holds every number that survives in the text of the source,
transcribed as a string so that its number of printed digits is kept. These
are the independent reference the book's computations are checked against.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .report import Table

__all__ = [
    "BIASES",
    "INPUTS",
    "LEARNING_RATE",
    "PRINTED",
    "TARGETS",
    "WEIGHTS",
    "PrintedValue",
    "agrees_to_printed_digits",
    "compare_with_printed",
    "params",
]

INPUTS = {"i1": 0.05, "i2": 0.10}
TARGETS = {"o1": 0.01, "o2": 0.99}
WEIGHTS = {
    "w1": 0.15,
    "w2": 0.20,
    "w3": 0.25,
    "w4": 0.30,
    "w5": 0.40,
    "w6": 0.45,
    "w7": 0.50,
    "w8": 0.55,
}
BIASES = {"b1": 0.35, "b2": 0.60}
LEARNING_RATE = 0.5


@dataclass(frozen=True)
class PrintedValue:
    """A number as printed in the source, with what it is."""

    key: str
    text: str  # exactly as printed
    meaning: str

    @property
    def value(self) -> float:
        return float(self.text)

    @property
    def decimals(self) -> int:
        return len(self.text.split(".")[1]) if "." in self.text else 0


PRINTED = {
    p.key: p
    for p in [
        PrintedValue("out_h2", "0.596884378", "output of hidden unit h2"),
        PrintedValue("out_o1", "0.75136507", "output of o1 (quoted in the text on E_o1)"),
        PrintedValue("out_o2", "0.772928465", "output of o2"),
        PrintedValue("E_o2", "0.023560026", "squared error of o2"),
        PrintedValue("E_total", "0.298371109", "total error before training"),
        PrintedValue("dE_o1/dout_o1", "0.74136507", "first factor of the chain for w5"),
        PrintedValue("dout_o1/dnet_o1", "0.186815602", "second factor: the logistic derivative"),
        PrintedValue("dE_o1/dnet_o1", "0.138498562", "delta of o1"),
        PrintedValue("dnet_o1/dout_h1", "0.40", "equals w5"),
        PrintedValue("dE_o1/dout_h1", "0.055399425", "o1's share of dE_total/dout_h1"),
        PrintedValue("dE_o2/dout_h1", "-0.019049119", "o2's share of dE_total/dout_h1"),
        PrintedValue("E_total after 1", "0.291027924", "total error after one update"),
        PrintedValue("E_total after 10000", "0.000035085", "total error after 10,000 updates"),
        PrintedValue("out_o1 after 10000", "0.015912196", "output o1 after 10,000 updates"),
        PrintedValue("out_o2 after 10000", "0.984065734", "output o2 after 10,000 updates"),
    ]
}


def params():
    """The initial parameters in the book's notation: ``[(W(1), b(1)), (W(2), b(2))]``.

    Row j of W(l) holds the weights into unit j of layer l, so
    W(1) = [[w1, w2], [w3, w4]] and W(2) = [[w5, w6], [w7, w8]]; the shared
    bias of a layer becomes a vector with that value in every entry.
    """
    w = WEIGHTS
    W1 = np.array([[w["w1"], w["w2"]], [w["w3"], w["w4"]]])
    W2 = np.array([[w["w5"], w["w6"]], [w["w7"], w["w8"]]])
    return [(W1, np.full(2, BIASES["b1"])), (W2, np.full(2, BIASES["b2"]))]


def agrees_to_printed_digits(value: float, printed: PrintedValue) -> bool:
    """True when ``value`` rounds to the printed number at the printed number of decimals.

    That is, |value - printed| <= half a unit in the last printed place (with a
    hair of slack for the binary representation of the printed decimal).
    """
    half_unit = 0.5 * 10.0 ** (-printed.decimals)
    return abs(float(value) - printed.value) <= half_unit * (1 + 1e-9)


def compare_with_printed(computed, decimals=9):
    """A table of computed values beside the printed ones, and which printed ones agree.

    ``computed`` maps keys (those of ``PRINTED`` where the source prints the
    value) to numbers. Returns ``(table, agree)`` with ``agree[key]`` True or
    False for every key the source prints; keys it does not print (values that
    were in its lost pictures) are shown without a verdict.
    """
    rows, agree = [], {}
    for key, value in computed.items():
        shown = f"{float(value):.{decimals}f}"
        printed = PRINTED.get(key)
        if printed is None:
            rows.append([key, shown, "(lost with a picture)", ""])
            continue
        agree[key] = agrees_to_printed_digits(value, printed)
        rows.append([key, shown, printed.text, "yes" if agree[key] else "NO"])
    return Table(["quantity", "computed", "printed in the source", "agrees"], rows), agree
