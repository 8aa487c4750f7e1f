"""Build the offline slides (``make slides``) and the HTML edition (``make book``) into _build/.

    python tools/build_web.py slides   reveal.js decks of every notebook in notebooks/
    python tools/build_web.py book     a static HTML page per notebook and solution, with an index

Both use nbconvert with its stored outputs (nothing is executed) and load
reveal.js, MathJax, require.js and jQuery from _build/vendor/, copied from the
pinned npm packages of tools/web/ (installed by make), never from a CDN. The
result works from the file system, without any network: open
_build/slides/index.html or _build/book/index.html.

Every page of the book has a sidebar (tools/web/book.css, tools/web/search.js): the
chapters and solutions, and a search box over a prebuilt index of the text, one entry
per section, written as a script (search-index.js) because browsers refuse fetch() of
file:// addresses. Notebooks are found in the folders; nothing lists them by hand.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import shutil
import sys
from html.parser import HTMLParser
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter, SlidesExporter
from traitlets.config import Config

try:  # run as a script (python tools/x.py) or imported as tools.x (the tests)
    from tools import lecture, nav
except ImportError:  # pragma: no cover
    import lecture
    import nav

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ROOT / "tools" / "web" / "node_modules"
BUILD = ROOT / "_build"
VENDOR = BUILD / "vendor"
WEB = ROOT / "tools" / "web"  # the book's own style sheet and search script
TITLE = "Backpropagation, derived, implemented and checked"

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
    return c


def slides_config(vendor: str) -> Config:
    """The lecture decks: 16:9 at 1280 x 720, no prompts, the theme whose fonts are in
    reveal.js's package (others import Google Fonts), the template of tools/web/lecture/."""
    c = exporter_config(vendor)
    c.SlidesExporter.extra_template_basedirs = [str(WEB)]
    c.SlidesExporter.template_name = "lecture"
    c.SlidesExporter.reveal_theme = "white"
    c.SlidesExporter.reveal_width = "1280"
    c.SlidesExporter.reveal_height = "720"
    c.SlidesExporter.reveal_transition = "none"
    c.SlidesExporter.exclude_input_prompt = True
    c.SlidesExporter.exclude_output_prompt = True
    return c


def relink(page: str, suffix: str) -> str:
    """Links between notebooks (``x.ipynb``) point at the built pages (``x`` + suffix)."""
    return re.sub(r'href="([^":#]+?)\.ipynb', lambda m: f'href="{m.group(1)}{suffix}', page)


def without_math_linebreaks(page: str) -> str:
    """MathJax as configured by nbconvert breaks formulas to fit their container; in table
    cells that squeezes the prose column to a word per line. Long formulas are rare here:
    the book's style sheet lets a wide one scroll, the PDF scales it down, and the decks set
    a formula that sympy printed smaller (tools/web/lecture/index.html.j2)."""
    setting = re.compile(r"(CommonHTML:\s*\{\s*linebreaks:\s*\{\s*automatic:\s*)true")
    page, found = setting.subn(r"\1false", page)
    if found != 1:
        raise RuntimeError("nbconvert's MathJax configuration changed: revisit the line breaks")
    return page


def book_sources() -> list[Path]:
    """The notebooks of the book in reading order: contents and chapters, then solutions."""
    return [
        p for folder in ("notebooks", "solutions") for p in sorted((ROOT / folder).glob("*.ipynb"))
    ]


def build(kind: str) -> list[Path]:
    copy_vendor()
    if kind == "slides":
        exporter = SlidesExporter(config=slides_config("../vendor"))
        out_dir = BUILD / "slides"
        jobs = [
            (p, out_dir / f"{p.stem}.slides.html")
            for p in sorted((ROOT / "notebooks").glob("*.ipynb"))
        ]
        suffix = ".slides.html"
    else:
        exporter = HTMLExporter(config=exporter_config("../../vendor"))
        jobs = [(p, BUILD / "book" / p.parent.name / f"{p.stem}.html") for p in book_sources()]
        suffix = ".html"
        pages = [(t.relative_to(BUILD / "book").as_posix(), page_label(p)) for p, t in jobs]
    written = []
    for source, target in jobs:
        nb = nbformat.read(source, as_version=4)
        if kind == "slides":
            nb = lecture.deck(nb, source.name)
        body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": source.stem}})
        body = without_math_linebreaks(relink(body, suffix))
        if kind == "book":
            here = target.relative_to(BUILD / "book").as_posix()
            body = with_sidebar(body, pages, here, "../")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(body, "utf-8")
        written.append(target)
    if kind == "book":
        written += write_book_extras(pages)
    else:
        written.append(write_index(kind, [t for _, t in jobs]))
    return written


def page_label(notebook: Path) -> str:
    """What the sidebar calls a page: "Contents", a chapter's title, or "Chapter N" for its
    solutions."""
    if notebook.name == nav.CONTENTS:
        return "Contents"
    if notebook.parent.name == "solutions":
        return f"Chapter {int(notebook.name[:2])}"
    return nav.title(nbformat.read(notebook, as_version=4))


def sidebar(pages: list[tuple[str, str]], here: str, root: str) -> str:
    """The sidebar: the book's title, a search box, the chapters and the solutions.

    ``pages`` are (path from the book's root, label); ``root`` leads from this page to it.
    """

    def item(href, label):
        current = ' class="current" aria-current="page"' if href == here else ""
        return f'<li{current}><a href="{root}{href}">{html.escape(label)}</a></li>'

    chapters = "\n".join(item(h, t) for h, t in pages if h.startswith("notebooks/"))
    solutions = "\n".join(item(h, t) for h, t in pages if h.startswith("solutions/"))
    search = (
        '<div role="search"><label for="book-search">Search the book</label>\n'
        '<input type="search" id="book-search" placeholder="e.g. Hadamard" autocomplete="off">\n'
        '<p id="book-search-status" aria-live="polite"></p>\n'
        '<ol id="book-search-results"></ol></div>\n'
    )
    return (
        f'<nav id="book-sidebar" data-root="{root}" aria-label="Chapters and search">\n'
        f'<p class="book-title"><a href="{root}index.html">{html.escape(TITLE)}</a></p>\n'
        f"{search}"
        f'<h2>Chapters</h2>\n<ul class="book-chapters">\n{chapters}\n</ul>\n'
        f'<h2>Worked solutions</h2>\n<ul class="book-solutions">\n{solutions}\n</ul>\n'
        "</nav>\n"
    )


def with_sidebar(page: str, pages: list[tuple[str, str]], here: str, root: str) -> str:
    """The page with the sidebar's style in its head, the sidebar and its scripts in its body."""
    head = f'<link rel="stylesheet" href="{root}book.css">\n</head>'
    scripts = (
        f'<script src="{root}search-index.js"></script>\n'
        f'<script src="{root}search.js"></script>\n</body>'
    )
    page = page.replace("</head>", head, 1)
    page = re.sub(r'<body class="([^"]*)"', r'<body class="\1 book-page"', page, count=1)
    page = re.sub(
        r"(<body[^>]*>)", lambda m: m.group(1) + "\n" + sidebar(pages, here, root), page, count=1
    )
    return page.replace("</body>", scripts, 1)


class SectionText(HTMLParser):
    """The text of a built page, one entry per section (h1 to h3 with an id).

    Prose and code are kept; outputs, scripts, styles and the sidebar are left out.
    """

    VOID = {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "wbr",
    }

    def __init__(self):
        super().__init__()
        self.sections = [["", "", []]]  # [anchor, heading, text parts]
        self.stack, self.skip_from, self.heading_depth = [], None, None

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        attrs = dict(attrs)
        self.stack.append(tag)
        classes = (attrs.get("class") or "").split()
        skipped = tag in ("script", "style", "title") or attrs.get("id") == "book-sidebar"
        skipped |= "jp-OutputArea" in classes or "anchor-link" in classes
        if self.skip_from is None and skipped:
            self.skip_from = len(self.stack)
        if tag in ("h1", "h2", "h3") and attrs.get("id") and self.skip_from is None:
            self.sections.append([attrs["id"], "", []])
            self.heading_depth = len(self.stack)

    def handle_endtag(self, tag):
        if tag in self.VOID or not self.stack:
            return
        if self.skip_from is not None and len(self.stack) <= self.skip_from:
            self.skip_from = None
        if self.heading_depth is not None and len(self.stack) <= self.heading_depth:
            self.heading_depth = None
        self.stack.pop()

    def handle_data(self, data):
        if self.skip_from is not None:
            return
        if self.heading_depth is not None:
            self.sections[-1][1] += data
        else:
            self.sections[-1][2].append(data)


def search_index(pages: list[tuple[str, str]]) -> dict:
    """Every section of every built page: its page, anchor, heading and text."""
    sections = []
    for number, (href, _) in enumerate(pages):
        parser = SectionText()
        parser.feed((BUILD / "book" / href).read_text("utf-8"))
        for anchor, heading, parts in parser.sections:
            text = " ".join(" ".join(parts).split())
            if heading.strip() or text:
                sections.append([number, anchor, " ".join(heading.split()), text])
    titles = [[href, label if href.startswith("notebooks/") else f"Solutions, {label}"]
              for href, label in pages]  # fmt: skip
    return {"pages": titles, "sections": sections}


def write_book_extras(pages: list[tuple[str, str]]) -> list[Path]:
    """The book's style sheet, search script and index, and its front page."""
    root = BUILD / "book"
    written = [root / "book.css", root / "search.js", root / "search-index.js"]
    shutil.copy2(WEB / "book.css", written[0])
    shutil.copy2(WEB / "search.js", written[1])
    index = json.dumps(search_index(pages), ensure_ascii=False, separators=(",", ":"))
    written[2].write_text(f"window.BOOK_SEARCH = {index};\n", "utf-8")
    written.append(write_index("book", [root / href for href, _ in pages], pages))
    return written


def write_index(kind: str, pages: list[Path], sidebar_pages=None) -> Path:
    root = BUILD / kind
    links = [(p.relative_to(root).as_posix(), p.stem.replace(".slides", "")) for p in pages]
    if sidebar_pages is not None:
        links = sidebar_pages
    items = "\n".join(f'<li><a href="{href}">{html.escape(name)}</a></li>' for href, name in links)
    what = "Slides" if kind == "slides" else "The book"
    start = "notebooks/00-contents.html" if kind == "book" else "00-contents.slides.html"
    index = root / "index.html"
    page = (
        f"<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>{TITLE}</title></head>\n"
        f"<body class='book-index'><main><h1>{TITLE}</h1>"
        f"<p>{what}: start with <a href='{start}'>the contents</a>.</p>\n"
        f"<ul>\n{items}\n</ul></main></body></html>\n"
    )
    if sidebar_pages is not None:
        page = with_sidebar(page, sidebar_pages, "index.html", "")
    index.write_text(page, "utf-8")
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
