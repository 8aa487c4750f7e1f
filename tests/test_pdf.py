"""The printable edition, _build/book.pdf (`make pdf`), read back with poppler-utils.

- Every part starts on a new page, so the PDF has at least one page per notebook plus the
  title page and the contents; each chapter's and each solution's title is in its text.
- The table of contents is right: the page it gives for each part starts with that part's
  title.
- MathJax rendered everything: no TeX command used in the notebooks' prose is left as
  text (unless the code or its printed output shows it too, as code).
- Nothing is cut at the margins: every word lies inside the text area of its page, every
  figure of the notebooks is in the PDF and none is wider than the text.

`make test` builds the PDF first when Chromium and pdftotext are installed; .ci/run
installs both and sets BOOK_REQUIRE_BROWSER=1, so there this cannot be skipped.
"""

import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest

from tools.build_pdf import A4_MM, MARGIN_MM
from tools.nav import chapters, title

ROOT = Path(__file__).resolve().parent.parent
PDF = ROOT / "_build" / "book.pdf"
SOLUTIONS = sorted((ROOT / "solutions").glob("*.ipynb"))
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb")) + SOLUTIONS
POINTS_PER_MM = 72 / 25.4


def normal(text: str) -> str:
    # one space for any run of white space; no hyphen inside a word: where a line breaks at
    # a hyphen ("non-|convexity" in a long title) pdftotext joins the parts without it
    return re.sub(r"(?<=\w)- ?(?=\w)", "", " ".join(text.split()))


def poppler(*args) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def pdf(need):
    need(shutil.which("pdftotext"), "no pdftotext here (.ci/run installs poppler-utils)")
    need(PDF.exists(), "no _build/book.pdf: run `make pdf`")
    newest = max(p.stat().st_mtime for p in NOTEBOOKS)
    need(PDF.stat().st_mtime >= newest, "_build/book.pdf is older than a notebook: `make pdf`")
    return PDF


@pytest.fixture(scope="module")
def pages(pdf):
    """The text of each page (pdftotext ends every page with a form feed)."""
    return poppler("pdftotext", "-enc", "UTF-8", str(pdf), "-").split("\f")[:-1]


def test_page_count_and_titles(pdf, pages):
    count = int(re.search(r"^Pages:\s+(\d+)", poppler("pdfinfo", str(pdf)), re.M).group(1))
    assert count == len(pages)
    assert count >= 2 + len(NOTEBOOKS), "title page, contents, then each notebook on a new page"
    text = normal(" ".join(pages))
    for notebook in chapters() + SOLUTIONS:
        assert normal(title(nbformat.read(notebook, as_version=4))) in text, notebook.name


def test_contents_give_the_page_each_part_starts_on(pages):
    contents = normal(pages[1])
    assert contents.startswith("Contents")
    entries = [title(nbformat.read(nb, as_version=4)) for nb in chapters()] + [
        f"Solutions to Chapter {int(nb.name[:2])}" for nb in SOLUTIONS
    ]
    numbers = []
    for entry in entries:
        found = re.search(re.escape(normal(entry)) + r" (\d+)\b", contents)
        assert found, f"{entry!r} is not in the contents with a page number"
        page = int(found.group(1))
        assert normal(pages[page - 1]).startswith(normal(entry)), (entry, page)
        numbers.append(page)
    assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)
    assert numbers[-1] <= len(pages)


def test_no_raw_latex_left(pages):
    prose, code = [], []
    for notebook in NOTEBOOKS:
        for cell in nbformat.read(notebook, as_version=4).cells:
            if cell.cell_type == "markdown":
                prose += re.findall(r"\$+([^$]+)\$+", cell.source)
            elif cell.cell_type == "code":
                code.append(cell.source)
                code += [str(o.get("text", "")) for o in cell.outputs]
                code += [str(o.get("data", {}).get("text/plain", "")) for o in cell.outputs]
    commands = {c for formula in prose for c in re.findall(r"\\[A-Za-z]+", formula)}
    shown_as_code = "\n".join(code)
    assert len(commands) > 10, "the notebooks' math should use many TeX commands"
    text = "\n".join(pages)
    left = sorted(c for c in commands if c in text and c not in shown_as_code)
    assert not left, f"TeX left as text in the PDF: {left}"
    assert "$$" not in text or "$$" in shown_as_code


def test_words_stay_inside_the_text_area(pdf):
    words = re.findall(
        r'<page width="([\d.]+)"|<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"',
        poppler("pdftotext", "-bbox", str(pdf), "-"),
    )
    left, right, outside, checked = MARGIN_MM * POINTS_PER_MM, None, [], 0
    for width, x_min, x_max in words:
        if width:
            right = float(width) - MARGIN_MM * POINTS_PER_MM
            continue
        checked += 1
        if float(x_min) < left - 1 or float(x_max) > right + 1:
            outside.append((x_min, x_max))
    assert checked > 1000
    assert not outside, f"{len(outside)} words cross the margins, e.g. at x = {outside[:3]}"


def test_every_figure_is_printed_within_the_text_width(pdf):
    figures = sum(
        "image/png" in output.get("data", {})
        for notebook in NOTEBOOKS
        for cell in nbformat.read(notebook, as_version=4).cells
        if cell.cell_type == "code"
        for output in cell.outputs
    )
    listing = poppler("pdfimages", "-list", str(pdf)).splitlines()[2:]
    images = [line.split() for line in listing if line.split()[2] == "image"]
    assert len(images) == figures
    text_width = (A4_MM[0] - 2 * MARGIN_MM) * POINTS_PER_MM
    for row in images:
        width_px, ppi = int(row[3]), float(row[12])
        assert width_px / ppi * 72 <= text_width + 1, f"a figure on page {row[0]} is too wide"
