"""How long the fast check (python -m edition check) takes: on the edition, and per broken input file.

    .venv/bin/python benchmarks/check.py [--repeat 5] [--out benchmarks/check-results.json]

Three figures, each the median of the repetitions:
- the command as a contributor runs it (a new Python process: start-up, imports, the check);
- the check's own time on the edition (in one process, after the first run has imported everything);
- the check's own time on each broken file of tests/data/broken, in the test book it breaks.
The aim, not asserted by any test: under a second of the check's own time per file.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from edition.check import run  # noqa: E402

BROKEN = PROJECT / "tests" / "data" / "broken"
TEST_BOOK = PROJECT / "tests" / "roots" / "test-edition"


def median_seconds(action, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def command(repeat: int) -> float:
    return median_seconds(
        lambda: subprocess.run([sys.executable, "-m", "edition", "check"], cwd=PROJECT, capture_output=True, check=True),
        repeat,
    )


def broken_cases(repeat: int) -> dict[str, float]:
    cases = yaml.safe_load((BROKEN / "expected.yml").read_text(encoding="utf-8"))
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for case in cases:
            book = Path(tmp) / case["file"]
            shutil.copytree(TEST_BOOK, book)
            shutil.copy(BROKEN / case["file"], book / case["replaces"])
            out[case["file"]] = median_seconds(lambda book=book: run(book), repeat)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", type=Path, default=PROJECT / "benchmarks" / "check-results.json")
    args = parser.parse_args()
    run(PROJECT)  # the first run imports Sphinx and the extensions; what follows is the check itself
    edition = run(PROJECT)
    files = [*sorted(p.name for p in (PROJECT / "annotations").glob("*.yml")), "references.bib"]
    own = median_seconds(lambda: run(PROJECT), args.repeat)
    per_case = broken_cases(args.repeat)
    results = {
        "machine": {"python": platform.python_version(), "system": platform.platform(), "cores": _cores()},
        "repeat": args.repeat,
        "edition": {
            "command_seconds": round(command(args.repeat), 3),
            "check_seconds": round(own, 3),
            "input_files": files,
            "check_seconds_per_input_file": round(own / len(files), 3),
            "steps_seconds": {k: round(v, 3) for k, v in edition.timings.items()},
        },
        "broken_files": {
            "count": len(per_case),
            "median_seconds": round(statistics.median(per_case.values()), 3),
            "max_seconds": round(max(per_case.values()), 3),
            "seconds": {k: round(v, 3) for k, v in per_case.items()},
        },
    }
    args.out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    e, b = results["edition"], results["broken_files"]
    print(f"python -m edition check on the edition: {e['command_seconds']} s as a command, {e['check_seconds']} s the check")
    print(f"  {len(files)} input files: {e['check_seconds_per_input_file']} s each; steps {e['steps_seconds']}")
    print(f"{b['count']} broken files in the test book: median {b['median_seconds']} s, at most {b['max_seconds']} s")
    print(f"written to {args.out.relative_to(PROJECT)}")
    return 0


def _cores() -> int:
    import os

    return os.cpu_count() or 0


if __name__ == "__main__":
    sys.exit(main())
