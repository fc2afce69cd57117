"""Shared fixtures: the project's paths, a throw-away copy of the test book, strict builds."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

pytest_plugins = "sphinx.testing.fixtures"

PROJECT = Path(__file__).resolve().parents[1]
ROOTS = Path(__file__).parent / "roots"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


@pytest.fixture
def demo_book(tmp_path: Path) -> Path:
    """A private copy of the small test book, free to be broken."""
    target = tmp_path / "book"
    shutil.copytree(ROOTS / "test-edition", target)
    return target


def env_with_project() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(PROJECT), env.get("PYTHONPATH", "")])
    return env


def strict_build(src: Path, out: Path, *extra: str, timeout: float | None = None) -> subprocess.CompletedProcess[str]:
    """sphinx-build -n -W --keep-going, as contributors and CI run it; a build past the timeout is a hang."""
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-n", "-W", "--keep-going", "-q", str(src), str(out), *extra],
        capture_output=True,
        text=True,
        env=env_with_project(),
        check=False,
        timeout=timeout,
    )


def copy_project(target: Path) -> Path:
    """The whole book (chapters, annotations, witnesses, extension) in a scratch folder."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("_config.yml", "_toc.yml", "references.bib"):
        shutil.copy2(PROJECT / name, target / name)
    for name in ("book", "annotations", "sources", "edition"):
        shutil.copytree(PROJECT / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    if (PROJECT / "node_modules").is_dir():  # the map's borders (world-atlas), installed by scripts/setup
        (target / "node_modules").symlink_to(PROJECT / "node_modules")
    return target


def jupyter_book(
    root: Path, out: Path, *extra: str, env: dict[str, str] | None = None, strict: bool = True
) -> subprocess.CompletedProcess[str]:
    """jupyter-book build, strict, as contributors run it (through this interpreter, whatever the venv's scripts say)."""
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from jupyter_book.cli.main import main; sys.exit(main())",
            "build",
            str(root),
            "--path-output",
            str(out),
            *(("--warningiserror", "--nitpick", "--keep-going") if strict else ()),
            *extra,
        ],
        capture_output=True,
        text=True,
        env=env or env_with_project(),
        check=False,
    )


def require_tool(path_or_name: str, why: str) -> str:
    """The path of a tool the test needs; in CI (CI=true) a missing tool fails the test, elsewhere it skips it."""
    found = path_or_name if Path(path_or_name).is_file() else shutil.which(path_or_name)
    if found:
        return found
    message = f"{path_or_name} is missing ({why}); bash scripts/setup installs it from debian-packages.txt"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def run_script(name: str, build_root: Path) -> subprocess.CompletedProcess[str]:
    """One of the README's commands (scripts/NAME), building into BUILD_ROOT/_build."""
    return subprocess.run(
        ["bash", str(PROJECT / "scripts" / name), str(build_root)],
        capture_output=True,
        text=True,
        env=env_with_project(),
        check=False,
    )


@pytest.fixture(scope="session")
def book_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole book, built once for every test that reads it."""
    out = tmp_path_factory.mktemp("book")
    result = jupyter_book(PROJECT, out)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "WARNING" not in result.stdout + result.stderr
    return out / "_build" / "html"


def sigla() -> list[str]:
    """The statements of the edition: the annotation files that name a siglum (not themes, index, redirects)."""
    found = []
    for path in sorted((PROJECT / "annotations").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and "siglum" in data:
            found.append(path.stem)
    return found


def annotations_of(siglum: str) -> list[dict]:
    return yaml.safe_load((PROJECT / "annotations" / f"{siglum}.yml").read_text(encoding="utf-8"))["annotations"]


def book_config() -> dict:
    return yaml.safe_load((PROJECT / "_config.yml").read_text(encoding="utf-8"))


# how many generated cases each property-based test tried, printed at the end of the run
CASES_TRIED: dict[str, int] = {}


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if CASES_TRIED:
        terminalreporter.section("generated cases")
        for name, count in sorted(CASES_TRIED.items()):
            terminalreporter.write_line(f"{name}: {count} cases tried")


def jupyter_book_build(out: Path) -> subprocess.CompletedProcess[str]:
    """The README's build: jupyter-book, strict, into a scratch folder."""
    return jupyter_book(PROJECT, out)


@pytest.fixture(scope="session")
def built_book(book_html: Path) -> Path:
    """The whole book in HTML, built once per test session (the same build as book_html)."""
    return book_html
