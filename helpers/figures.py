"""Diagrams drawn in the chapters, with matplotlib.

Introduced in Chapter 1 (the 2-2-2 network of the worked example, weights on
its edges); Chapter 7 draws the computation graph of the nndl example with it.
"""

from __future__ import annotations

import matplotlib.pyplot as plt

__all__ = ["draw_network"]


def draw_network(layers, edges, node_text=None, ax=None, title=None, label_position=0.3):
    """Draw a layered network as circles joined by labelled arrows.

    ``layers`` is a list of layers, each a list of node names, drawn from left
    to right. ``edges`` maps ``(source, target)`` to the label written on that
    arrow (``None`` for no label). ``node_text`` maps a node name to the text in
    its circle (the name itself by default). ``label_position`` places each edge
    label along its arrow, from 0 (at the source) to 1 (at the target): near the
    source suits layers whose arrows fan out, the middle suits a chain. Returns the axes.
    """
    names = [n for layer in layers for n in layer]
    if len(set(names)) != len(names):
        raise ValueError(f"node names must be unique, got {names}")
    unknown = {n for edge in edges for n in edge} - set(names)
    if unknown:
        raise ValueError(f"edges name nodes that are in no layer: {sorted(unknown)}")
    node_text = node_text or {}
    if ax is None:
        _, ax = plt.subplots(figsize=(2.6 * len(layers) + 1, 1.4 * max(map(len, layers)) + 1))
    pos = {}
    tallest = max(len(layer) for layer in layers)
    for col, layer in enumerate(layers):
        offset = (tallest - len(layer)) / 2
        for row, name in enumerate(layer):
            pos[name] = (col * 2.6, -(row + offset) * 1.4)
    radius = 0.36
    for (src, dst), label in edges.items():
        (x0, y0), (x1, y1) = pos[src], pos[dst]
        ax.annotate(
            "",
            xy=(x1, y1),
            xytext=(x0, y0),
            arrowprops={
                "arrowstyle": "-|>",
                "color": "0.35",
                "shrinkA": 17,
                "shrinkB": 17,
                "lw": 1.0,
            },
        )
        if label is not None:
            t = label_position
            ax.text(
                x0 + t * (x1 - x0),
                y0 + t * (y1 - y0),
                label,
                fontsize=9,
                ha="center",
                va="center",
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none"},
            )
    for name, (x, y) in pos.items():
        ax.add_patch(plt.Circle((x, y), radius, fc="#dbe9f6", ec="#1f4e79", lw=1.2, zorder=3))
        ax.text(x, y, node_text.get(name, name), ha="center", va="center", fontsize=9, zorder=4)
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    ax.set_xlim(min(xs) - 0.8, max(xs) + 0.8)
    ax.set_ylim(min(ys) - 0.8, max(ys) + 0.8)
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.set_title(title)
    return ax
