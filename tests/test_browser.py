"""The HTML edition, loaded from the file system in headless Chromium (the slides:
test_slides.py).

For every page of the book: MathJax rendered the math (no raw $$ left), the figures
are there, links point at pages, not notebooks, and the sidebar lists every chapter
and solution; typing a term into the search box lists the sections that contain it,
and a result leads to its section. Every request other than file:// is refused, so
all of this works without a network. Screenshots of the book's contents page and of
a search are saved in _build/screenshots/.

`make test` builds the slides and the book and runs this when a browser is
present; .ci/run installs one and sets BOOK_REQUIRE_BROWSER=1, so there it
cannot be skipped.
"""

import json
import re
from pathlib import Path

import nbformat
import pytest

from tools.nav import chapters, title

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "_build"
SHOTS = BUILD / "screenshots"
PAGES = sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted((ROOT / "solutions").glob("*.ipynb"))
TERM = "Hadamard"  # a term of the book, in prose and glossary alike


def visible_text(page: str) -> str:
    page = re.sub(r"<script.*?</script>", "", page, flags=re.S)
    return re.sub(r"<style.*?</style>", "", page, flags=re.S)


def expectations(notebook: Path):
    nb = json.loads(notebook.read_text("utf-8"))
    pngs = sum(
        "image/png" in o.get("data", {})
        for c in nb["cells"]
        if c["cell_type"] == "code"
        for o in c["outputs"]
    )
    has_math = any("$" in "".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    return pngs, has_math


@pytest.fixture(scope="module")
def offline(offline_context):
    """The book's pages may ask for nothing but files: no network at all."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = offline_context()
    yield context
    context.close()
    assert not context.refused, f"pages asked for the network: {context.refused[:5]}"


def load(context, path: Path):
    """Open ``path`` and wait for MathJax to finish; the page."""
    page = context.new_page()
    page.goto(path.as_uri())
    page.wait_for_function("() => window.MathJax && MathJax.isReady", timeout=60_000)
    page.evaluate("() => new Promise(done => MathJax.Hub.Queue(() => done(true)))")
    return page


@pytest.fixture(scope="module")
def pages(offline, need):
    need((BUILD / "book").exists(), "no _build/book: run `make book`")
    found = {}
    for nb in PAGES:
        page = load(offline, BUILD / "book" / nb.parent.name / f"{nb.stem}.html")
        found[nb] = page.content()
        if nb.name.startswith("00-"):
            page.screenshot(path=SHOTS / "book-contents.png")
        page.close()
    return found


@pytest.mark.parametrize("notebook", PAGES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_book_page_has_math_figures_links_and_sidebar(notebook, pages):
    page = pages[notebook]
    pngs, has_math = expectations(notebook)
    body = page[page.index("<main") :]  # the notebook, not the sidebar
    text = visible_text(body)
    assert "$$" not in text and "\\frac" not in text, "raw LaTeX left: MathJax did not run"
    if has_math:
        assert "MathJax_CHTML" in body
    assert text.count('src="data:image/png') >= pngs
    assert not re.search(r'href="[^":]+\.ipynb', page), "a link still points at a notebook"
    sidebar = re.search(r'<nav id="book-sidebar".*?</nav>', page, re.S).group(0)
    for chapter in chapters():
        assert title(nbformat.read(chapter, as_version=4)) in sidebar, chapter.name
        assert f'href="../notebooks/{chapter.stem}.html"' in sidebar
    for solution in sorted((ROOT / "solutions").glob("*.ipynb")):
        assert f'href="../solutions/{solution.stem}.html"' in sidebar
    current = re.findall(r'<li class="current"[^>]*><a href="([^"]+)"', sidebar)
    assert current == [f"../{notebook.parent.name}/{notebook.stem}.html"]


def test_search_finds_a_term_and_leads_to_its_section(offline, need):
    need((BUILD / "book").exists(), "no _build/book: run `make book`")
    # The pages whose notebook mentions the term, read from the notebooks themselves.
    mentions = {
        f"{nb.parent.name}/{nb.stem}.html"
        for nb in PAGES
        if any(TERM.lower() in c.source.lower() for c in nbformat.read(nb, as_version=4).cells)
    }
    assert mentions, f"no notebook mentions {TERM!r}: pick another term for this test"
    page = load(offline, BUILD / "book" / "notebooks" / f"{chapters()[-1].stem}.html")
    page.fill("#book-search", TERM.lower())
    page.wait_for_selector("#book-search-results li")
    page.evaluate("() => new Promise(done => MathJax.Hub.Queue(() => done(true)))")
    page.screenshot(path=SHOTS / "book-search.png")
    results = page.eval_on_selector_all(
        "#book-search-results li", "els => els.map(e => [e.querySelector('a').href, e.innerText])"
    )
    found = {re.search(r"/book/([^#]+)", href).group(1) for href, _ in results}
    assert mentions <= found, f"pages that mention {TERM!r} but are not found: {mentions - found}"
    assert all(TERM.lower() in text.lower() for _, text in results)
    assert re.search(rf"^{len(results)} sections?$", page.text_content("#book-search-status"))
    # Enter follows the first result: its page, scrolled to its section.
    href = results[0][0]
    page.press("#book-search", "Enter")
    page.wait_for_url(href)
    anchor = href.split("#", 1)[1]
    section = page.evaluate(
        """id => { const h = document.getElementById(decodeURIComponent(id));
                   return [h.getBoundingClientRect().top, h.innerText, innerHeight]; }""",
        anchor,
    )
    assert -1 <= section[0] < section[2], "the page did not scroll to the section"  # to a pixel
    assert section[1].replace("¶", "").strip() == results[0][1].splitlines()[0].strip()
    page.close()
