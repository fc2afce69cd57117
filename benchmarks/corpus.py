"""A synthetic corpus shaped like the edition, to measure how building scales with its size.

N statements, each a chapter of M paragraphs with a witness and an annotation file of K
annotations (notes, sources, apparatus entries, theme tags), T shared themes tagged in every
statement, a bibliography and an introduction that cites paragraphs. The same seed gives the
same bytes. The book builds strictly with the project's own extension.

    python benchmarks/corpus.py OUT --statements 25 --paragraphs 100 --annotations 300 --themes 8
"""

from __future__ import annotations

import argparse
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

PROJECT = Path(__file__).resolve().parents[1]
WORDS = (
    "the workers of every city and country stand with those who resist an invasion while governments "
    "weigh sanctions against the regime and its army which claims to defend people from enemies that "
    "do not exist but whose war destroys homes schools and hospitals across the region in spring"
).split()
KEYS = [f"synthetic{n:02d}" for n in range(12)]


@dataclass(frozen=True)
class Size:
    statements: int
    paragraphs: int
    annotations: int
    themes: int = 8

    def __str__(self) -> str:
        return f"{self.statements} statements × {self.paragraphs} paragraphs × {self.annotations} annotations"


def _siglum(n: int) -> str:
    return f"s{n:03d}"


def _marker(p: int, j: int) -> str:
    """Words that occur once in their paragraph, so that each selector finds one place."""
    return f"matter{p}x{j}"


def _paragraph(rng: random.Random, p: int, markers: list[str]) -> str:
    words = [rng.choice(WORDS) for _ in range(70)]
    for i, marker in enumerate(markers):
        words.insert(min(len(words), 4 + i * 9), f"the {marker} of")
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def _annotation(siglum: str, j: int, p: int, marker: str, size: Size, rng: random.Random) -> dict:
    ident = f"{siglum}-a{j}"
    kind = ("note", "note", "note", "source", "apparatus", "note", "theme", "note", "apparatus", "source")[j % 10]
    if j < size.themes:  # every theme is tagged in every statement
        kind = "theme"
    target = {"p": p, "exact": f"the {marker}"}
    if kind == "theme":
        themes = (
            [f"theme{j % size.themes}"] if j < size.themes else sorted({f"theme{rng.randrange(size.themes)}" for _ in range(2)})
        )
        return {"id": ident, "kind": "theme", "target": target, "themes": themes}
    if kind == "apparatus":
        return {
            "id": ident,
            "kind": "apparatus",
            "type": "emendation",
            "target": {"p": p, "exact": marker},
            "witness": marker.upper(),
            "body": f"The witness has *{marker.upper()}*; the edition prints it in lower case.",
        }
    words = " ".join(rng.choice(WORDS) for _ in range(35))
    cite = f" See {{cite:p}}`{rng.choice(KEYS)}`." if j % 3 == 0 else ""
    xref = f" Compare {{edition:p}}`{siglum}-p{rng.randrange(1, size.paragraphs + 1)}`." if j % 7 == 0 else ""
    return {"id": ident, "kind": kind, "target": target, "body": f"An *editors'* note: {words}.{cite}{xref}"}


def _statement(root: Path, n: int, size: Size) -> None:
    siglum = _siglum(n)
    rng = random.Random(n)
    per_paragraph: dict[int, list[str]] = {p: [] for p in range(1, size.paragraphs + 1)}
    annotations = []
    for j in range(size.annotations):
        p = j % size.paragraphs + 1
        marker = _marker(p, len(per_paragraph[p]))
        per_paragraph[p].append(marker)
        annotations.append(_annotation(siglum, j, p, marker, size, rng))
    paragraphs = [_paragraph(rng, p, per_paragraph[p]) for p in range(1, size.paragraphs + 1)]
    witness = "\n\n".join(paragraphs)
    for ann in annotations:
        if ann["kind"] == "apparatus":
            exact = ann["target"]["exact"]
            witness = witness.replace(f"the {exact} of", f"the {ann['witness']} of", 1)
    chapter = [
        f"# Statement {n}",
        "",
        f"*A synthetic statement. Siglum: {siglum.upper()}.*",
        "",
        "## Text",
        "",
        f"```{{edition-text}} {siglum}",
        "```",
        "",
        "\n\n".join(paragraphs),
        "",
        "## Apparatus",
        "",
        "```{apparatus}",
        "```",
        "",
    ]
    (root / "book" / f"{siglum}.md").write_text("\n".join(chapter), encoding="utf-8")
    (root / "sources" / f"{siglum}.txt").write_text(witness, encoding="utf-8")
    data = {"siglum": siglum, "witness": f"sources/{siglum}.txt", "annotations": annotations}
    (root / "annotations" / f"{siglum}.yml").write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120), encoding="utf-8"
    )


def _config(root: Path, size: Size) -> None:
    config = yaml.safe_load((PROJECT / "_config.yml").read_text(encoding="utf-8"))
    config["title"] = f"Synthetic corpus: {size}"
    config["sphinx"]["local_extensions"] = {"edition": str(PROJECT)}
    (root / "_config.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    toc = {
        "format": "jb-book",
        "root": "book/intro",
        "chapters": [{"file": f"book/{_siglum(n)}"} for n in range(1, size.statements + 1)]
        + [{"file": "book/themes"}, {"file": "book/bibliography"}],
    }
    (root / "_toc.yml").write_text(yaml.safe_dump(toc, sort_keys=False), encoding="utf-8")


def generate(root: Path, size: Size) -> Path:
    """Write the corpus into root (emptied first); return root."""
    if root.exists():
        shutil.rmtree(root)
    for sub in ("book", "annotations", "sources"):
        (root / sub).mkdir(parents=True)
    _config(root, size)
    refs = "\n".join(
        f"@book{{{key},\n  author = {{Author {i}}},\n  title = {{Synthetic Work {i}}},\n"
        f"  publisher = {{Test Press}},\n  year = {{{2000 + i}}}\n}}\n"
        for i, key in enumerate(KEYS)
    )
    (root / "references.bib").write_text(refs, encoding="utf-8")
    themes = {
        "themes": [
            {"id": f"theme{t}", "title": f"Theme {t}", "description": f"Passages on synthetic question {t}."}
            for t in range(size.themes)
        ]
    }
    (root / "annotations" / "themes.yml").write_text(yaml.safe_dump(themes, sort_keys=False), encoding="utf-8")
    for n in range(1, size.statements + 1):
        _statement(root, n, size)
    intro = ["# Introduction", "", "A synthetic corpus for measuring the edition's build.", ""]
    intro += [f"- Statement {n}: {{edition:p}}`{_siglum(n)}-p1`." for n in range(1, size.statements + 1)]
    (root / "book" / "intro.md").write_text("\n".join(intro) + "\n", encoding="utf-8")
    (root / "book" / "themes.md").write_text("# Shared themes\n\n```{theme-concordance}\n```\n", encoding="utf-8")
    (root / "book" / "bibliography.md").write_text("# Bibliography\n\n```{bibliography}\n```\n", encoding="utf-8")
    return root


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--statements", type=int, default=25)
    parser.add_argument("--paragraphs", type=int, default=100)
    parser.add_argument("--annotations", type=int, default=300)
    parser.add_argument("--themes", type=int, default=8)
    args = parser.parse_args(argv)
    size = Size(args.statements, args.paragraphs, args.annotations, args.themes)
    generate(args.out, size)
    print(f"{size} written to {args.out}")


if __name__ == "__main__":
    main()
