"""Live preview: the book served on this machine and rebuilt whenever one of its inputs changes.

sphinx-autobuild watches the project folder (chapters, annotations with themes and index,
references.bib, witnesses, the extension) and runs Sphinx again on every change; the edition's
declared dependencies make Sphinx read again exactly the chapters that a changed file feeds.
Sphinx is given the Sphinx form of ``_config.yml``, as ``jupyter-book config sphinx`` writes it,
in a folder under ``_build`` so that the project itself gets no conf.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

IGNORED = ["_build", ".venv", ".git", "tests", "benchmarks", ".pytest_cache", ".ruff_cache", ".github", "test-artifacts"]


def write_conf(root: Path, folder: Path) -> Path:
    """conf.py for Sphinx with the values Jupyter Book would use; returns its folder."""
    from jupyter_book.config import get_final_config

    config, _ = get_final_config(
        user_yaml=root / "_config.yml", sourcedir=root, cli_config={"latex_individualpages": False}, use_external_toc=True
    )
    config.setdefault("external_toc_path", str(root / "_toc.yml"))
    # sphinxcontrib-bibtex reads its files beside conf.py, which is not the project folder here
    config["bibtex_bibfiles"] = [str(root / f) for f in config.get("bibtex_bibfiles", [])]
    lines = [
        "# Written by `python -m edition preview` from _config.yml and _toc.yml; edit those, not this file.",
        "import sys",
        f"sys.path.insert(0, {str(root)!r})  # the edition's extension",
    ]
    lines += [f"{key} = {config[key]!r}" for key in sorted(config)]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "conf.py").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def arguments(root: Path, host: str, port: int) -> list[str]:
    """sphinx-autobuild's command line for this project."""
    build = root / "_build" / "preview"
    conf = write_conf(root, build / "conf")
    args = [str(root), str(build / "html"), "-c", str(conf), "-d", str(build / "doctrees"), "-n", "--keep-going"]
    args += ["--host", host, "--port", str(port)]
    for name in IGNORED:
        args += ["--ignore", str(root / name)]
    return args


def main(root: Path, host: str = "127.0.0.1", port: int = 8000) -> int:
    from sphinx_autobuild.__main__ import main as autobuild

    print(f"Serving the book on http://{host}:{port}/ ; it is rebuilt on every change. Stop with Ctrl-C.")
    sys.argv = ["sphinx-autobuild", *arguments(root, host, port)]
    return autobuild(sys.argv[1:]) or 0
