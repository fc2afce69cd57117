"""The extension and the tests stay ruff-clean, so that a pull request is judged on substance."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import PROJECT

RUFF = Path(sys.executable).parent / "ruff"


def test_ruff_lint() -> None:
    result = subprocess.run([str(RUFF), "check", "edition", "tests"], cwd=PROJECT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format() -> None:
    result = subprocess.run(
        [str(RUFF), "format", "--check", "edition", "tests"], cwd=PROJECT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
