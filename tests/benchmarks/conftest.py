"""District-scale benchmarks: never part of the normal test run (`scripts/test.sh`, plain `pytest`).

Run them on purpose:  SARYE_BENCH=1 .venv/bin/python -m pytest -s tests/benchmarks/bench_district.py
or use the command:   .venv/bin/python -m app bench [--persons N] [--quick]
"""
import os

if os.environ.get("SARYE_BENCH") != "1":
    collect_ignore_glob = ["*"]
