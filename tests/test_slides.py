"""The lecture decks (`make slides`), every slide of every deck, in headless Chromium.

The screen is a 16:9 projector, 1280 x 720, and so is the deck. Each slide is visited with
all its fragments shown, after MathJax has typeset it and its figures are in; then:

- its content is no taller than the deck (720) and no wider (1280): no scrolling, ever;
- no code block or printed output (``pre``) is wider than its box;
- its text is large enough to read from the back of the room (no font below 16 px, no figure
  shrunk below half its size), and MathJax left no TeX behind;
- the deck has the slides the notebook's marks ask for (tools/lecture.py), its figures, and its
  speaker notes, and it asked for nothing but files (no network at all).

Per deck, the number of slides and the tallest slide's height are written to
_build/slides/fit.txt (and printed with ``pytest -s``). Screenshots of each deck's first and
tallest slide go to _build/screenshots/slides/; with BOOK_SLIDE_SHOTS=1, of every slide.

`make test` builds the decks and runs this when a browser is present; .ci/run installs one and
sets BOOK_REQUIRE_BROWSER=1, so there it cannot be skipped.
"""

import os
import re
import time
from pathlib import Path

import nbformat
import pytest

from tools import lecture

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "_build"
SHOTS = BUILD / "screenshots" / "slides"
REPORT = BUILD / "slides" / "fit.txt"
WIDTH, HEIGHT = 1280, 720  # the screen, and the deck's size (tools/build_web.py)
SMALLEST_FONT = 16  # px: table captions and code are 20, prose 30
SMALLEST_FIGURE = 0.5  # of a figure's own width
DECKS = lecture.decks()

# One slide, measured in the deck's own pixels (the screen's divided by reveal.js's scale).
MEASURE = """async ([h, v]) => {
    Reveal.slide(h, v, 999);
    await new Promise(done => MathJax.Hub.Queue(() => done(true)));
    await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
    const slide = Reveal.getCurrentSlide(), scale = Reveal.getScale();
    const box = slide.getBoundingClientRect();
    let bottom = 0, right = 0, smallest = Infinity;
    for (const el of slide.querySelectorAll("*")) {
        if (el.closest("aside.notes, .MJX_Assistive_MathML")) continue;  // hidden: notes, MathML
        const r = el.getBoundingClientRect();
        if (r.width === 0 && r.height === 0) continue;
        bottom = Math.max(bottom, (r.bottom - box.top) / scale);
        right = Math.max(right, (r.right - box.left) / scale);
        const ownText = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
        if (ownText && !el.closest(".MathJax_CHTML, .MathJax_Preview, script, style")) {
            smallest = Math.min(smallest, parseFloat(getComputedStyle(el).fontSize));
        }
    }
    const heading = slide.querySelector("h1, h2, h3");
    const title = heading ? heading.cloneNode(true) : document.createElement("p");
    title.querySelectorAll(".MJX_Assistive_MathML, .MathJax_Preview, script, a.anchor-link")
        .forEach(e => e.remove());
    return {
        h, v,
        title: title.textContent.trim(),
        height: Math.max(slide.scrollHeight, bottom),
        width: Math.max(slide.scrollWidth, right),
        wide: [...slide.querySelectorAll("pre")]
            .filter(pre => pre.scrollWidth > pre.clientWidth + 1)
            .map(pre => pre.textContent.trim().slice(0, 60)),
        figures: [...slide.querySelectorAll("img")]
            .map(img => img.getBoundingClientRect().width / scale / img.naturalWidth),
        prose: [...slide.querySelectorAll(".jp-RenderedMarkdown")]
            .filter(m => !m.closest("aside.notes")).map(m => m.innerText).join(" "),
        smallest,
        notes: slide.querySelectorAll("aside.notes").length,
    };
}"""

LEAVES = """() => [...document.querySelectorAll(".reveal .slides section")]
    .filter(s => !s.querySelector("section"))
    .map(s => { const i = Reveal.getIndices(s); return [i.h, i.v || 0]; })"""


def shown_figures(nb) -> int:
    """Figures the marks put on slides: PNG outputs of code cells tagged for the deck."""
    return sum(
        "image/png" in out.get("data", {})
        for s in lecture.slides(nb)
        for item in s.shown
        if item[0] == "code"
        for out in item[1].outputs
    )


@pytest.fixture(scope="module")
def decks(offline_context, need):
    """Every deck, every slide measured: {notebook: (slides, figures in the page, seconds)}."""
    need((BUILD / "slides").exists(), "no _build/slides: run `make slides`")
    SHOTS.mkdir(parents=True, exist_ok=True)
    every_shot = os.environ.get("BOOK_SLIDE_SHOTS") == "1"
    context = offline_context(WIDTH, HEIGHT)
    found, started = {}, time.perf_counter()
    for nb in DECKS:
        began = time.perf_counter()
        page = context.new_page()
        page.goto((BUILD / "slides" / f"{nb.stem}.slides.html").as_uri())
        page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=60_000)
        page.wait_for_function("() => window.MathJax && MathJax.isReady", timeout=60_000)
        slides = []
        for h, v in page.evaluate(LEAVES):
            slides.append(page.evaluate(MEASURE, [h, v]))
            if every_shot or (h, v) == (0, 0):
                page.screenshot(path=SHOTS / f"{nb.stem}-{h}-{v}.png")
        tallest = max(slides, key=lambda s: s["height"])
        page.evaluate(MEASURE, [tallest["h"], tallest["v"]])
        page.screenshot(path=SHOTS / f"{nb.stem}-tallest.png")
        figures = page.evaluate("() => document.querySelectorAll('.reveal img').length")
        found[nb] = (slides, figures, time.perf_counter() - began)
        page.close()
    context.close()
    assert not context.refused, f"decks asked for the network: {context.refused[:5]}"
    write_report(found, time.perf_counter() - started)
    return found


def write_report(found, seconds):
    lines = [f"{'deck':40} {'slides':>6} {'tallest':>8} {'of':>4}  tallest slide", ""]
    for nb, (slides, _, _) in found.items():
        top = max(slides, key=lambda s: s["height"])
        lines.append(
            f"{nb.stem:40} {len(slides):6} {top['height']:8.0f} {HEIGHT:4}  {top['title'][:50]}"
        )
    total = sum(len(s) for s, _, _ in found.values())
    lines += ["", f"{total} slides in {len(found)} decks, measured in {seconds:.0f} s"]
    REPORT.write_text("\n".join(lines) + "\n", "utf-8")
    print("\n" + REPORT.read_text("utf-8"))


TEX = re.compile(r"\$\$|\\(frac|delta|partial)\b")
# What a slide must not do, each with what to report about a slide that does it (else None).
FAULTS = {
    f"taller than {HEIGHT}px": lambda s: round(s["height"]) if s["height"] > HEIGHT else None,
    f"wider than {WIDTH}px": lambda s: round(s["width"]) if s["width"] > WIDTH else None,
    "code or output wider than its box": lambda s: s["wide"] or None,
    f"text below {SMALLEST_FONT}px": lambda s: (
        s["smallest"] if s["smallest"] < SMALLEST_FONT else None
    ),
    f"a figure shrunk below {SMALLEST_FIGURE} of its size": lambda s: (
        min(s["figures"]) if min(s["figures"], default=1) < SMALLEST_FIGURE else None
    ),
    "TeX that MathJax did not typeset": lambda s: TEX.search(s["prose"]) and s["prose"][:60],
}


@pytest.mark.parametrize("notebook", DECKS, ids=lambda p: p.stem)
def test_every_slide_fits_the_screen_and_is_legible(notebook, decks):
    slides, _, _ = decks[notebook]
    faults = {
        fault: [
            f"{s['h']}.{s['v']} {s['title']!r}: {d}" for s in slides if (d := detail(s)) is not None
        ]
        for fault, detail in FAULTS.items()
    }
    assert not {fault: where for fault, where in faults.items() if where}


@pytest.mark.parametrize("notebook", DECKS, ids=lambda p: p.stem)
def test_deck_has_its_slides_figures_and_notes(notebook, decks):
    slides, figures, _ = decks[notebook]
    nb = nbformat.read(notebook, as_version=4)
    expected = lecture.slides(nb, notebook.name)
    assert len(slides) == len(expected)
    for shown, meant in zip(slides, expected, strict=True):  # titles as typeset: up to math, code
        assert shown["title"].startswith(re.split(r"[$`*]", meant.title.lstrip("#"))[0].strip())
    assert figures >= shown_figures(nb)
    assert [s["notes"] > 0 for s in slides] == [bool(s.notes) for s in expected]
