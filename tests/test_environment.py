"""environment.yml (conda, Binder) and requirements.txt (pip, make) must name the same
packages at the same versions, and both must install the project itself."""

import re
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent


def conda_environment():
    """(python version, {name: version}, pip lines) from environment.yml's simple layout."""
    text = (ROOT / "environment.yml").read_text("utf-8")
    deps = re.search(r"^dependencies:\n((?:[ \t]+.*\n?)*)", text, re.MULTILINE).group(1)
    pins, pip_lines, python, in_pip = {}, [], None, False
    for line in deps.splitlines():
        line = line.split("#")[0].rstrip()
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        item = line.strip().removeprefix("- ").strip()
        if item == "pip:":
            in_pip = True
            continue
        if in_pip and indent > 2:
            pip_lines.append(item)
            continue
        in_pip = False
        name, _, version = item.partition("=")
        if name == "python":
            python = version
        elif name != "pip":
            assert version, f"environment.yml: {name} has no pinned version"
            pins[name.lower()] = version
    return python, pins, pip_lines


def pip_pins(python_version):
    """{name: version} of requirements.txt for the given Python version."""
    pins = {}
    for line in (ROOT / "requirements.txt").read_text("utf-8").splitlines():
        line = line.split("#")[0].strip()
        if not line:
            continue
        req = Requirement(line)
        if req.marker and not req.marker.evaluate({"python_version": python_version}):
            continue
        (spec,) = req.specifier
        assert spec.operator == "==", f"requirements.txt: {req.name} is not pinned exactly"
        pins[req.name.lower()] = spec.version
    return pins


def test_conda_and_pip_pins_agree():
    python, conda, _ = conda_environment()
    assert python, "environment.yml must pin python"
    assert conda == pip_pins(python)


def test_environment_installs_the_project():
    _, _, pip_lines = conda_environment()
    assert "-e ." in pip_lines


def test_pins_exist_for_every_supported_python():
    # requires-python is >=3.10: every pinned package has exactly one pin per version.
    names = set(pip_pins("3.11"))
    for version in ("3.10", "3.11", "3.12", "3.13"):
        assert set(pip_pins(version)) == names, version
