"""The slides and the HTML edition, loaded from the file system in headless Chromium.

For every deck: reveal.js started, the deck has as many slides as the notebook's
metadata asks for, MathJax rendered the math (no raw $$ left), the figures are
there. For every page of the book: the same for math and figures, and links
point at pages, not notebooks. Screenshots of each deck's first slide and of the
book's contents page are saved in _build/screenshots/.

`make test` builds the slides and the book and runs this when a browser is
present; .ci/run installs one and sets BOOK_REQUIRE_BROWSER=1, so there it
cannot be skipped.
"""

import json
import os
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "_build"
BROWSER = (
    shutil.which("chromium-headless-shell")
    or shutil.which("chromium")
    or shutil.which("google-chrome")
)
REQUIRED = os.environ.get("BOOK_REQUIRE_BROWSER") == "1"
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
DECKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
PAGES = sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted((ROOT / "solutions").glob("*.ipynb"))


def require(condition, reason):
    if not condition:
        if REQUIRED:
            pytest.fail(reason)
        pytest.skip(reason)


def dom(path: Path) -> str:
    result = subprocess.run(
        [BROWSER, *FLAGS, "--virtual-time-budget=20000", "--dump-dom", path.as_uri()],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-1000:]
    return result.stdout


def screenshot(path: Path, target: Path):
    target.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [BROWSER, *FLAGS, "--virtual-time-budget=20000", "--window-size=1280,800",
         f"--screenshot={target}", path.as_uri()],
        capture_output=True, timeout=120, check=True,
    )  # fmt: skip
    assert target.exists() and target.stat().st_size > 10_000  # a real picture, not a blank


def visible_text(page: str) -> str:
    page = re.sub(r"<script.*?</script>", "", page, flags=re.S)
    return re.sub(r"<style.*?</style>", "", page, flags=re.S)


def expectations(notebook: Path):
    nb = json.loads(notebook.read_text("utf-8"))
    types = [c["metadata"].get("slideshow", {}).get("slide_type") for c in nb["cells"]]
    pngs = sum(
        "image/png" in o.get("data", {})
        for c in nb["cells"]
        if c["cell_type"] == "code"
        for o in c["outputs"]
    )
    has_math = any("$" in "".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    return types.count("slide"), types.count("subslide"), pngs, has_math


@pytest.fixture(scope="module")
def decks():
    require(
        BROWSER, "no headless Chromium here (.ci/run installs Debian's chromium-headless-shell)"
    )
    require((BUILD / "slides").exists(), "no _build/slides: run `make slides`")
    paths = [BUILD / "slides" / f"{nb.stem}.slides.html" for nb in DECKS]
    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(DECKS, pool.map(dom, paths), strict=True))


@pytest.fixture(scope="module")
def pages():
    require(
        BROWSER, "no headless Chromium here (.ci/run installs Debian's chromium-headless-shell)"
    )
    require((BUILD / "book").exists(), "no _build/book: run `make book`")
    paths = [BUILD / "book" / nb.parent.name / f"{nb.stem}.html" for nb in PAGES]
    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(PAGES, pool.map(dom, paths), strict=True))


@pytest.mark.parametrize("notebook", DECKS, ids=lambda p: p.stem)
def test_deck_starts_with_its_slides_math_and_figures(notebook, decks):
    page = decks[notebook]
    slides, subslides, pngs, has_math = expectations(notebook)
    reveal = re.search(r'<div class="(reveal [^"]*)"', page)
    assert reveal and "ready" in reveal.group(1).split(), "reveal.js did not start"
    assert page.count("<section") == 2 * slides + subslides  # each slide wraps its sub-slides
    text = visible_text(page)
    assert "$$" not in text and "\\frac" not in text, "raw LaTeX left: MathJax did not run"
    if has_math:
        assert "MathJax_CHTML" in page
    assert text.count('src="data:image/png') >= pngs


@pytest.mark.parametrize("notebook", PAGES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_book_page_has_math_figures_and_page_links(notebook, pages):
    page = pages[notebook]
    _, _, pngs, has_math = expectations(notebook)
    text = visible_text(page)
    assert "$$" not in text and "\\frac" not in text, "raw LaTeX left: MathJax did not run"
    if has_math:
        assert "MathJax_CHTML" in page
    assert text.count('src="data:image/png') >= pngs
    assert not re.search(r'href="[^":]+\.ipynb', page), "a link still points at a notebook"


def test_screenshots_of_first_slides_and_contents(decks):
    jobs = [
        (
            BUILD / "slides" / f"{nb.stem}.slides.html",
            BUILD / "screenshots" / f"slide-{nb.stem}.png",
        )
        for nb in DECKS
    ]
    jobs.append(
        (
            BUILD / "book" / "notebooks" / "00-contents.html",
            BUILD / "screenshots" / "book-contents.png",
        )
    )
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(lambda job: screenshot(*job), jobs))
