"""Run the tests in numerical environments that stand in for other readers' machines.

    python tools/portable.py            every environment (`make test-portable`)
    python tools/portable.py --list     name and describe them, and exit
    python tools/portable.py NAME ...   only the environments named

A stored notebook output must read the same on every reader's machine. What
differs between machines is the order and the instructions in which floating-point
sums are formed: the BLAS kernel OpenBLAS picks for the CPU, the number of BLAS
threads, and the SIMD loops numpy dispatches to (AVX-512, AVX2, or none). Each
environment below forces one such choice on this machine, then runs the unit and
property tests and every notebook and solution under nbval in strict mode. Before
running, each environment is checked to have taken effect (the BLAS kernel and
thread count reported by threadpoolctl, numpy's disabled SIMD targets), and a
fingerprint of three sums that depend on those choices (a BLAS matrix
product, numpy's tanh, numpy's exp) is printed, so the report
shows that the environments really compute differently in the last bits.

Only x86-64 machines can stand in for the others this way: OPENBLAS_CORETYPE names
x86 kernels, and the SIMD targets are x86 ones.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# numpy 2.4's x86 SIMD targets above the baseline (X86_V2, SSE4.2): turning off
# X86_V3 (AVX2, FMA) needs the targets built on it turned off too.
NO_AVX512 = "X86_V4,AVX512_ICL,AVX512_SPR"
NO_AVX2 = "X86_V3," + NO_AVX512


@dataclass(frozen=True)
class Environment:
    name: str
    describes: str
    variables: dict[str, str]
    kernel: str | None  # the architecture threadpoolctl must report, if forced
    threads: int


ENVIRONMENTS = [
    Environment(
        "haswell-1thread",
        "an AVX2 laptop or desktop (most Intel and AMD machines), one BLAS thread",
        {"OPENBLAS_CORETYPE": "Haswell", "OPENBLAS_NUM_THREADS": "1",
         "NPY_DISABLE_CPU_FEATURES": NO_AVX512},
        "Haswell", 1,
    ),
    Environment(
        "sandybridge-2threads",
        "an AVX machine without AVX2 (2011-2013), two BLAS threads",
        {"OPENBLAS_CORETYPE": "Sandybridge", "OPENBLAS_NUM_THREADS": "2",
         "NPY_DISABLE_CPU_FEATURES": NO_AVX2},
        "Sandybridge", 2,
    ),
    Environment(
        "nehalem-1thread",
        "an SSE4.2 machine without AVX, one BLAS thread, one OpenMP thread",
        {"OPENBLAS_CORETYPE": "Nehalem", "OPENBLAS_NUM_THREADS": "1",
         "OMP_NUM_THREADS": "1", "NPY_DISABLE_CPU_FEATURES": NO_AVX2},
        "Nehalem", 1,
    ),
    Environment(
        "prescott-2threads",
        "OpenBLAS's generic SSE3 kernels with numpy's AVX-512 loops, two BLAS threads",
        {"OPENBLAS_CORETYPE": "Prescott", "OPENBLAS_NUM_THREADS": "2"},
        None, 2,  # OpenBLAS reports this kernel under an older name
    ),
    Environment(
        "native-1thread",
        "this CPU's own kernel and SIMD loops, one BLAS thread",
        {"OPENBLAS_NUM_THREADS": "1"},
        None, 1,
    ),
]  # fmt: skip

# Tests that do not compute anything numerical: the browser, the copies of the
# checkout, the benchmark's smoke run, the files' hygiene. `make test` runs them once.
NOT_NUMERICAL = [
    "tests/test_browser.py",
    "tests/test_lab.py",
    "tests/test_pdf.py",
    "tests/test_paths.py",
    "tests/test_bench_smoke.py",
    "tests/test_notebooks.py",
    "tests/test_environment.py",
    "tests/test_slides.py",  # the decks show stored outputs: nothing in them is computed here
    "tests/test_lecture.py",
]

PROBE = """
import json, numpy as np
from numpy._core._multiarray_umath import __cpu_features__
from threadpoolctl import threadpool_info
blas = [i for i in threadpool_info() if i["user_api"] == "blas"]
A = np.random.default_rng(0).standard_normal((300, 300))
x, y = np.linspace(-3, 3, 1000001), np.linspace(-2.9, 3.1, 100001)
sums = [(A @ A).sum(), np.tanh(x).sum(), (1 / (1 + np.exp(-y))).sum()]
print(json.dumps({
    "kernels": sorted({i.get("architecture", "?") for i in blas}),
    "threads": sorted({i["num_threads"] for i in blas}),
    "avx2 loops": bool(__cpu_features__.get("X86_V3")),
    "avx512 loops": bool(__cpu_features__.get("X86_V4")),
    "fingerprint": [f"{v:.17g}" for v in sums],
}))
"""


def run_environment(env: Environment, python: str) -> tuple[bool, float, str, str]:
    """Check that ``env`` takes effect, then run the numerical tests in it.

    Returns whether they passed, the seconds they took, pytest's summary line, and the
    report of the environment to print (several environments may run at once).
    """
    variables = os.environ | env.variables | {"PYTHONHASHSEED": "0"}
    probe = subprocess.run(
        [python, "-c", PROBE], env=variables, capture_output=True, text=True, check=True
    )
    seen = json.loads(probe.stdout)
    problems = []
    if env.kernel and seen["kernels"] != [env.kernel]:
        problems.append(f"BLAS kernel {seen['kernels']}, expected {env.kernel}")
    if seen["threads"] != [env.threads]:
        problems.append(f"BLAS threads {seen['threads']}, expected {env.threads}")
    disabled = env.variables.get("NPY_DISABLE_CPU_FEATURES", "")
    if "X86_V3" in disabled and seen["avx2 loops"]:
        problems.append("numpy's AVX2 loops are still on")
    if "X86_V4" in disabled and seen["avx512 loops"]:
        problems.append("numpy's AVX-512 loops are still on")
    report = [
        f"\n== {env.name}: {env.describes}",
        "   " + " ".join(f"{k}={v}" for k, v in env.variables.items()),
        f"   BLAS kernel {', '.join(seen['kernels'])}, {seen['threads'][0]} thread(s); "
        f"numpy AVX2 loops {'on' if seen['avx2 loops'] else 'off'}, "
        f"AVX-512 loops {'on' if seen['avx512 loops'] else 'off'}; "
        f"sums {' '.join(seen['fingerprint'])}",
    ]
    if problems:
        summary = "the environment did not take effect: " + "; ".join(problems)
        return False, 0.0, summary, "\n".join(report)
    command = [
        python, "-m", "pytest", "tests", "notebooks", "solutions", "-q", "-p", "no:cacheprovider",
        "--nbval", "--nbval-current-env", "--nbval-sanitize-with", "tests/nbval-sanitize.cfg",
        *[f"--ignore={path}" for path in NOT_NUMERICAL],
    ]  # fmt: skip
    start = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, env=variables, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    lines = result.stdout.strip().splitlines()
    summary = lines[-1] if lines else result.stderr.strip()[-300:]
    if result.returncode != 0:
        failed = [ln for ln in lines if ln.startswith(("FAILED", "ERROR"))]
        report += result.stdout.splitlines()[-80:]
        summary += "\n   " + "\n   ".join(failed)
    return result.returncode == 0, seconds, summary, "\n".join(report)


def compared_cells() -> int:
    """Code cells whose outputs nbval compares: all but those tagged to be ignored."""
    count = 0
    for folder in ("notebooks", "solutions"):
        for path in sorted((ROOT / folder).glob("*.ipynb")):
            for cell in json.loads(path.read_text("utf-8"))["cells"]:
                tags = cell.get("metadata", {}).get("tags", [])
                if cell["cell_type"] == "code" and "nbval-ignore-output" not in tags:
                    count += 1
    return count


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="environments to run (default: all)")
    parser.add_argument("--list", action="store_true", help="list the environments")
    parser.add_argument(
        "--jobs",
        type=int,
        default=min(2, os.cpu_count() or 1),
        help="environments run at once (default: 2, or 1 on one core); each pytest run uses "
        "about one core, and on 2 cores two at once measured 1.6 times as fast",
    )
    args = parser.parse_args(argv)
    if args.jobs < 1:
        parser.error(f"--jobs must be at least 1, got {args.jobs}")
    if args.list:
        for env in ENVIRONMENTS:
            settings = " ".join(f"{k}={v}" for k, v in env.variables.items())
            print(f"{env.name}: {env.describes}\n    {settings}")
        return 0
    unknown = set(args.names) - {env.name for env in ENVIRONMENTS}
    if unknown:
        parser.error(f"unknown environment(s) {sorted(unknown)}; see --list")
    if platform.machine().lower() not in ("x86_64", "amd64"):
        print(f"tools/portable.py stands in for x86-64 machines; this is {platform.machine()}.")
        return 1
    chosen = [env for env in ENVIRONMENTS if not args.names or env.name in args.names]
    print(f"{compared_cells()} notebook cells compared in each environment")
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:  # each job waits on a subprocess
        runs = pool.map(lambda env: (env, *run_environment(env, sys.executable)), chosen)
        results = []
        for env, ok, seconds, summary, report in runs:  # in order, each as soon as it is done
            print(report, flush=True)
            results.append((env, ok, seconds, summary))
    total = time.perf_counter() - start
    print(f"\n{len(chosen)} environments, {args.jobs} at a time: {total:.0f} s in all")
    print("\n| environment | result | wall time |\n| --- | --- | --- |")
    for env, _ok, seconds, summary in results:
        print(f"| {env.name} | {summary.splitlines()[0]} | {seconds:.0f} s |")
    return 0 if all(ok for _, ok, _, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
