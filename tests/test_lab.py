"""The reader's main job, in a real browser: `make lab`, then the contents page, then a chapter.

The test starts JupyterLab with `make lab` itself (the same command; LAB_OPTIONS only
tells the server to print the address it would open instead of opening a browser,
and to take a free port), opens that address in headless Chromium and checks that:

- JupyterLab opens on the contents page and does not ask about news (the settings
  override that `make setup` installs into the environment);
- every link of the contents page opens its notebook in a tab, and together the links
  reach every chapter and every solution found in the folders;
- one chapter, run with Kernel > Restart Kernel and Run All Cells, runs every code cell
  and shows no error.

Jupyter's per-user folders point at a temporary folder, so the reader's own settings
neither change the test nor are changed by it; autosave is off there, so running a
chapter does not rewrite the book (checked at the end). Screenshots go to
_build/screenshots/.
"""

import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from tools.nav import chapters, title

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "_build" / "screenshots"
SOLUTIONS = sorted((ROOT / "solutions").glob("*.ipynb"))
CONTENTS = "notebooks/00-contents.ipynb"
MARK = "OPEN-IN-BROWSER"
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"  # the notebook in the current tab
SLOW = 120_000  # ms: a kernel start or a page load on a busy 2-core machine

# Test-only user settings: no autosave (the test must not write the book), and a closed
# notebook shuts its kernel down (the link test opens every notebook once).
USER_SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    "@jupyterlab/notebook-extension/tracker": {"kernelShutdown": True},
}


def book_files():
    return sorted(ROOT.glob("notebooks/*.ipynb")) + SOLUTIONS


def digest(paths):
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


@pytest.fixture(scope="module")
def lab(tmp_path_factory, need):
    """`make lab` running; yields (the address it opens, the server's base URL)."""
    need(shutil.which("make"), "make is not installed")
    stamp = next(ROOT.glob(".venv/.installed-*"), None)
    need(stamp, "no .venv built by make here: run `make setup`")
    home = tmp_path_factory.mktemp("jupyter-home")
    for plugin, values in USER_SETTINGS.items():
        path = home / "config" / "lab" / "user-settings" / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), "utf-8")
    env = dict(
        os.environ,
        JUPYTER_CONFIG_DIR=str(home / "config"),
        JUPYTER_DATA_DIR=str(home / "data"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
        JUPYTERLAB_SETTINGS_DIR=str(home / "config" / "lab" / "user-settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(home / "config" / "lab" / "workspaces"),
    )
    env.pop("MAKEFLAGS", None)  # a clean make, whatever make runs this test
    options = f"--ServerApp.browser='echo {MARK} %s' --ServerApp.port=0"
    log_path = home / "lab.log"
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            ["make", "--no-print-directory", "-C", str(ROOT), "lab",
             f"PINS={stamp.name.removeprefix('.installed-')}", f"LAB_OPTIONS={options}"],
            stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + SLOW / 1000
        while not (found := re.search(rf"^{MARK} (\S+)", log_path.read_text(), re.M)):
            assert server.poll() is None, "make lab stopped:\n" + log_path.read_text()[-3000:]
            assert time.monotonic() < deadline, "no address after 120 s:\n" + log_path.read_text()
            time.sleep(0.2)
        base = re.search(r"(http://[^/\s]+)/", log_path.read_text()).group(1)
        yield found.group(1), base
    finally:
        os.killpg(server.pid, signal.SIGTERM)  # make and the server; the server stops its kernels
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


@pytest.fixture(scope="module")
def page(lab, browser):
    """The browser at the address `make lab` opens, showing the contents page."""
    opened, _ = lab
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    tab = context.new_page()
    tab.goto(opened)
    tab.wait_for_selector(f"{PANEL} .jp-RenderedMarkdown h1", timeout=SLOW)
    yield tab
    context.close()


def wait_for_tab(page, path):
    """Wait until the current tab shows the document at ``path`` (its tooltip names it)."""
    page.wait_for_function(
        """path => (document.querySelector('.lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current')
                   ?.title || '').includes('Path: ' + path + '\\n')""",
        arg=path, timeout=SLOW,
    )  # fmt: skip


def open_from_contents(page, selector):
    """Back to the contents tab, then click the link ``selector`` of the contents page."""
    page.click(f".lm-DockPanel-tabBar .lm-TabBar-tab[title*='Path: {CONTENTS}']")
    page.click(f"{PANEL} .jp-RenderedMarkdown {selector}")


def idle(page):
    """Wait until the kernel of the notebook in the current tab is idle."""
    page.wait_for_selector(
        f"{PANEL} .jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=SLOW
    )


def heading(page):
    text = page.text_content(f"{PANEL} .jp-RenderedMarkdown h1", timeout=SLOW)
    return text.replace("¶", "").strip()


def test_lab_opens_on_the_contents_page_and_asks_nothing(page, lab):
    _, base = lab
    assert page.url.split("?")[0].endswith("/lab/tree/" + CONTENTS)
    wait_for_tab(page, CONTENTS)
    assert heading(page) == title(nbformat.read(ROOT / CONTENTS, as_version=4))
    idle(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "lab-contents.png")
    # The news question would be a toast by now; the override answered it for this environment.
    assert not [t for t in page.locator(".Toastify").all_text_contents() if "news" in t.lower()]
    notification = page.evaluate(
        "url => fetch(url).then(r => r.json())",
        f"{base}/lab/api/settings/@jupyterlab/apputils-extension:notification",
    )
    schema = Path(sys.prefix, "share/jupyter/lab/schemas/@jupyterlab/apputils-extension")
    shipped = json.loads((schema / "notification.json").read_text("utf-8"))
    assert shipped["properties"]["fetchNews"]["default"] != "false"  # so the override is needed
    assert notification["schema"]["properties"]["fetchNews"]["default"] == "false"
    assert notification["settings"].get("fetchNews", "false") == "false"  # no user setting


def test_every_contents_link_opens_its_notebook(page):
    links = page.eval_on_selector_all(
        f"{PANEL} .jp-RenderedMarkdown a[href*='/files/']", "els => els.map(e => e.href)"
    )
    first_link = {}  # a notebook may be linked twice (a chapter and one of its sections)
    for href in links:
        first_link.setdefault(re.search(r"/files/([^?#]+)", href).group(1), href)
    expected = [p.relative_to(ROOT).as_posix() for p in chapters() + SOLUTIONS]
    assert sorted(first_link) == sorted(expected), "the contents page must link every notebook"
    for target, href in first_link.items():
        open_from_contents(page, f"a[href='{href}']")
        wait_for_tab(page, target)
        assert heading(page) == title(nbformat.read(ROOT / target, as_version=4)), target
        idle(page)  # its kernel started; closing the tab now shuts it down
        page.click(".lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current .lm-TabBar-tabCloseIcon")
    wait_for_tab(page, CONTENTS)
    # Closed notebooks shut their kernels down; only the contents page keeps one.
    page.wait_for_function(
        """path => fetch('/api/sessions').then(r => r.json())
                  .then(s => s.length === 1 && s[0].path === path)""",
        arg=CONTENTS, timeout=30_000, polling=500,
    )  # fmt: skip


def test_a_chapter_runs_clean_with_restart_and_run_all(page):
    # The chapter with the least code keeps this quick; any chapter would do.
    code = {
        p: [c.source for c in nbformat.read(p, as_version=4).cells if c.cell_type == "code"]
        for p in chapters()
    }
    chapter = min(code, key=lambda p: len("".join(code[p])))
    target = chapter.relative_to(ROOT).as_posix()
    before = digest(book_files())
    open_from_contents(page, f"a[href*='/files/{target}?']")
    wait_for_tab(page, target)
    idle(page)
    page.click(".lm-MenuBar-itemLabel:text-is('Kernel')")
    page.click(".lm-Menu-itemLabel:text-is('Restart Kernel and Run All Cells…')")
    page.click(".jp-Dialog .jp-mod-accept")  # "Restart"
    prompts = f"{PANEL} .jp-CodeCell .jp-InputPrompt"
    # Every code cell numbered 1..n in order: run, in one fresh kernel, top to bottom.
    page.wait_for_function(
        """([sel, n]) => { const p = [...document.querySelectorAll(sel)];
                          return p.length === n
                                 && p.every((e, i) => e.textContent.trim() === `[${i + 1}]:`); }""",
        arg=[prompts, len(code[chapter])], timeout=SLOW,
    )  # fmt: skip
    idle(page)
    page.screenshot(path=SHOTS / "lab-chapter-run.png")
    kinds = page.eval_on_selector_all(
        f"{PANEL} .jp-OutputArea-output", "els => els.map(e => e.dataset.mimeType)"
    )
    errors = page.eval_on_selector_all(
        f"{PANEL} .jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']",
        "els => els.map(e => e.textContent.slice(0, 500))",
    )
    assert kinds, "the chapter shows no output at all"
    assert not errors, f"{target}: errors or stderr after Run All: {errors}"
    assert digest(book_files()) == before, "running a chapter in JupyterLab changed the book"
