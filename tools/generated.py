"""The command line shared by the tools that generate parts of the notebooks."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(description: str, what: str, stale: Callable[[], dict[Path, str]], argv=None) -> int:
    """Rewrite the stale notebooks, or with ``--check`` only list them (exit status 1)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--check", action="store_true", help="only report stale notebooks")
    args = parser.parse_args(argv)
    todo = stale()
    for path, text in todo.items():
        rel = path.relative_to(ROOT)
        if args.check:
            print(f"stale {what}: {rel} (run `make nav`)")
        else:
            path.write_text(text, "utf-8")
            print(f"updated {what}: {rel}")
    return 1 if (args.check and todo) else 0
