"""The live preview serves the book and rebuilds it when an annotation file or the bibliography changes."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import copy_project, env_with_project


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(url: str, words: str, seconds: float) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if words in fetch(url):
            return True
        time.sleep(1)
    return False


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    root = copy_project(tmp_path / "book")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "edition", "preview", "--root", str(root), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env_with_project(),
        start_new_session=True,
    )
    try:
        yield root, f"http://127.0.0.1:{port}"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def test_preview_rebuilds_on_a_changed_note_and_a_changed_reference(preview: tuple[Path, str]) -> None:
    root, url = preview
    assert wait_for(f"{url}/book/itc.html", "edition-note", 180), "the preview did not serve the book"
    annotations = root / "annotations" / "itc.yml"
    old = "The witness opens with two empty lines before the dateline."
    text = annotations.read_text(encoding="utf-8")
    assert text.count(old) == 1
    annotations.write_text(text.replace(old, old + " Changed in the preview."), encoding="utf-8")
    assert wait_for(f"{url}/book/itc.html", "Changed in the preview.", 120)
    bib = root / "references.bib"
    text = bib.read_text(encoding="utf-8")
    assert text.count("Russian forces") > 0
    bib.write_text(text.replace("Russian forces", "Russian Forces Changed", 1), encoding="utf-8")
    assert wait_for(f"{url}/book/bibliography.html", "Russian Forces Changed", 120)
