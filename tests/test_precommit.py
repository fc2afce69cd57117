"""The pre-commit hooks pass on the edition as it stands, catch what they should, and never touch a witness."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import PROJECT

WITNESSES = ["sources/itc-2022-03-01.txt", "sources/lmi-2022-04-27.txt", "tests/roots/test-edition/sources/demo.txt"]
FIXERS = ("end-of-file-fixer", "trailing-whitespace", "check-yaml", "codespell", "ruff", "ruff-format")


def config() -> dict:
    return yaml.safe_load((PROJECT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))


def test_no_hook_sees_a_witness() -> None:
    data = config()
    hooks = {h["id"]: h for repo in data["repos"] for h in repo["hooks"]}
    assert set(FIXERS) <= set(hooks)
    for path in WITNESSES:
        assert re.search(data["exclude"], path), path


def checkout_copy(target: Path) -> Path:
    """The working tree as git sees it (tracked and new files), in a fresh repository."""
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=PROJECT, capture_output=True, check=True
    ).stdout.decode("utf-8")
    for name in filter(None, listed.split("\0")):
        source = PROJECT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    (target / ".venv").symlink_to(PROJECT / ".venv")
    for args in (["init", "-q"], ["add", "-A"]):
        subprocess.run(["git", *args], cwd=target, check=True)
    return target


def run_hooks(root: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    pre_commit = PROJECT / ".venv" / "bin" / "pre-commit"
    if not pre_commit.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("pre-commit is missing: bash scripts/setup installs it")
        pytest.skip("pre-commit is not installed")
    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"))
    return subprocess.run(
        [str(pre_commit), "run", "--all-files", "--show-diff-on-failure"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_hooks_pass_on_the_edition_and_leave_witnesses_alone(tmp_path: Path) -> None:
    root = checkout_copy(tmp_path / "edition")
    # what a fixer would "mend" if it saw the witness: the test book's witness ends without a newline
    assert not (root / WITNESSES[2]).read_bytes().endswith(b"\n")
    before = {name: digest(root / name) for name in WITNESSES}
    result = run_hooks(root, tmp_path)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "the edition's fast check" in result.stdout
    assert {name: digest(root / name) for name in WITNESSES} == before


def test_the_hooks_mend_whitespace_and_catch_a_misspelling(tmp_path: Path) -> None:
    root = checkout_copy(tmp_path / "edition")
    note = root / "annotations" / "README.md"
    misspelt = "sent" + "ance"  # spelt out here, the hooks would find it in this file
    note.write_text(note.read_text(encoding="utf-8") + f"A {misspelt} with a trailing space. \n\n\n", encoding="utf-8")
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    result = run_hooks(root, tmp_path)
    assert result.returncode != 0
    assert f"{misspelt} ==> sentence" in result.stdout
    assert note.read_text(encoding="utf-8").endswith(f"A {misspelt} with a trailing space.\n")
