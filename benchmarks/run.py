"""Measure the edition's build and write the results table into benchmarks/README.md.

    .venv/bin/python benchmarks/run.py              # everything, about half an hour on 2 cores
    .venv/bin/python benchmarks/run.py --quick      # one run each and small corpora: a smoke test

Every build runs in a fresh copy of the project (or of a synthetic corpus) in a temporary
folder, through the same command contributors use (jupyter-book build, strict). Each figure is
the median of several runs; wall-clock time, CPU time (user + system of the build process,
which other work on the machine disturbs less) and peak memory (maximum resident set size)
come from the operating system. Ratios are taken between builds of the same run, alternated.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(PROJECT))

from corpus import Size, generate  # noqa: E402

JUPYTER_BOOK = [sys.executable, "-c", "import sys; from jupyter_book.cli.main import main; sys.exit(main())", "build"]
STRICT = ["--warningiserror", "--nitpick", "--keep-going"]
ANSI = re.compile(r"\x1b\[[0-9;]*m")
READ = re.compile(r"reading sources\.\.\. \[\s*\d+%\] (\S+)")
WRITTEN = re.compile(r"writing output\.\.\. \[\s*\d+%\] (\S+)")


@dataclass
class Run:
    """One measured command."""

    wall: float
    cpu: float
    peak_mib: float
    code: int
    read: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)


def measure(command: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> tuple[Run, str]:
    """Run a command to its end; its time, CPU time and peak memory as the kernel counted them."""
    with tempfile.TemporaryFile("w+", encoding="utf-8") as log:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = ANSI.sub("", log.read())
    run = Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, process.returncode)
    run.read = READ.findall(output)
    run.written = WRITTEN.findall(output)
    return run, output


class BuildFailed(Exception):
    """A build that should have succeeded did not; the message ends with its last words."""


def build(root: Path, out: Path, *extra: str, strict: bool = True) -> Run:
    run, output = measure([*JUPYTER_BOOK, str(root), "--path-output", str(out), *(STRICT if strict else ()), *extra])
    if run.code != 0:
        raise BuildFailed(f"the build of {root} failed:\n{output[-3000:]}")
    return run


def _cause(failure: BuildFailed) -> str:
    """The last error line of a failed build's output, for the table."""
    lines = [ln.strip() for ln in str(failure).splitlines() if re.match(r"\s*\w*(Error|Exception)\b", ln.strip())]
    return lines[0] if lines else "see the build output"


def copy_project(target: Path, enabled: bool = True) -> Path:
    """The book's sources in a scratch folder; with enabled=False, the annotation engine switched off."""
    target.mkdir(parents=True)
    for name in ("_config.yml", "_toc.yml", "references.bib"):
        shutil.copy2(PROJECT / name, target / name)
    for name in ("book", "annotations", "sources", "edition"):
        shutil.copytree(PROJECT / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    if (PROJECT / "node_modules").is_dir():  # the map's borders (world-atlas), installed by scripts/setup
        (target / "node_modules").symlink_to(PROJECT / "node_modules")
    if not enabled:
        switch_off(target)
    return target


def switch_off(root: Path) -> None:
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    config.setdefault("sphinx", {}).setdefault("config", {})["edition_enabled"] = False
    (root / "_config.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def summary(runs: list[Run]) -> dict[str, Any]:
    return {
        "runs": len(runs),
        "wall": median([r.wall for r in runs]),
        "cpu": median([r.cpu for r in runs]),
        "peak_mib": median([r.peak_mib for r in runs]),
        "wall_all": [round(r.wall, 2) for r in runs],
    }


# ---------------------------------------------------------------- the machine


def machine() -> dict[str, Any]:
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = next(
        (int(line.split()[1]) // 1024 for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")),
        0,
    )
    release = (
        dict(line.split("=", 1) for line in Path("/etc/os-release").read_text().splitlines() if "=" in line)
        .get("PRETTY_NAME", "")
        .strip('"')
    )
    from importlib.metadata import version

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_mib": memory,
        "system": release or platform.platform(),
        "python": platform.python_version(),
        "jupyter-book": version("jupyter-book"),
        "sphinx": version("sphinx"),
        "docutils": version("docutils"),
        "load_before": os.getloadavg(),
        "date": time.strftime("%Y-%m-%d"),
        "commit": subprocess.run(["git", "log", "-1", "--format=%h"], cwd=PROJECT, capture_output=True, text=True).stdout.strip(),
    }


# ---------------------------------------------------------------- the book


def bench_full(base: Path, runs: int) -> dict[str, Any]:
    """The whole book, engine on and off, alternated so that both meet the same machine."""
    on_src, off_src = copy_project(base / "on"), copy_project(base / "off", enabled=False)
    on, off = [], []
    for i in range(runs):
        for src, into in ((on_src, on), (off_src, off)):
            out = base / f"out-{src.name}-{i}"
            into.append(build(src, out))
            shutil.rmtree(out)
    result = {"on": summary(on), "off": summary(off)}
    result["ratio_wall"] = result["on"]["wall"] / result["off"]["wall"]
    result["ratio_cpu"] = result["on"]["cpu"] / result["off"]["cpu"]
    result["ratio_cpu_pairs"] = median([a.cpu / b.cpu for a, b in zip(on, off, strict=True)])
    return result


MARK = "Benchmark edit. "


def _edit_a_note(path: Path, toggle: bool) -> None:
    """Change the words of one note: its chapter must be read again, and nothing else."""
    text = path.read_text(encoding="utf-8")
    if not toggle:
        path.write_text(text.replace(MARK, ""), encoding="utf-8")
        return
    lines = text.splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.lstrip().startswith("body: "))
    head, value = lines[at].split("body: ", 1)
    if value.rstrip() in ("|", "|-", ">", ">-"):  # a block: the words start on the next line
        indent = len(lines[at + 1]) - len(lines[at + 1].lstrip())
        lines[at + 1] = lines[at + 1][:indent] + MARK + lines[at + 1][indent:]
    elif value[:1] in ("'", '"'):
        lines[at] = f"{head}body: {value[0]}{MARK}{value[1:]}"
    else:
        lines[at] = f"{head}body: {MARK}{value}"
    path.write_text("".join(lines), encoding="utf-8")


def bench_incremental(base: Path, runs: int, root: Path | None = None, chapter: str = "lmi") -> dict[str, Any]:
    """No-change rebuilds, and rebuilds after editing one annotation file: time, and which pages were read and written."""
    src = root or copy_project(base / "incremental")
    out = base / "out-incremental"
    build(src, out)
    nothing, edited = [], []
    for i in range(runs):
        nothing.append(build(src, out))
        _edit_a_note(src / "annotations" / f"{chapter}.yml", toggle=i % 2 == 0)
        edited.append(build(src, out))
    shutil.rmtree(out)
    return {
        "no_change": {**summary(nothing), "read": nothing[-1].read, "written": nothing[-1].written},
        "one_file": {**summary(edited), "read": edited[-1].read, "written": edited[-1].written},
        "documents": len(list((src / "book").glob("*.md"))),
    }


def bench_fidelity(base: Path, runs: int) -> dict[str, Any]:
    src = copy_project(base / "fidelity")
    results = []
    for _ in range(runs):
        run, output = measure([sys.executable, "-m", "edition", "fidelity", "--root", str(src)], env=_env())
        if run.code != 0:
            raise SystemExit(f"the fidelity check failed:\n{output[-2000:]}")
        results.append(run)
    return summary(results)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(PROJECT), env.get("PYTHONPATH", "")])
    return env


def bench_epub_pdf(base: Path, runs: int) -> dict[str, Any]:
    src = copy_project(base / "print")
    epub = []
    for i in range(runs):
        # not strict: until the EPUB is configured, Sphinx warns that the project has no version
        epub.append(build(src, base / f"out-epub-{i}", "--builder", "custom", "--custom-builder", "epub", strict=False))
    result: dict[str, Any] = {"epub": summary(epub)}
    pdf_script = PROJECT / "scripts" / "pdf"
    if shutil.which("xelatex") is None:
        result["pdf"] = None
        result["pdf_note"] = "not measured: xelatex is not installed on this machine (the PDF's TeX Live comes with scripts/pdf)"
        return result
    pdf = []
    try:
        _pdf_runs(src, base, runs, pdf_script, pdf)
    except BuildFailed as failure:
        result["pdf"] = None
        result["pdf_note"] = f"not measured: the build fails in this checkout ({_cause(failure)})"
        return result
    result["pdf"] = summary(pdf)
    result["pdf_note"] = "scripts/pdf" if pdf_script.exists() else "jupyter-book build --builder pdflatex"
    return result


def _pdf_runs(src: Path, base: Path, runs: int, pdf_script: Path, pdf: list[Run]) -> None:
    for i in range(runs):
        if pdf_script.exists():
            shutil.rmtree(src / "_build", ignore_errors=True)
            shutil.copytree(PROJECT / "scripts", src / "scripts", dirs_exist_ok=True)
            for name in ("debian-packages.txt", "requirements.lock"):  # what scripts/setup checks
                shutil.copy2(PROJECT / name, src / name)
            (src / ".venv").unlink(missing_ok=True)
            (src / ".venv").symlink_to(PROJECT / ".venv")
            run, output = measure(["bash", "scripts/pdf"], cwd=src, env=_env())
            if run.code != 0:
                raise BuildFailed(f"scripts/pdf failed:\n{output[-3000:]}")
            pdf.append(run)
        else:
            pdf.append(build(src, base / f"out-pdf-{i}", "--builder", "pdflatex", strict=False))


# ---------------------------------------------------------------- where the engine's time goes

TIMED_CHILD = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
import edition.directives, edition.store, edition.transforms, edition.themes, edition
spent = {}
def timed(owner, name, key):
    original = getattr(owner, name)
    def wrapper(*args, **kwargs):
        started = time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            spent[key] = spent.get(key, 0.0) + time.process_time() - started
    setattr(owner, name, wrapper)
    return wrapper
import sphinx.builders, sphinx.builders.html, sphinxcontrib.bibtex.domain as bibtex
timed(edition.store, "annotation_file", "engine: loading and validating the annotation files")
edition.directives.annotation_file = edition.store.annotation_file
timed(edition.directives.EditionText, "run", "engine: the edition-text directive (loading, and parsing the note bodies)")
edition.anchor_chapter = timed(edition.transforms, "anchor_chapter", "engine: anchoring, fidelity, inserting the notes")
edition.themes.resolve = timed(edition.themes, "resolve", "engine: theme links and the themes chapter")
timed(sphinx.builders.Builder, "read_doc", "Sphinx: reading the pages (the directive above included)")
timed(sphinx.builders.html.StandaloneHTMLBuilder, "write_doc", "Sphinx: writing the pages")
timed(bibtex.BibtexDomain, "env_updated", "bibtex: formatting the cited works for the bibliography")
timed(bibtex.BibtexDomain, "resolve_xref", "bibtex: resolving the citations")
from jupyter_book.cli.main import main
started = time.process_time()
try:
    main(["build", sys.argv[2], "--path-output", sys.argv[3]], standalone_mode=False)
finally:
    spent["the whole build"] = time.process_time() - started
    print("TIMINGS " + json.dumps(spent))
"""


def engine_breakdown(base: Path, runs: int) -> dict[str, dict[str, float]]:
    """CPU seconds spent in each step of a build of the book, engine on and off (medians)."""
    result = {}
    for enabled in (True, False):
        src = copy_project(base / f"breakdown-{enabled}", enabled=enabled)
        samples: dict[str, list[float]] = {}
        for i in range(runs):
            out = base / f"out-breakdown-{enabled}-{i}"
            run, output = measure([sys.executable, "-c", TIMED_CHILD, str(PROJECT), str(src), str(out)])
            line = next((ln for ln in output.splitlines() if ln.startswith("TIMINGS ")), None)
            if run.code != 0 or line is None:
                raise SystemExit(f"the timed build failed:\n{output[-3000:]}")
            for step, seconds in json.loads(line[len("TIMINGS ") :]).items():
                samples.setdefault(step, []).append(seconds)
            shutil.rmtree(out)
        result["on" if enabled else "off"] = {step: median(values) for step, values in samples.items()}
    return result


# ---------------------------------------------------------------- scale


def bench_scale(base: Path, sizes: list[Size], runs: int) -> list[dict[str, Any]]:
    rows = []
    for size in sizes:
        on_src = generate(base / f"corpus-{size.statements}", size)
        off_src = base / f"corpus-{size.statements}-off"
        shutil.copytree(on_src, off_src)
        switch_off(off_src)
        on, off = [], []
        for i in range(runs):
            for src, into in ((on_src, on), (off_src, off)):
                out = base / f"out-scale-{i}"
                into.append(build(src, out))
                shutil.rmtree(out)
        row = {"size": asdict(size), "on": summary(on), "off": summary(off)}
        print(f"  {size}: {row['on']['wall']:.1f} s, CPU {row['on']['cpu']:.1f} s, {row['on']['peak_mib']:.0f} MiB", flush=True)
        rows.append(row)
        shutil.rmtree(off_src)
        if size is not sizes[-1]:
            shutil.rmtree(on_src)
    return rows


def bench_scale_incremental(base: Path, size: Size, runs: int) -> dict[str, Any]:
    src = base / f"corpus-{size.statements}"
    if not src.exists():
        generate(src, size)
    return bench_incremental(base, runs, root=src, chapter=f"s{size.statements // 2:03d}")


def bench_anchoring() -> list[dict[str, Any]]:
    """Anchoring alone: 300 selectors in one paragraph of doubling length, against the first, quadratic formulation."""
    from docutils import nodes

    from edition.anchoring import anchor
    from edition.model import Annotation, Location, Selector
    from edition.text import Unit

    def quadratic(text: str, exact: str, prefix: str, suffix: str) -> list[int]:
        starts = [i for i in range(len(text) - len(exact) + 1) if text.startswith(exact, i)] if exact else range(len(text) + 1)
        return [i for i in starts if text[:i].endswith(prefix) and text[i + len(exact) :].startswith(suffix)]

    rows = []
    for words in (2_500, 5_000, 10_000, 20_000):
        text = " ".join(f"w{i % 97} m{i}" for i in range(words))
        units = [Unit(1, nodes.paragraph(), text)]
        selectors = [Selector(f"m{i}", p=1, suffix=" w") for i in range(0, words, max(1, words // 300))]
        started = time.process_time()
        for n, sel in enumerate(selectors):
            anchor(Annotation(f"x-{n}", "note", sel, Location("x.yml", 1)), units, [])
        linear = time.process_time() - started
        started = time.process_time()
        for sel in selectors[:30]:
            quadratic(text, sel.exact, sel.prefix, sel.suffix)
        before = (time.process_time() - started) * len(selectors) / 30
        rows.append({"characters": len(text), "selectors": len(selectors), "now": linear, "before": before})
    return rows


# ---------------------------------------------------------------- weight of a chapter page


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.files: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "link" and any(
            r in (values.get("rel") or "").split() for r in ("stylesheet", "preload", "icon", "modulepreload")
        ):
            self.files.append(values.get("href") or "")
        elif tag in ("script", "img") and values.get("src"):
            self.files.append(values["src"] or "")


CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")
FONT_FACE = re.compile(r"@font-face\s*{[^}]*}", re.S)


def _css_files(css: Path, root: Path, seen: set[Path]) -> None:
    """Fonts (the first source of each @font-face, the one a browser takes) and images a stylesheet names."""
    text = css.read_text(encoding="utf-8", errors="replace")
    wanted = [m.group(1) for block in FONT_FACE.findall(text) for m in [CSS_URL.search(block)] if m]
    wanted += [m.group(1) for m in CSS_URL.finditer(FONT_FACE.sub("", text))]
    for ref in wanted:
        if ref.startswith(("data:", "http:", "https:", "//", "#")):
            continue
        path = (css.parent / ref.split("?")[0].split("#")[0]).resolve()
        if path.is_file() and root in path.parents and path not in seen:
            seen.add(path)
            if path.suffix == ".css":
                _css_files(path, root, seen)


def first_visit(html_root: Path, page: str) -> dict[str, Any]:
    """The bytes a first visit to a page fetches: the page and every local file it names, and theirs."""
    root = html_root.resolve()
    path = root / page
    reader = _Links()
    reader.feed(path.read_text(encoding="utf-8"))
    seen: set[Path] = {path}
    for ref in reader.files:
        if not ref or ref.startswith(("http:", "https:", "//", "data:")):
            continue
        target = (path.parent / ref.split("?")[0].split("#")[0]).resolve()
        if target.is_file() and target not in seen:
            seen.add(target)
            if target.suffix == ".css":
                _css_files(target, root, seen)
    raw = sum(p.stat().st_size for p in seen)
    compressed = sum(len(gzip.compress(p.read_bytes(), 6)) for p in seen)
    biggest = sorted(seen, key=lambda p: -p.stat().st_size)[:3]
    return {
        "page": page,
        "requests": len(seen),
        "bytes": raw,
        "gzip_bytes": compressed,
        "html_bytes": path.stat().st_size,
        "largest": [(p.relative_to(root).as_posix(), p.stat().st_size) for p in biggest],
    }


# ---------------------------------------------------------------- the report


def mib(n: float) -> str:
    return f"{n / 1024 / 1024:.2f} MiB"


def report(r: dict[str, Any]) -> str:
    m = r["machine"]
    full, inc, fid, out = r["full"], r["incremental"], r["fidelity"], r["print"]
    lines = [
        f"Measured on {m['date']} at commit {m['commit']}: {m['cpu']}, {m['cores']} cores, {m['memory_mib'] // 1024} GiB, "
        f"{m['system']}, Python {m['python']}, Jupyter Book {m['jupyter-book']}, Sphinx {m['sphinx']}, docutils {m['docutils']}. "
        f"Load average before the run: {', '.join(f'{x:.1f}' for x in m['load_before'])} (other work shared the machine: "
        "CPU time is the steadier figure). Medians; the number of runs is given.",
        "",
        "| what | runs | wall time | CPU time | peak memory | goal | result |",
        "| --- | ---: | ---: | ---: | ---: | --- | --- |",
    ]

    def row(name: str, s: dict[str, Any] | None, goal: str = "", result: str = "") -> None:
        if s is None:
            lines.append(f"| {name} | – | – | – | – | {goal} | {result} |")
            return
        lines.append(
            f"| {name} | {s['runs']} | {s['wall']:.2f} s | {s['cpu']:.2f} s | {s['peak_mib']:.0f} MiB | {goal} | {result} |"
        )

    verdict = "met" if full["ratio_cpu"] <= 1.15 else "not met"
    row("full HTML build, annotation engine on", full["on"])
    row(
        "same chapters, engine off (`edition_enabled: false`)",
        full["off"],
        "on/off ≤ 1.15",
        f"{verdict}: {full['ratio_cpu']:.2f} (CPU), {full['ratio_wall']:.2f} (wall)",
    )
    read_one = ", ".join(inc["one_file"]["read"]) or "none"
    written_one = ", ".join(inc["one_file"]["written"]) or "none"
    row("no-change rebuild", inc["no_change"], "nothing re-read", f"re-read: {', '.join(inc['no_change']['read']) or 'none'}")
    row(
        "rebuild after editing one note in annotations/lmi.yml",
        inc["one_file"],
        "one chapter (+ the pages that list its notes)",
        f"re-read: {read_one}; written: {written_one}",
    )
    row("fidelity check (`python -m edition fidelity`)", fid)
    row("EPUB (`--builder custom --custom-builder epub`)", out["epub"])
    row("PDF", out["pdf"], "", out["pdf_note"])
    on, off = r["breakdown"]["on"], r["breakdown"]["off"]
    lines += [
        "",
        "**Where the time goes** (CPU seconds inside one build of the book, medians; steps overlap: reading "
        "includes the directive, which includes the loading):",
        "",
    ]
    lines += ["| step | engine on | engine off | difference |", "| --- | ---: | ---: | ---: |"]
    for step in sorted(on, key=lambda k: (k != "the whole build", -on[k])):
        lines.append(f"| {step} | {on[step]:.2f} s | {off.get(step, 0.0):.2f} s | {on[step] - off.get(step, 0.0):+.2f} s |")

    lines += [
        "",
        "**Scale**: synthetic corpora (`benchmarks/corpus.py`), each statement 100 paragraphs and 300 annotations "
        "(notes, sources, apparatus entries, theme tags; 8 themes, each tagged in every statement).",
        "",
        "| corpus | runs | wall time | CPU time | peak memory | CPU, engine off | × previous size (CPU) | goal |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    previous = None
    for s in r["scale"]:
        size = Size(**s["size"])
        growth = f"{s['on']['cpu'] / previous:.2f}" if previous else "–"
        lines.append(
            f"| {size} | {s['on']['runs']} | {s['on']['wall']:.1f} s | {s['on']['cpu']:.1f} s | {s['on']['peak_mib']:.0f} MiB "
            f"| {s['off']['cpu']:.1f} s | {growth} | doubling ≤ 2.1× |"
        )
        previous = s["on"]["cpu"]
    si = r.get("scale_incremental")
    if si:
        lines += [
            "",
            f"At the largest size ({si['documents']} pages), a no-change rebuild takes {si['no_change']['wall']:.1f} s "
            f"(CPU {si['no_change']['cpu']:.1f} s) and re-reads {len(si['no_change']['read'])} pages; editing one note "
            f"takes {si['one_file']['wall']:.1f} s (CPU {si['one_file']['cpu']:.1f} s), re-reads "
            f"{', '.join(si['one_file']['read'])} and writes {', '.join(si['one_file']['written'])}.",
        ]
    lines += [
        "",
        "**Anchoring alone** (300 selectors in one paragraph; `before` is the first formulation, timed on 30 selectors "
        "and scaled):",
        "",
        "| paragraph | now | before |",
        "| ---: | ---: | ---: |",
    ]
    for a in r["anchoring"]:
        lines.append(f"| {a['characters']:,} characters | {a['now'] * 1000:.1f} ms | {a['before'] * 1000:.0f} ms |")
    lines += [
        "",
        "**A chapter page's first visit** (the page and every local file it names: stylesheets, scripts, preloads, "
        "icons, images, and the fonts and images its stylesheets name, first font source only; what scripts fetch "
        "later is not counted):",
        "",
        "| page | requests | bytes | gzip-compressed | the page itself | largest files |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for w in r["weight"]:
        largest = ", ".join(f"{name} ({mib(size)})" for name, size in w["largest"])
        lines.append(
            f"| {w['page']} | {w['requests']} | {mib(w['bytes'])} | {mib(w['gzip_bytes'])} | {mib(w['html_bytes'])} | {largest} |"
        )
    return "\n".join(lines)


START, END = "<!-- results: start -->", "<!-- results: end -->"


def write_readme(table: str) -> None:
    readme = HERE / "README.md"
    text = readme.read_text(encoding="utf-8") if readme.exists() else f"# Benchmarks\n\n{START}\n{END}\n"
    before, _, rest = text.partition(START)
    _, _, after = rest.partition(END)
    readme.write_text(f"{before}{START}\n{table}\n{END}{after or chr(10)}", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="runs of each build of the book (default 5)")
    parser.add_argument("--scale-runs", type=int, default=3, help="runs of each synthetic corpus (default 3)")
    parser.add_argument("--sizes", default="25,50,100", help="statements in the synthetic corpora (default 25,50,100)")
    parser.add_argument("--quick", action="store_true", help="one run each, corpora of 2, 4 and 8 statements")
    parser.add_argument("--no-readme", action="store_true", help="print the table instead of writing benchmarks/README.md")
    args = parser.parse_args()
    runs, scale_runs, sizes = args.runs, args.scale_runs, [int(n) for n in args.sizes.split(",")]
    if args.quick:
        runs, scale_runs, sizes = 1, 1, [2, 4, 8]
    results: dict[str, Any] = {"machine": machine()}
    with tempfile.TemporaryDirectory(prefix="edition-bench-") as tmp:
        base = Path(tmp)
        steps = [
            ("full", lambda: bench_full(base, runs)),
            ("incremental", lambda: bench_incremental(base, runs)),
            ("fidelity", lambda: bench_fidelity(base, runs)),
            ("print", lambda: bench_epub_pdf(base, max(1, min(runs, 3)))),
            ("breakdown", lambda: engine_breakdown(base, max(1, min(runs, 3)))),
            ("anchoring", bench_anchoring),
            ("scale", lambda: bench_scale(base, [Size(n, 100, 300) for n in sizes], scale_runs)),
            ("scale_incremental", lambda: bench_scale_incremental(base, Size(sizes[-1], 100, 300), max(1, min(scale_runs, 2)))),
        ]
        for name, step in steps:
            print(f"{name}…", flush=True)
            results[name] = step()
        weight_src = copy_project(base / "weight")
        build(weight_src, base / "out-weight")
        html = base / "out-weight" / "_build" / "html"
        results["weight"] = [first_visit(html, "book/lmi.html"), first_visit(html, "book/itc.html")]
    (HERE / "results.json").write_text(json.dumps(results, indent=1, default=str) + "\n", encoding="utf-8")
    table = report(results)
    if args.no_readme:
        print(table)
    else:
        write_readme(table)
        print(table)


if __name__ == "__main__":
    main()
