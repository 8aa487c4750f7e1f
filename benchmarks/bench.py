"""The book's benchmarks: ratios of times measured within one run.

    python benchmarks/bench.py          the full suite (``make bench``), written to RESULTS.md
    python benchmarks/bench.py --smoke  a tiny configuration that checks the suite still runs

Every figure is the median of repeated runs after a warm-up, and every ratio
compares two figures taken in the same run, so machines and loads compare.
All libraries get the same number of threads (``--threads``, 1 by default).

1. Cheap gradient: time(forward + backward) / time(forward) of helpers.mlp.
2. Our reverse-mode engine (helpers.autodiff) against hand-written backpropagation.
3. A central-difference gradient against backpropagation as the parameter count P grows.
4. Training the digits network: helpers against scikit-learn and, if installed, PyTorch.
5. The book: wall time of executing each notebook in a fresh kernel.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import time
import warnings
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent


def median_time(fn, repeats, warmup=1):
    """Median wall time of ``fn()`` over ``repeats`` runs, after ``warmup`` runs."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return float(np.median(times))


# --- 1. the cost of a gradient ------------------------------------------------------------


def cheap_gradient(widths, depths, batch, repeats):
    from helpers import mlp, training

    rows = []
    for depth in depths:
        for width in widths:
            params = mlp.init_params([width] * (depth + 1), np.random.default_rng(0))
            X = np.random.default_rng(1).normal(size=(width, batch))
            Y = training.one_hot(np.random.default_rng(2).integers(0, width, size=batch), width)
            acts = ["tanh"] * (depth - 1) + ["softmax"]
            t_fwd = median_time(lambda p=params, X=X, a=acts: mlp.forward(p, X, a), repeats)
            t_both = median_time(
                lambda p=params, X=X, Y=Y, a=acts: mlp.loss_and_grads(p, X, Y, a, "cross_entropy"),
                repeats,
            )
            rows.append({"width": width, "depth": depth, "ratio": t_both / t_fwd})
    return rows


# --- 2. the engine against backpropagation --------------------------------------------------


def engine_vs_backprop(width, batch, repeats):
    from helpers import mlp, training
    from helpers.autodiff import Value

    sizes = [width, width, width, 10]
    params = mlp.init_params(sizes, np.random.default_rng(0))
    X = np.random.default_rng(1).normal(size=(width, batch))
    Y = training.one_hot(np.random.default_rng(2).integers(0, 10, size=batch), 10)
    acts = ["tanh", "tanh", "softmax"]

    def engine():
        values = [(Value(W), Value(b)) for W, b in params]
        A = Value(X, requires_grad=False)  # data, not a parameter
        for k, (W, b) in enumerate(values):
            Z = W @ A + b.reshape(-1, 1)
            A = Z.tanh() if k < len(values) - 1 else Z
        loss = -((A - A.logsumexp(axis=0, keepdims=True)) * Y).sum() / batch
        loss.backward()
        return [(W.grad, b.grad) for W, b in values]

    def backprop():
        return mlp.loss_and_grads(params, X, Y, acts, "cross_entropy")[1]

    from helpers.gradcheck import relative_error

    assert relative_error(engine(), backprop()) < 1e-12  # the same gradient, or the timing is moot
    return median_time(engine, repeats) / median_time(backprop, repeats)


# --- 3. numerical against backpropagation ---------------------------------------------------


def numerical_vs_backprop(hiddens, repeats):
    from helpers import mlp, training
    from helpers.gradcheck import numerical_param_grads
    from helpers.losses import softmax_cross_entropy

    rng = np.random.default_rng(0)
    X = rng.normal(size=(8, 32))
    Y = training.one_hot(rng.integers(0, 4, size=32), 4)
    names = ["tanh", "softmax"]

    def risk(p):
        _, cache = mlp.forward(p, X, names)
        return float(np.mean(softmax_cross_entropy(cache["z"][-1], Y)))

    rows = []
    for hidden in hiddens:
        params = mlp.init_params([8, hidden, 4], np.random.default_rng(hidden))
        t_num = median_time(lambda p=params: numerical_param_grads(risk, p), repeats)
        t_bp = median_time(
            lambda p=params: mlp.loss_and_grads(p, X, Y, names, "cross_entropy"), 5 * repeats
        )
        rows.append({"P": mlp.count_params(params), "ratio": t_num / t_bp})
    P = np.array([r["P"] for r in rows], dtype=float)
    ratio = np.array([r["ratio"] for r in rows])
    slope, intercept = np.polyfit(P, ratio, 1)
    fitted = slope * P + intercept
    r2 = 1 - np.sum((ratio - fitted) ** 2) / np.sum((ratio - ratio.mean()) ** 2)
    return rows, float(slope), float(r2)


# --- 4. training the digits network against peers -------------------------------------------


def training_epochs(epochs, repeats, threads):
    from helpers import data, mlp, training

    digits = data.load_digits_split(np.random.default_rng(0))
    X, y = digits["X_train"], digits["y_train"]
    Y = training.one_hot(y, 10)
    settings = {"epochs": epochs, "batch_size": 32, "lr": 0.1}
    results = {}

    start = mlp.init_params([64, 64, 10], np.random.default_rng(1))

    def ours():
        return training.train(
            start, X, Y, ["tanh", "softmax"], "cross_entropy", rng=np.random.default_rng(2),
            record=False, **settings,
        )[0]  # fmt: skip

    params = ours()
    results["helpers (numpy)"] = {
        "time": median_time(ours, repeats, warmup=0),
        "accuracy": training.accuracy(
            params, digits["X_test"], digits["y_test"], ["tanh", "softmax"]
        ),
    }

    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    def sklearn_fit():
        model = MLPClassifier(
            hidden_layer_sizes=(64,), activation="tanh", solver="sgd", learning_rate="constant",
            learning_rate_init=settings["lr"], momentum=0.0, nesterovs_momentum=False,
            batch_size=settings["batch_size"], max_iter=epochs, alpha=0.0, tol=0.0,
            n_iter_no_change=epochs + 1, shuffle=True, random_state=0,
        )  # fmt: skip
        with warnings.catch_warnings():  # it stops at max_iter, as asked, and says so
            warnings.simplefilter("ignore", ConvergenceWarning)
            return model.fit(X.T, y)

    model = sklearn_fit()
    results["scikit-learn"] = {
        "time": median_time(sklearn_fit, repeats, warmup=0),
        "accuracy": float(model.score(digits["X_test"].T, digits["y_test"])),
    }

    try:
        import torch
    except ImportError:
        results["PyTorch"] = None
    else:
        torch.set_num_threads(threads)
        Xt = torch.tensor(X.T, dtype=torch.float64)
        yt = torch.tensor(y, dtype=torch.long)

        def torch_fit():
            torch.manual_seed(0)
            net = torch.nn.Sequential(
                torch.nn.Linear(64, 64), torch.nn.Tanh(), torch.nn.Linear(64, 10)
            ).double()
            opt = torch.optim.SGD(net.parameters(), lr=settings["lr"])
            loss_fn = torch.nn.CrossEntropyLoss()
            gen = torch.Generator().manual_seed(2)
            for _ in range(epochs):
                order = torch.randperm(Xt.shape[0], generator=gen)
                for i in range(0, Xt.shape[0], settings["batch_size"]):
                    idx = order[i : i + settings["batch_size"]]
                    opt.zero_grad()
                    loss_fn(net(Xt[idx]), yt[idx]).backward()
                    opt.step()
            return net

        net = torch_fit()
        with torch.no_grad():
            predicted = net(torch.tensor(digits["X_test"].T)).argmax(dim=1).numpy()
        results["PyTorch"] = {
            "time": median_time(torch_fit, repeats, warmup=0),
            "accuracy": float(np.mean(predicted == digits["y_test"])),
            "version": torch.__version__,
        }
    return results


# --- 5. the notebooks --------------------------------------------------------------------------


def notebook_times(paths):
    import nbformat
    from nbclient import NotebookClient

    times = {}
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(
            nb,
            kernel_name="python3",
            timeout=600,
            resources={"metadata": {"path": str(path.parent)}},
        )
        t0 = time.perf_counter()
        client.execute()
        times[path.name] = time.perf_counter() - t0
    return times


# --- the report ----------------------------------------------------------------------------------


def machine():
    import numpy

    try:
        import sklearn

        sk = sklearn.__version__
    except ImportError:  # pragma: no cover
        sk = "not installed"
    return {
        "date": datetime.date.today().isoformat(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "numpy": numpy.__version__,
        "scikit-learn": sk,
    }


def run(smoke=False, threads=1):
    """Run the suite; return ``(rows, details)`` where rows are the table's lines."""
    from threadpoolctl import threadpool_limits

    if smoke:
        cfg = {"widths": [16, 32], "depths": [3], "batch": 16, "repeats": 2, "engine_width": 16,
               "hiddens": [2, 4, 8], "epochs": 1, "train_repeats": 1,
               "notebooks": [ROOT / "notebooks" / "00-contents.ipynb"]}  # fmt: skip
    else:
        cfg = {"widths": [64, 128, 256, 512, 1024], "depths": [3, 6], "batch": 256, "repeats": 9,
               "engine_width": 256, "hiddens": [4, 8, 16, 32, 64], "epochs": 10, "train_repeats": 3,
               "notebooks": sorted((ROOT / "notebooks").glob("*.ipynb"))}  # fmt: skip

    with threadpool_limits(limits=threads):
        cheap = cheap_gradient(cfg["widths"], cfg["depths"], cfg["batch"], cfg["repeats"])
        engine = engine_vs_backprop(cfg["engine_width"], cfg["batch"], cfg["repeats"])
        numerical, slope, r2 = numerical_vs_backprop(cfg["hiddens"], max(1, cfg["repeats"] // 3))
        trained = training_epochs(cfg["epochs"], cfg["train_repeats"], threads)
    books = notebook_times(cfg["notebooks"])

    rows = []
    for r in cheap:
        large = r["width"] >= 512  # the target applies where matrix products dominate
        met = ("yes" if r["ratio"] <= 3 else "no") if large else ""
        configuration = f"width {r['width']}, depth {r['depth']}, batch {cfg['batch']}"
        rows.append(
            [
                "1. gradient / forward",
                configuration,
                f"{r['ratio']:.2f}",
                "<= 3" if large else "",
                met,
            ]
        )
    rows.append(["2. engine / backprop", f"[{cfg['engine_width']}]*3 + [10], batch {cfg['batch']}",
                 f"{engine:.2f}", "<= 1.5", "yes" if engine <= 1.5 else "no"])  # fmt: skip
    for r in numerical:
        rows.append(
            ["3. numerical / backprop", f"P = {r['P']}", f"{r['ratio']:.0f}", "grows with P", ""]
        )
    fit = f"{slope:.2f} (R^2 {r2:.3f})"
    rows.append(
        ["3. numerical / backprop", "fitted slope per parameter", fit, "linear in P",
         "yes" if r2 > 0.95 else "no"]
    )  # fmt: skip
    ours = trained["helpers (numpy)"]
    for name, res in trained.items():
        if res is None:
            rows.append([f"4. training, {name}", "not installed", "", "", ""])
            continue
        configuration = f"{cfg['epochs']} epochs, test accuracy {res['accuracy']:.3f}"
        rows.append([f"4. training, {name}", configuration, f"{res['time']:.3f} s", "", ""])
    sk = trained["scikit-learn"]
    rows.append(["4. ours / scikit-learn", "time", f"{ours['time'] / sk['time']:.2f}", "<= 1",
                 "yes" if ours["time"] <= sk["time"] else "no"])  # fmt: skip
    if trained["PyTorch"] is not None:
        pt = trained["PyTorch"]
        rows.append(["4. ours / PyTorch", "time", f"{ours['time'] / pt['time']:.2f}", "<= 1.5",
                     "yes" if ours["time"] <= 1.5 * pt["time"] else "no"])  # fmt: skip
    total = sum(books.values())
    for name, seconds in books.items():
        rows.append(["5. notebook", name, f"{seconds:.1f} s", "", ""])
    rows.append(["5. all notebooks", f"{len(books)} notebooks", f"{total:.1f} s", "< 60 s",
                 "yes" if total < 60 else "no"])  # fmt: skip
    details = {
        "machine": machine() | {"threads": threads},
        "config": {k: v for k, v in cfg.items() if k != "notebooks"},
    }
    return rows, details


HEADERS = ["benchmark", "configuration", "measured", "target", "met"]


def as_text(rows):
    widths = [max(len(str(r[k])) for r in [HEADERS, *rows]) for k in range(len(HEADERS))]
    lines = ["  ".join(str(c).ljust(w) for c, w in zip(HEADERS, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += [
        "  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows
    ]
    return "\n".join(lines)


def as_markdown(rows, details):
    lines = [
        "# Benchmark results",
        "",
        "Written by `make bench` (`python benchmarks/bench.py`).",
        "",
    ]
    lines += ["## Machine", ""] + [f"- {k}: {v}" for k, v in details["machine"].items()] + [""]
    lines += ["## Ratios and times, measured in one run", ""]
    lines += ["| " + " | ".join(HEADERS) + " |", "|" + " --- |" * len(HEADERS)]
    lines += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(lines) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="a tiny configuration, for the tests")
    parser.add_argument("--threads", type=int, default=1, help="threads for every library (1)")
    parser.add_argument("--output", type=Path, default=ROOT / "benchmarks" / "RESULTS.md")
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args(argv)
    rows, details = run(smoke=args.smoke, threads=args.threads)
    print(as_text(rows))
    if not args.no_write and not args.smoke:
        args.output.write_text(as_markdown(rows, details), "utf-8")
        print(f"\nwritten to {args.output.relative_to(ROOT)}")
    return rows


if __name__ == "__main__":
    main()
