"""The same sources give the same bytes: an EPUB built twice is identical.

Sphinx dates the EPUB with the time of the build unless SOURCE_DATE_EPOCH is set, and its
zip file records the time each file was written. The edition dates it by its last commit
(the reproducible-builds convention; an explicit SOURCE_DATE_EPOCH wins) and writes the
zip again with every entry stamped with that date, in the same order, with the same
compression. The HTML needs nothing: it carries no build time.
"""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path
from zipfile import ZipFile, ZipInfo

from sphinx.application import Sphinx

ZIP_EPOCH = 315532800  # 1980-01-01, the earliest date a zip entry can carry


def _commit_time(folder: str | Path) -> str | None:
    try:
        result = subprocess.run(
            ["git", "log", "-1", "--format=%ct"], cwd=folder, capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    stamp = result.stdout.strip()
    return stamp if result.returncode == 0 and stamp.isdigit() else None


def _is_epub(app: Sphinx) -> bool:
    return app.builder.name.startswith("epub")


def date_the_epub(app: Sphinx) -> None:
    """Give an EPUB build the date of the last commit, unless the caller set one."""
    if _is_epub(app) and "SOURCE_DATE_EPOCH" not in os.environ:
        stamp = _commit_time(app.srcdir)
        if stamp:
            os.environ["SOURCE_DATE_EPOCH"] = stamp


def rewrite_zip(path: Path, epoch: int) -> None:
    """Stamp every entry of a zip file with one date; keep names, order, contents and compression."""
    date_time = time.gmtime(max(epoch, ZIP_EPOCH))[:6]
    with ZipFile(path) as source:
        entries = [(info, source.read(info)) for info in source.infolist()]
    temporary = path.with_name(path.name + ".tmp")
    with ZipFile(temporary, "w") as target:
        for info, data in entries:
            entry = ZipInfo(info.filename, date_time=date_time)
            entry.compress_type = info.compress_type
            entry.external_attr = 0o644 << 16
            target.writestr(entry, data)
    temporary.replace(path)


def stamp_the_epub(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or not _is_epub(app):
        return
    path = Path(app.outdir) / f"{app.config.epub_basename}.epub"
    if path.is_file():
        rewrite_zip(path, int(os.environ.get("SOURCE_DATE_EPOCH", ZIP_EPOCH)))
