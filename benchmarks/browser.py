"""Weight and Lighthouse scores of each chapter page on a first visit, against the edition's budget:
at most 600 KiB, Lighthouse mobile performance at least 95, accessibility 100.

The book is built twice: as it is, and with ``edition_lean_html: false``, which keeps every asset the
theme puts on a page (Jupyter Book's default page, with the edition's own script and stylesheet). Each
build is served from 127.0.0.1 the way web hosts serve pages (text compressed with gzip), and Lighthouse
(npm, node_modules/) runs Debian's Chromium on every chapter: mobile (its default: a mid-range phone on
a slow 4G network, CPU slowed four times) and desktop. The median of the runs is recorded in
benchmarks/README.md (section "Browser") and, in full, in benchmarks/browser.json.

    .venv/bin/python benchmarks/browser.py            # 3 runs of each; about 10 minutes on 2 cores
    .venv/bin/python benchmarks/browser.py --runs 1 --no-write
"""

from __future__ import annotations

import argparse
import functools
import gzip
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import yaml

PROJECT = Path(__file__).resolve().parents[1]
LIGHTHOUSE = PROJECT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)
BUDGET_KIB, BUDGET_PERFORMANCE, BUDGET_ACCESSIBILITY = 600, 95, 100
COMPRESSED = ("text/", "application/javascript", "application/json", "image/svg+xml")
README = PROJECT / "benchmarks" / "README.md"
RESULTS = PROJECT / "benchmarks" / "browser.json"
BEGIN, END = "<!-- browser benchmark: begin -->", "<!-- browser benchmark: end -->"
BUILDS = {"edition": True, "theme default": False}  # name: edition_lean_html


class HostLikeHandler(SimpleHTTPRequestHandler):
    """Static files, text compressed with gzip when the browser accepts it, as web hosts do."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_head(self) -> Any:
        path = self.translate_path(self.path)
        ctype = self.guess_type(path)
        wants = "gzip" in self.headers.get("Accept-Encoding", "")
        if os.path.isdir(path) or not wants or not ctype.startswith(COMPRESSED) or not os.path.isfile(path):
            return super().send_head()
        body = gzip.compress(Path(path).read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def build(target: Path, lean: bool) -> Path:
    """The book, built strictly from a copy of the project with edition_lean_html set."""
    target.mkdir(parents=True)
    for name in ("_config.yml", "_toc.yml", "references.bib"):
        shutil.copy2(PROJECT / name, target / name)
    for name in ("book", "annotations", "sources", "edition"):
        shutil.copytree(PROJECT / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    if (PROJECT / "node_modules").is_dir():  # the map's borders (world-atlas), installed by scripts/setup
        (target / "node_modules").symlink_to(PROJECT / "node_modules")
    config = yaml.safe_load((target / "_config.yml").read_text(encoding="utf-8"))
    config.setdefault("sphinx", {}).setdefault("config", {})["edition_lean_html"] = lean
    (target / "_config.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    env = {**os.environ, "PYTHONPATH": str(target)}
    result = subprocess.run(
        [str(jupyter_book), "build", str(target), "--warningiserror", "--nitpick", "--keep-going"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if result.returncode:
        sys.exit(f"the book did not build:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    return target / "_build" / "html"


def chapters(html: Path) -> list[str]:
    return sorted(
        p.relative_to(html).as_posix()
        for p in html.rglob("*.html")
        if "_static" not in p.parts and 'class="edition-pnum"' in p.read_text(encoding="utf-8")
    )


def serve(html: Path) -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(HostLikeHandler, directory=str(html)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}/"


def lighthouse(url: str, desktop: bool) -> dict[str, Any]:
    command = [
        str(LIGHTHOUSE),
        url,
        "--only-categories=performance,accessibility",
        "--output=json",
        "--output-path=stdout",
        "--quiet",
        f"--chrome-flags={CHROMIUM_FLAGS}",
    ]
    if desktop:
        command.append("--preset=desktop")
    result = subprocess.run(command, capture_output=True, text=True, check=True, env={**os.environ, "CHROME_PATH": CHROMIUM})
    report = json.loads(result.stdout)
    audits, categories = report["audits"], report["categories"]
    requests = audits["network-requests"]["details"]["items"]
    return {
        "performance": round(100 * categories["performance"]["score"]),
        "accessibility": round(100 * categories["accessibility"]["score"]),
        "fcp_ms": round(audits["first-contentful-paint"]["numericValue"]),
        "lcp_ms": round(audits["largest-contentful-paint"]["numericValue"]),
        "tbt_ms": round(audits["total-blocking-time"]["numericValue"]),
        "cls": round(audits["cumulative-layout-shift"]["numericValue"], 3),
        "requests": len(requests),
        "transferred_bytes": sum(r.get("transferSize", 0) for r in requests),
        "raw_bytes": sum(r.get("resourceSize", 0) for r in requests),
        "lighthouse": report["lighthouseVersion"],
        "browser": report["environment"]["hostUserAgent"],
    }


def median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The median of every number across runs (scores and timings vary from run to run)."""
    out = dict(runs[0])
    for key, value in runs[0].items():
        if isinstance(value, int | float):
            out[key] = statistics.median(r[key] for r in runs)
    return out


def kib(n: float) -> str:
    return f"{n / 1024:,.0f}"


def table(results: list[dict[str, Any]]) -> str:
    lines = [
        "| page | build | requests | transferred KiB | uncompressed KiB | performance (mobile / desktop) "
        "| accessibility (mobile / desktop) | mobile FCP / LCP / TBT / CLS |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in results:
        m, d = r["mobile"], r["desktop"]
        lines.append(
            f"| {r['page']} | {r['build']} | {m['requests']:.0f} | {kib(m['transferred_bytes'])} | {kib(m['raw_bytes'])} "
            f"| {m['performance']:.0f} / {d['performance']:.0f} | {m['accessibility']:.0f} / {d['accessibility']:.0f} "
            f"| {m['fcp_ms'] / 1000:.1f} s / {m['lcp_ms'] / 1000:.1f} s / {m['tbt_ms']:.0f} ms / {m['cls']:.3f} |"
        )
    return "\n".join(lines)


def verdict(results: list[dict[str, Any]]) -> str:
    ours = [r for r in results if r["build"] == "edition"]
    ok = all(
        r["mobile"]["transferred_bytes"] <= BUDGET_KIB * 1024
        and r["mobile"]["performance"] >= BUDGET_PERFORMANCE
        and r["mobile"]["accessibility"] >= BUDGET_ACCESSIBILITY
        for r in ours
    )
    word = "within" if ok else "NOT within"
    return (
        f"Every chapter page of the edition is {word} the budget (at most {BUDGET_KIB} KiB transferred on a first "
        f"visit, mobile performance at least {BUDGET_PERFORMANCE}, accessibility {BUDGET_ACCESSIBILITY})."
    )


def chromium_version() -> str:
    result = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, check=False)
    return (result.stdout.strip().splitlines() or ["Chromium"])[-1].split(" built on")[0]


def section(results: list[dict[str, Any]], runs: int, browser: str) -> str:
    sample = results[0]["mobile"]
    return f"""{BEGIN}
## Browser

Each chapter page on a first visit (empty cache), served from 127.0.0.1 with text compressed by gzip as
web hosts serve it. "theme default" is the same book with `edition_lean_html: false`: every asset Jupyter
Book's theme puts on a page (the edition's accessibility mends stay in both). Lighthouse
{sample["lighthouse"]} on Debian's {browser}, median of {runs} run(s); mobile is Lighthouse's default (a
mid-range phone, slow 4G, CPU slowed four times). Made by `.venv/bin/python benchmarks/browser.py`.

{table(results)}

{verdict(results)} The budget counts what the browser transfers; uncompressed, a chapter page is
larger than 600 KiB, most of it the theme's stylesheet (Bootstrap and the theme, 305 KiB once the rules of
unused icons are taken out) and the chapter's own HTML.
{END}"""


def write_readme(text: str) -> None:
    if README.is_file():
        current = README.read_text(encoding="utf-8")
        if BEGIN in current and END in current:
            head, rest = current.split(BEGIN, 1)
            text = head + text + rest.split(END, 1)[1]
        else:
            text = current.rstrip() + "\n\n" + text + "\n"
    else:
        text = "# Benchmarks\n\nMeasured on the project's own machine; each section says how.\n\n" + text + "\n"
    README.write_text(text, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page and form factor (median)")
    parser.add_argument("--no-write", action="store_true", help="print the table; leave benchmarks/ as it is")
    parser.add_argument("--table-only", action="store_true", help="write the README section from browser.json again")
    args = parser.parse_args()
    if args.table_only:
        recorded = json.loads(RESULTS.read_text(encoding="utf-8"))
        write_readme(section(recorded["results"], recorded["runs"], recorded["browser"]))
        return 0
    if not LIGHTHOUSE.exists() or not Path(CHROMIUM).exists():
        print("Lighthouse (node_modules) or Chromium (/usr/bin/chromium) is missing: run bash scripts/setup", file=sys.stderr)
        return 2
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, lean in BUILDS.items():
            html = build(Path(tmp) / name.replace(" ", "-"), lean)
            server, base = serve(html)
            try:
                for page in chapters(html):
                    row: dict[str, Any] = {"page": page, "build": name}
                    for form, desktop in (("mobile", False), ("desktop", True)):
                        row[form] = median_run([lighthouse(base + page, desktop) for _ in range(args.runs)])
                    mobile = row["mobile"]
                    print(f"{page} ({name}): mobile {mobile['performance']}, {kib(mobile['transferred_bytes'])} KiB")
                    results.append(row)
            finally:
                server.shutdown()
    browser = chromium_version()
    text = section(results, args.runs, browser)
    print(text)
    if not args.no_write:
        write_readme(text)
        recorded = {"runs": args.runs, "browser": browser, "results": results}
        RESULTS.write_text(json.dumps(recorded, indent=1) + "\n", encoding="utf-8")
    ours = [r for r in results if r["build"] == "edition"]
    within = all(r["mobile"]["transferred_bytes"] <= BUDGET_KIB * 1024 for r in ours)
    return 0 if within else 1


if __name__ == "__main__":
    sys.exit(main())
