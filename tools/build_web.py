"""Build the offline slides (``make slides``) and the HTML edition (``make book``) into _build/.

    python tools/build_web.py slides   reveal.js decks of every notebook in notebooks/
    python tools/build_web.py book     a static HTML page per notebook and solution, with an index

Both use nbconvert with its stored outputs (nothing is executed) and load
reveal.js, MathJax, require.js and jQuery from _build/vendor/, copied from the
pinned npm packages of tools/web/ (installed by make), never from a CDN. The
result works from the file system, without any network: open
_build/slides/index.html or _build/book/index.html.
"""

from __future__ import annotations

import argparse
import html
import re
import shutil
import sys
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter, SlidesExporter
from traitlets.config import Config

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ROOT / "tools" / "web" / "node_modules"
BUILD = ROOT / "_build"
VENDOR = BUILD / "vendor"

# What each page needs, copied from the npm packages: (source, destination in vendor/).
ASSETS = [
    ("reveal.js/dist", "reveal.js/dist"),
    ("reveal.js/plugin", "reveal.js/plugin"),
    ("mathjax/MathJax.js", "mathjax/MathJax.js"),
    ("mathjax/config", "mathjax/config"),
    ("mathjax/extensions", "mathjax/extensions"),
    ("mathjax/jax", "mathjax/jax"),
    ("mathjax/fonts/HTML-CSS/TeX/woff", "mathjax/fonts/HTML-CSS/TeX/woff"),
    ("requirejs/require.js", "require.js"),
    ("jquery/dist/jquery.min.js", "jquery.min.js"),
]


def copy_vendor():
    if not PACKAGES.exists():
        sys.exit(
            "tools/web/node_modules is missing: run `make slides` or `make book`, which install it"
        )
    for source, dest in ASSETS:
        src, dst = PACKAGES / source, VENDOR / dest
        if dst.exists():
            continue
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dst)
        else:
            shutil.copy2(src, dst)


def exporter_config(vendor: str) -> Config:
    """nbconvert settings that point every script at ``vendor`` (a relative URL)."""
    c = Config()
    c.HTMLExporter.mathjax_url = f"{vendor}/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe"
    c.HTMLExporter.require_js_url = f"{vendor}/require.js"
    c.HTMLExporter.jquery_url = f"{vendor}/jquery.min.js"
    c.SlidesExporter.reveal_url_prefix = f"{vendor}/reveal.js"
    c.SlidesExporter.reveal_scroll = True  # long outputs scroll instead of overflowing
    c.SlidesExporter.reveal_transition = "none"
    return c


def relink(page: str, suffix: str) -> str:
    """Links between notebooks (``x.ipynb``) point at the built pages (``x`` + suffix)."""
    return re.sub(r'href="([^":#]+?)\.ipynb', lambda m: f'href="{m.group(1)}{suffix}', page)


def build(kind: str) -> list[Path]:
    copy_vendor()
    written = []
    if kind == "slides":
        exporter = SlidesExporter(config=exporter_config("../vendor"))
        sources = sorted((ROOT / "notebooks").glob("*.ipynb"))
        out_dir = BUILD / "slides"
        jobs = [(p, out_dir / f"{p.stem}.slides.html") for p in sources]
        suffix = ".slides.html"
    else:
        exporter = HTMLExporter(config=exporter_config("../../vendor"))
        jobs = [
            (p, BUILD / "book" / folder / f"{p.stem}.html")
            for folder in ("notebooks", "solutions")
            for p in sorted((ROOT / folder).glob("*.ipynb"))
        ]
        suffix = ".html"
    for source, target in jobs:
        nb = nbformat.read(source, as_version=4)
        body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": source.stem}})
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(relink(body, suffix), "utf-8")
        written.append(target)
    written.append(write_index(kind, [t for _, t in jobs]))
    return written


def write_index(kind: str, pages: list[Path]) -> Path:
    root = BUILD / kind
    title = "Backpropagation, derived, implemented and checked"
    links = [(p.relative_to(root).as_posix(), p.stem.replace(".slides", "")) for p in pages]
    items = "\n".join(f'<li><a href="{href}">{html.escape(name)}</a></li>' for href, name in links)
    what = "Slides" if kind == "slides" else "The book"
    start = "notebooks/00-contents.html" if kind == "book" else "00-contents.slides.html"
    index = root / "index.html"
    index.write_text(
        f"<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>{title}</title></head>\n"
        f"<body><h1>{title}</h1><p>{what}: start with <a href='{start}'>the contents</a>.</p>\n"
        f"<ul>\n{items}\n</ul></body></html>\n",
        "utf-8",
    )
    return index


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=["slides", "book"])
    args = parser.parse_args(argv)
    written = build(args.kind)
    print(f"{args.kind}: {len(written)} pages in {(BUILD / args.kind).relative_to(ROOT)}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
