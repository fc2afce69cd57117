"""The files contributors and other tools read say the same commands as the README, and one version."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import PROJECT
from edition import __version__

COMMAND = re.compile(r"bash scripts/([a-z]+)")
WORKFLOWS = PROJECT / ".github" / "workflows"


def commands(path: Path) -> set[str]:
    return set(COMMAND.findall(path.read_text(encoding="utf-8")))


def runs(workflow: dict) -> list[str]:
    return [step["run"] for job in workflow["jobs"].values() for step in job.get("steps", []) if "run" in step]


def workflow(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def test_every_command_the_readme_names_exists() -> None:
    named = commands(PROJECT / "README.md")
    assert {"setup", "build", "test", "check", "preview", "fidelity", "lock", "pdf"} <= named
    missing = {name for name in named if not (PROJECT / "scripts" / name).is_file()}
    assert missing <= {"pdf"}  # scripts/pdf comes with the PDF edition; once there, it is checked too


@pytest.mark.parametrize(
    "path",
    [
        ".github/workflows/pull-request.yml",
        ".github/workflows/publish.yml",
        ".github/pull_request_template.md",
        "CONTRIBUTING.md",
        ".pre-commit-config.yaml",
    ],
)
def test_files_for_contributors_use_the_readmes_commands(path: str) -> None:
    used = commands(PROJECT / path)
    assert used
    assert used <= commands(PROJECT / "README.md")


def test_workflow_steps_are_the_readmes_commands() -> None:
    readme = commands(PROJECT / "README.md")
    for name in ("pull-request.yml", "publish.yml"):
        for run in runs(workflow(name)):
            if run.startswith("git config --global --add safe.directory"):
                continue  # the container's root must trust the checkout
            assert COMMAND.fullmatch(run) and COMMAND.fullmatch(run).group(1) in readme, (name, run)


def test_pull_requests_run_the_tests_the_builds_and_keep_the_artifacts() -> None:
    data = workflow("pull-request.yml")
    assert "pull_request" in data["on"]
    job = data["jobs"]["edition"]
    assert job["container"] == "python:3.11-bookworm"
    assert job["env"]["CI"] == "true"
    assert runs(data)[1:] == ["bash scripts/check", "bash scripts/test", "bash scripts/build", "bash scripts/pdf"]
    uploads = [s["with"]["path"] for s in job["steps"] if s.get("uses", "").startswith("actions/upload-artifact")]
    assert uploads == ["_build/html", "_build/latex/*.pdf"]


def test_main_is_published_to_github_pages() -> None:
    data = workflow("publish.yml")
    assert data["on"]["push"]["branches"] == ["main"]
    build = data["jobs"]["build"]["steps"]
    assert any(
        s.get("uses", "").startswith("actions/upload-pages-artifact") and s["with"]["path"] == "_build/html" for s in build
    )
    deploy = data["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert any(s.get("uses", "").startswith("actions/deploy-pages") for s in deploy["steps"])


def test_issue_and_pull_request_templates() -> None:
    assert (PROJECT / ".github" / "pull_request_template.md").is_file()
    forms = {}
    for name in ("correction-to-a-note.yml", "proposed-reading.yml"):
        forms[name] = yaml.safe_load((PROJECT / ".github" / "ISSUE_TEMPLATE" / name).read_text(encoding="utf-8"))
        assert {"name", "description", "body"} <= set(forms[name])
        assert any(field.get("validations", {}).get("required") for field in forms[name]["body"])
    config = yaml.safe_load((PROJECT / ".github" / "ISSUE_TEMPLATE" / "config.yml").read_text(encoding="utf-8"))
    assert config["blank_issues_enabled"] is True  # the "suggest a change" links open blank issues


def test_one_version_everywhere() -> None:
    citation = yaml.safe_load((PROJECT / "CITATION.cff").read_text(encoding="utf-8"))
    assert {"cff-version", "message", "title", "authors"} <= set(citation)
    assert citation["version"] == __version__
    pyproject = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["version"] == __version__
    assert "## Unreleased" in (PROJECT / "CHANGELOG.md").read_text(encoding="utf-8")


def test_licences_are_there() -> None:
    assert (PROJECT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    assert "Attribution 4.0 International" in (PROJECT / "LICENSES" / "CC-BY-4.0.txt").read_text(encoding="utf-8")
    rights = (PROJECT / "LICENSES" / "README.md").read_text(encoding="utf-8")
    assert "belong to their authors" in rights and "claim no rights" in rights


# one sentence per line, so that a change to a sentence is a change to one line; "e.g." and "U.S." are no ends
SECOND_SENTENCE = re.compile(r"(?<!\be\.g)(?<!\bi\.e)(?<![A-Z]\.[A-Z])[.!?][\"”)]? +[A-Z]")


@pytest.mark.parametrize("path", ["CONTRIBUTING.md", "book/cite.md", "LICENSES/README.md"])
def test_prose_is_one_sentence_per_line(path: str) -> None:
    fenced = False
    for number, line in enumerate((PROJECT / path).read_text(encoding="utf-8").splitlines(), 1):
        if line.lstrip().startswith("```"):
            fenced = not fenced
            continue
        if fenced or line.lstrip().startswith("|"):
            continue
        prose = re.sub(r"`[^`]*`|\"[^\"]*\"", "quoted", line)  # code and quotations are not the line's sentences
        prose = re.sub(r"^\s*(?:\d+\.|[-*])\s+", "", prose)  # nor is a list's marker
        assert not SECOND_SENTENCE.search(prose), f"{path}:{number}: {line}"


def test_the_cite_page_gives_the_edition_as_text_and_bibtex(built_book: Path) -> None:
    page = BeautifulSoup((built_book / "book" / "cite.html").read_text(encoding="utf-8"), "html.parser")
    text = page.select_one("p.edition-citation").get_text()
    assert f"Version {__version__}" in text and "a critical edition" in text
    bibtex = page.select_one("div.edition-citation-bibtex, pre").get_text()
    assert bibtex.startswith("@misc{") and f"version = {{{__version__}}}" in bibtex
    assert "belong to their authors" in page.get_text()
    toc = BeautifulSoup((built_book / "book" / "intro.html").read_text(encoding="utf-8"), "html.parser")
    assert toc.find("a", href=lambda h: h and h.endswith("cite.html")) is not None
