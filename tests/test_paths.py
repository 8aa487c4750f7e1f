"""The tests and the make targets work from any current directory and on a path with spaces."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def spaced_copy(tmp_path_factory):
    """This checkout's files under a path with spaces, sharing this virtual environment."""
    listing = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    if listing.returncode != 0:
        pytest.skip("not a git checkout")
    dest = tmp_path_factory.mktemp("paths") / "a folder with spaces" / "the book"
    for name in filter(None, listing.stdout.split("\0")):
        source = ROOT / name
        if source.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)  # keeps times, so make sees nothing out of date
    (dest / ".venv").symlink_to(Path(sys.prefix), target_is_directory=True)
    return dest


def test_pytest_from_another_directory(spaced_copy, tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "pytest", str(spaced_copy / "tests" / "test_notebooks.py"),
         "-q", "-p", "no:cacheprovider"],
        cwd=tmp_path, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert " passed" in result.stdout


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_targets_from_another_directory(spaced_copy, tmp_path):
    stamp = next((spaced_copy / ".venv").glob(".installed-*"), None)
    if stamp is None:
        pytest.skip("this environment was not built by make")
    # -o: treat the set-up stamp as done; this test must not rebuild the shared environment.
    result = subprocess.run(
        ["make", "-C", str(spaced_copy), "-o", f".venv/{stamp.name}", "lint", "nav"],
        cwd=tmp_path, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "All checks passed!" in result.stdout
