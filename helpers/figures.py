"""Diagrams drawn in the chapters, with matplotlib.

Introduced in Chapter 1 (the 2-2-2 network of the worked example, weights on
its edges); Chapter 7 draws the computation graph of the nndl example with it.
Chapter 4 adds :func:`draw_flow`, the two passes of backpropagation drawn as the
matrix-form source draws them: forward values on solid arrows, backward
quantities on dashed ones.
"""

from __future__ import annotations

import matplotlib.pyplot as plt

__all__ = ["draw_flow", "draw_network"]


def draw_network(
    layers, edges, node_text=None, ax=None, title=None, label_position=0.3, spacing=(2.6, 1.4)
):
    """Draw a layered network as circles joined by labelled arrows.

    ``layers`` is a list of layers, each a list of node names, drawn from left
    to right. ``edges`` maps ``(source, target)`` to the label written on that
    arrow (``None`` for no label). ``node_text`` maps a node name to the text in
    its circle (the name itself by default). ``label_position`` places each edge
    label along its arrow, from 0 (at the source) to 1 (at the target): near the
    source suits layers whose arrows fan out, the middle suits a chain; a dict maps
    some edges to their own position (the others keep 0.3), so that labels of
    crossing arrows need not meet. ``spacing`` is the distance between layers and
    between the nodes of a layer. Returns the axes.
    """
    names = [n for layer in layers for n in layer]
    if len(set(names)) != len(names):
        raise ValueError(f"node names must be unique, got {names}")
    unknown = {n for edge in edges for n in edge} - set(names)
    if unknown:
        raise ValueError(f"edges name nodes that are in no layer: {sorted(unknown)}")
    node_text = node_text or {}
    if ax is None:
        _, ax = plt.subplots(
            figsize=(spacing[0] * len(layers) + 1, spacing[1] * max(map(len, layers)) + 1)
        )
    pos = {}
    tallest = max(len(layer) for layer in layers)
    for col, layer in enumerate(layers):
        offset = (tallest - len(layer)) / 2
        for row, name in enumerate(layer):
            pos[name] = (col * spacing[0], -(row + offset) * spacing[1])
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
            if isinstance(label_position, dict):
                t = label_position.get((src, dst), 0.3)
            else:
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


def draw_flow(chain, forward, backward, params=None, ax=None, title=None):
    """Draw a forward pass left to right and the backward pass right to left.

    ``chain`` names the quantities of the forward pass in order (for example
    ``["x", "z(1)", "a(1)", "z(2)", "a(2)", "L"]``); ``params`` maps a parameter's
    name to the quantity of the chain it enters (``{"W(1)": "z(1)"}``), and each
    parameter is drawn above that quantity. ``forward`` maps ``(source, target)`` to
    the label of a solid arrow (a step of the forward pass, between neighbours of
    the chain or from a parameter); ``backward`` maps ``(source, target)`` to the
    label of a dashed arrow (a step of the backward pass: from a quantity of the
    chain to its left neighbour, or to a parameter). Returns the axes.
    """
    params = dict(params or {})
    if len(set(chain)) != len(chain) or set(chain) & set(params):
        raise ValueError(f"node names must be unique, got {list(chain)} and {list(params)}")
    unknown = set(params.values()) - set(chain)
    if unknown:
        raise ValueError(
            f"parameters enter quantities that are not in the chain: {sorted(unknown)}"
        )
    step = {name: i for i, name in enumerate(chain)}
    pos = {name: (2.4 * i, 0.0) for i, name in enumerate(chain)}
    pos |= {p: (2.4 * step[target], 2.3) for p, target in params.items()}
    for kind, edges in (("forward", forward), ("backward", backward)):
        for src, dst in edges:
            if src not in pos or dst not in pos:
                raise ValueError(f"the {kind} edge {(src, dst)} names a node that is not drawn")
            adjacent = src in step and dst in step and abs(step[src] - step[dst]) == 1
            if not adjacent and not ({src, dst} & set(params)):
                raise ValueError(f"the {kind} edge {(src, dst)} skips a quantity of the chain")
    if ax is None:
        _, ax = plt.subplots(figsize=(2.4 * len(chain) + 1, 4.2))

    def arrow(src, dst, label, dashed):
        (x0, y0), (x1, y1) = pos[src], pos[dst]
        on_chain = y0 == y1 == 0.0
        lift = -0.45 if (on_chain and dashed) else 0.0  # the backward pass runs below
        if not on_chain:  # a parameter's two arrows run side by side, forward on the left
            shift = 0.2 if dashed else -0.2
            x0, x1 = x0 + shift, x1 + shift
        colour = "#c0392b" if dashed else "0.3"
        ax.annotate(
            "",
            xy=(x1, y1 + lift),
            xytext=(x0, y0 + lift),
            arrowprops={
                "arrowstyle": "-|>", "color": colour, "lw": 1.2,
                "linestyle": (0, (4, 3)) if dashed else "-", "shrinkA": 22, "shrinkB": 22,
            },
        )  # fmt: skip
        xm, ym = (x0 + x1) / 2, (y0 + y1) / 2 + lift
        align = "center"
        if on_chain:
            ym += -0.5 if dashed else 0.42
        else:
            xm, align = (xm + 0.2, "left") if dashed else (xm - 0.2, "right")
        ax.text(
            xm, ym, label, fontsize=8, color=colour, ha=align, va="center",
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none"},
        )  # fmt: skip

    for (src, dst), label in forward.items():
        arrow(src, dst, label, dashed=False)
    for (src, dst), label in backward.items():
        arrow(src, dst, label, dashed=True)
    for name, (x, y) in pos.items():
        style = (
            {"fc": "#fdebd0", "ec": "#a04000"}
            if name in params
            else {"fc": "#dbe9f6", "ec": "#1f4e79"}
        )
        ax.add_patch(plt.Circle((x, y), 0.42, lw=1.2, zorder=3, **style))
        ax.text(x, y, name, ha="center", va="center", fontsize=10, zorder=4)
    xs = [p[0] for p in pos.values()]
    ax.set_xlim(min(xs) - 1.0, max(xs) + 1.0)
    ax.set_ylim(-1.6, 2.9)
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.set_title(title)
    return ax
