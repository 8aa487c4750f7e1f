"""Build the printable edition (``make pdf``): the whole book as one PDF, _build/book.pdf.

    python tools/build_pdf.py [--chromium PATH]

The notebooks (found in notebooks/ and solutions/, in order) are exported with
nbconvert, as for the HTML edition, into one page, _build/pdf/book.html: a title
page, a table of contents, the contents notebook as "About this book", every
chapter on a new page, and the worked solutions as an appendix. A print style
sheet (tools/web/print.css) scales figures to the page and wraps long code lines.

Headless Chromium prints that page, driven through its DevTools protocol over a
pipe (the standard library is enough): it waits until MathJax has rendered every
formula, prints once, finds the page on which each part starts with pdftotext
(poppler-utils), writes those numbers into the table of contents and prints again.
Nothing goes to the network.
"""

from __future__ import annotations

import argparse
import base64
import datetime
import fcntl
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter

try:  # run as a script (python tools/x.py) or imported as tools.x (the tests)
    from tools import build_web, nav
except ImportError:  # pragma: no cover
    import build_web
    import nav

ROOT = build_web.ROOT
OUT = build_web.BUILD / "pdf"
PDF = build_web.BUILD / "book.pdf"
BROWSERS = ("chromium-headless-shell", "chromium", "google-chrome")
# A4 with 17 mm margins left and right, 18 mm top and bottom. The page is laid out (and
# MathJax measures its formulas) at the width of the printed text, in CSS pixels.
A4_MM = (210, 297)
MARGIN_MM = 17
PAGE = f"@page {{ size: A4; margin: 18mm {MARGIN_MM}mm; }}"
TEXT_WIDTH = round((A4_MM[0] - 2 * MARGIN_MM) / 25.4 * 96)


# --- the print edition as one HTML page ------------------------------------------------


def part_id(notebook: Path) -> str:
    return f"part-{notebook.parent.name}-{notebook.stem}"


def toc_label(notebook: Path) -> str:
    if notebook.name == nav.CONTENTS:
        return "About this book"
    label = build_web.page_label(notebook)
    return f"Solutions to {label}" if notebook.parent.name == "solutions" else label


def relink(body: str, here: Path) -> str:
    """Links to other notebooks point at their part of this page."""

    def target(match):
        path = (here.parent / (match.group(1) + ".ipynb")).resolve()
        return f'href="#{part_id(path)}"'

    return re.sub(r'href="([^":#]+?)\.ipynb(?:#[^"]*)?"', target, body)


def main_of(page: str) -> str:
    return page[page.index("<main>") + len("<main>") : page.rindex("</main>")]


def edition() -> str:
    """The commit the PDF was printed from, when this is a git checkout."""
    result = subprocess.run(
        ["git", "log", "-1", "--format=%cs, commit %h"], cwd=ROOT, capture_output=True, text=True
    )
    return result.stdout.strip() if result.returncode == 0 else ""


def print_page() -> Path:
    """Write _build/pdf/book.html, its table of contents' page numbers as placeholders (000)."""
    build_web.copy_vendor()
    config = build_web.exporter_config("../vendor")
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_cell_tags = {"nav", "toc"}  # the real contents replace them
    exporter = HTMLExporter(config=config)
    sources = build_web.book_sources()
    head, parts, entries = None, [], []
    for notebook in sources:
        nb = nbformat.read(notebook, as_version=4)
        page, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": notebook.stem}})
        head = head or build_web.without_math_linebreaks(page[: page.index("<body")])
        body = relink(main_of(page), notebook)
        if notebook.name == nav.CONTENTS:  # its title is the title page's
            body = re.sub(
                r"<h1[^>]*>.*?</h1>", "<h1>About this book</h1>", body, count=1, flags=re.S
            )
        kind = "solution" if notebook.parent.name == "solutions" else "chapter"
        if kind == "solution" and not any(e[2] == "solution" for e in entries):
            parts.append(
                '<section class="appendix-title" id="part-appendix">'
                "<h1>Appendix: worked solutions</h1><p>One section per chapter, answering every "
                "exercise and calling its checker.</p></section>"
            )
            entries.append(("part-appendix", "Appendix: worked solutions", "appendix"))
        parts.append(f'<section class="{kind}" id="{part_id(notebook)}">\n{body}\n</section>')
        entries.append((part_id(notebook), toc_label(notebook), kind))
    toc = "\n".join(
        f'<li class="toc-{kind}"><a href="#{ident}"><span class="toc-label">{html.escape(label)}'
        f'</span><span class="toc-page" data-part="{ident}">000</span>'
        "</a></li>"
        for ident, label, kind in entries
    )
    intro = first_paragraph(sources[0])
    front = (
        f'<section class="title-page"><h1 class="book-title">{html.escape(build_web.TITLE)}</h1>'
        f'<p class="book-subtitle">{intro}</p>'
        f'<p class="book-edition">Printed from the notebooks, {html.escape(edition())}</p>'
        "</section>"
        f'<section class="toc-page-section"><h1 class="toc-title">Contents</h1>'
        f'<ol class="toc">\n{toc}\n</ol></section>'
    )
    style = f'<link rel="stylesheet" href="print.css">\n<style>{PAGE}</style>\n'
    document = (
        f"{head.replace('</head>', style + '</head>', 1)}"
        '<body class="jp-Notebook print-edition" data-jp-theme-light="true">\n<main>\n'
        f"{front}\n{''.join(parts)}\n</main>\n</body>\n</html>\n"
    )
    document = re.sub(
        r"<title>.*?</title>", f"<title>{html.escape(build_web.TITLE)}</title>", document, count=1
    )
    OUT.mkdir(parents=True, exist_ok=True)
    shutil.copy2(build_web.WEB / "print.css", OUT / "print.css")
    target = OUT / "book.html"
    target.write_text(document, "utf-8")
    return target


def first_paragraph(contents: Path) -> str:
    """The first paragraph of the contents notebook, as HTML: what the book is."""
    for cell in nbformat.read(contents, as_version=4).cells:
        if cell.cell_type == "markdown" and cell.source.startswith("# "):
            text = re.sub(r":$", ".", cell.source.split("\n\n")[1].strip())
            return re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", html.escape(text))
    return ""


def toc_entries(document: Path) -> list[tuple[str, str]]:
    """(part id, label) of the table of contents of the print page, in order."""
    text = document.read_text("utf-8")
    return [
        (ident, html.unescape(label))
        for ident, label in re.findall(
            r'<li class="toc-\w+"><a href="#([^"]+)"><span class="toc-label">(.*?)</span>', text
        )
    ]


# --- Chromium through the DevTools protocol, over a pipe ---------------------------------


class Chromium:
    """Headless Chromium with ``--remote-debugging-pipe``: JSON messages on fds 3 and 4."""

    def __init__(self, executable: str):
        to_browser, self._to_browser = os.pipe()
        self._from_browser, from_browser = os.pipe()
        high = [fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (to_browser, from_browser)]

        def child_pipes():  # the browser reads commands from fd 3 and answers on fd 4
            os.dup2(high[0], 3)
            os.dup2(high[1], 4)

        self._profile = tempfile.mkdtemp(prefix="book-pdf-")
        self.process = subprocess.Popen(
            [executable, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--remote-debugging-pipe", f"--user-data-dir={self._profile}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=child_pipes, close_fds=False,
        )  # fmt: skip
        for fd in (to_browser, from_browser, *high):
            os.close(fd)
        self._buffer, self._next_id, self.events = b"", 0, []
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)[
            "sessionId"
        ]

    def _message(self) -> dict:
        while b"\0" not in self._buffer:
            chunk = os.read(self._from_browser, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def call(self, method: str, session: str | None = None, **params):
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._message()
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply["result"]
            self.events.append(reply)

    def page(self, method: str, **params):
        return self.call(method, self.session, **params)

    def wait_for(self, event: str, timeout: float = 120):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for i, message in enumerate(self.events):
                if message.get("method") == event:
                    return self.events.pop(i)
            self.events.append(self._message())
        raise TimeoutError(event)

    def evaluate(self, expression: str):
        result = self.page(
            "Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression[:60]}...: {result['exceptionDetails']}")
        return result["result"].get("value")

    def close(self):
        try:
            self.call("Browser.close")
        except (RuntimeError, OSError):
            pass
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for fd in (self._to_browser, self._from_browser):
            os.close(fd)
        shutil.rmtree(self._profile, ignore_errors=True)


# MathJax 2 has finished when its queue has run everything queued before this callback.
MATHJAX_DONE = """new Promise((done, fail) => {
  const start = Date.now();
  (function wait() {
    if (window.MathJax && MathJax.isReady) return MathJax.Hub.Queue(() => done(true));
    if (Date.now() - start > 120000) return fail(new Error("MathJax did not start"));
    setTimeout(wait, 100);
  })();
})"""

# TeX that MathJax left as text, in the prose and the LaTeX outputs (code may show TeX).
RAW_LATEX = r"""[...document.querySelectorAll('.jp-RenderedMarkdown, .jp-RenderedLatex')]
  .map(e => e.innerText).join(' ').match(/\$\$|\\(frac|partial|mathbf|begin|left|sum)\b/g) || []"""

# A displayed formula wider than the page is scaled down to fit (MathJax 2's CHTML output).
FIT_FORMULAS = """document.querySelectorAll('.MJXc-display').forEach(display => {
  const math = display.querySelector('.mjx-chtml');
  const room = display.getBoundingClientRect().width, wide = math.getBoundingClientRect().width;
  const size = parseFloat(getComputedStyle(math).fontSize);
  if (wide > room) math.style.fontSize = (Math.floor(10 * size * room / wide) / 10) + 'px';
}); true"""

FOOTER = (
    '<div style="width:100%;text-align:center;font-size:8pt;color:#555;'
    'font-family:sans-serif"><span class="pageNumber"></span></div>'
)


def pdf_bytes(browser: Chromium) -> bytes:
    result = browser.page(
        "Page.printToPDF", preferCSSPageSize=True, printBackground=True,
        displayHeaderFooter=True, headerTemplate="<span></span>", footerTemplate=FOOTER,
    )  # fmt: skip
    return base64.b64decode(result["data"])


def page_texts(pdf: Path) -> list[str]:
    """The text of every page (pdftotext separates pages with form feeds)."""
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")[:-1]


def normal(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").split())


def first_pages(pdf: Path, entries: list[tuple[str, str]]) -> dict[str, int]:
    """The page on which each part starts: the first page whose text begins with its title."""
    texts = [normal(t) for t in page_texts(pdf)]
    found, after = {}, 2  # the title page and the first page of contents come first
    for ident, label in entries:
        title = normal(label)
        page = next((i for i in range(after, len(texts)) if texts[i].startswith(title)), None)
        if page is None:
            raise RuntimeError(f"no page of the PDF starts with {label!r}")
        found[ident] = after = page + 1  # pages are numbered from 1
    return found


def step(what: str, since: float) -> float:
    now = time.monotonic()
    print(f"  {what}: {now - since:.0f} s", file=sys.stderr, flush=True)
    return now


def build(executable: str) -> tuple[Path, int]:
    clock = time.monotonic()
    document = print_page()
    clock = step("exported the notebooks", clock)
    entries = toc_entries(document)
    browser = Chromium(executable)
    try:
        browser.page("Page.enable")
        browser.page("Emulation.setEmulatedMedia", media="print")
        browser.page(
            "Emulation.setDeviceMetricsOverride",
            width=TEXT_WIDTH, height=1000, deviceScaleFactor=1, mobile=False,
        )  # fmt: skip
        browser.page("Page.navigate", url=document.as_uri())
        browser.wait_for("Page.loadEventFired")
        browser.evaluate(MATHJAX_DONE)
        clock = step("MathJax rendered the formulas", clock)
        browser.evaluate(FIT_FORMULAS)
        left = browser.evaluate(RAW_LATEX)
        if left:
            raise RuntimeError(f"raw LaTeX left after MathJax: {left[:5]}")
        pages: dict[str, int] = {}
        for _ in range(3):  # the numbers are as wide as the placeholders: one round settles
            PDF.write_bytes(pdf_bytes(browser))
            found = first_pages(PDF, entries)
            clock = step("printed, and found where each part starts", clock)
            if found == pages:
                break
            pages = found
            browser.evaluate(
                f"const pages = {json.dumps(pages)};"
                "document.querySelectorAll('.toc-page').forEach("
                "  e => { e.textContent = pages[e.dataset.part]; }); true"
            )
        else:
            raise RuntimeError("the table of contents' page numbers did not settle")
    finally:
        browser.close()
    text = document.read_text("utf-8")  # the HTML too gets the numbers, for whoever opens it
    text = re.sub(
        r'(<span class="toc-page" data-part="([^"]+)">)000<',
        lambda m: f"{m.group(1)}{pages[m.group(2)]}<",
        text,
    )
    document.write_text(text, "utf-8")
    return PDF, len(page_texts(PDF))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chromium", help="the Chromium to print with (default: found on PATH)")
    args = parser.parse_args(argv)
    executable = args.chromium or next(filter(None, map(shutil.which, BROWSERS)), None)
    if not executable:
        sys.exit("make pdf needs Chromium: apt-get install chromium-headless-shell (or chromium)")
    if not shutil.which("pdftotext"):
        sys.exit("make pdf needs pdftotext: apt-get install poppler-utils")
    start = time.monotonic()
    pdf, count = build(executable)
    took = datetime.timedelta(seconds=round(time.monotonic() - start))
    print(f"pdf: {pdf.relative_to(ROOT)}, {count} pages, in {took}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
