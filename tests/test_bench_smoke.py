"""The benchmark suite in its tiny configuration, so that it cannot rot unnoticed.

This checks that every benchmark runs and reports a sensible number, not how
fast anything is: timings belong to `make bench`, never to a unit test.
"""

import math

from benchmarks import bench


def test_every_benchmark_runs_and_reports(capsys):
    rows = bench.main(["--smoke", "--threads", "1"])
    sections = {row[0].split(" ", 1)[0] for row in rows}
    assert sections == {"1.", "2.", "3.", "4.", "5."}
    for row in rows:
        if row[0].startswith(("1.", "2.")):
            assert math.isfinite(float(row[2])) and float(row[2]) > 0
    assert "benchmark" in capsys.readouterr().out
