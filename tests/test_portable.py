"""The environments of `make test-portable` are the ones the README names, and are sound."""

import re
from pathlib import Path

from tools import portable

ROOT = Path(__file__).resolve().parent.parent


def test_the_readme_names_every_environment_with_its_settings():
    readme = (ROOT / "README.md").read_text("utf-8")
    rows = dict(re.findall(r"^\| `([a-z0-9-]+)` \| [^|]+ \| `([^`]+)` \|$", readme, flags=re.M))
    assert rows, "the README's Reproducibility section has no table of environments"
    expected = {
        env.name: " ".join(f"{k}={v}" for k, v in env.variables.items())
        for env in portable.ENVIRONMENTS
    }
    assert rows == expected


def test_environments_step_down_and_differ():
    names = [env.name for env in portable.ENVIRONMENTS]
    assert len(set(names)) == len(names) >= 5
    settings = [tuple(sorted(env.variables.items())) for env in portable.ENVIRONMENTS]
    assert len(set(settings)) == len(settings)
    threads = {env.threads for env in portable.ENVIRONMENTS}
    assert threads == {1, 2}  # one and two BLAS threads are both covered
    for env in portable.ENVIRONMENTS:
        assert env.variables.get("OPENBLAS_CORETYPE") != "SkylakeX"  # crashes without AVX-512
        assert env.variables["OPENBLAS_NUM_THREADS"] == str(env.threads)
        disabled = env.variables.get("NPY_DISABLE_CPU_FEATURES", "").split(",")
        if "X86_V3" in disabled:  # the targets built on AVX2 go with it
            assert {"X86_V4", "AVX512_ICL", "AVX512_SPR"} <= set(disabled)


def test_the_numerical_runs_skip_only_tests_that_exist():
    for path in portable.NOT_NUMERICAL:
        assert (ROOT / path).exists(), path
