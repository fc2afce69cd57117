"""Shared themes: links between the statements' passages, the concordance and its figure.

Passages are tagged while each chapter is read; everything that needs all chapters at once
(links to the other statement, the concordance, the figure, the checks) is done after reading.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from html import escape
from itertools import islice

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.nodes import make_refnode
from sphinx.util.texescape import escape as tex_escape

from . import nodes as ed
from .anchoring import Anchor
from .model import Annotation, Problem, Theme
from .render import lemma
from .store import report, themes_file

PREVIEW = 220  # characters of a target passage shown on hover or focus
LINKS_SHOWN = 12  # passages of other statements linked beside a tagged passage; the themes chapter has all

Row = tuple[str, str, str, int, str]  # siglum, docname, annotation id, paragraph, words


def theme_box(ann: Annotation, found: Anchor, siglum: str, themes: dict[str, Theme]) -> ed.margin_note:
    """The margin block beside a tagged passage: its themes, each with links to the other statement."""
    box = ed.margin_note(
        ids=[ann.id],
        classes=["edition-theme"],
        aria_label=f"Themes of {siglum.upper()} {found.unit.label}",
    )
    for theme_id in ann.themes:
        theme = themes.get(theme_id)
        if theme is None:
            continue
        line = nodes.paragraph(classes=["edition-theme-line"])
        line += nodes.inline("", "Theme ", classes=["edition-note-kind"])
        line += ed.theme_links("", theme.title, theme=theme_id, siglum=siglum, passage=f"{ann.id}-passage", role="title")
        line += nodes.Text(": ")
        line += ed.theme_links("", "", theme=theme_id, siglum=siglum, passage=f"{ann.id}-passage", role="others")
        box += line
    return box


def drop_previews(doctree: nodes.Node) -> None:
    """Hover previews of linked passages belong to the screen; on paper and e-readers the link is enough."""
    for preview in list(doctree.findall(lambda n: isinstance(n, nodes.inline) and "edition-preview" in n["classes"])):
        preview.parent.remove(preview)


def _concordance_doc(env: BuildEnvironment) -> str | None:
    docs = sorted(env.get_domain("edition").data["concordance_docs"])
    return docs[0] if docs else None


def _passage_ref(app: Sphinx, fromdoc: str, row: tuple[str, str, str, int, str], preview: bool) -> nodes.Node:
    siglum, docname, ann_id, number, words = row
    label = nodes.inline("", f"{siglum.upper()} ¶{number}")
    if preview:
        shown = words if len(words) <= PREVIEW else words[: PREVIEW - 1] + "…"
        label += nodes.inline("", f"“{shown}”", classes=["edition-preview"])
    ref = make_refnode(
        app.builder, fromdoc, docname, f"{ann_id}-passage", label, f"{siglum.upper()} ¶{number}: {lemma(words, 80)}"
    )
    ref["classes"].append("edition-theme-link")
    return ref


def resolve(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Fill in theme links and the concordance once every chapter has been read."""
    if not app.config.edition_enabled:
        return
    env = app.env
    domain = env.get_domain("edition")
    themes = {t.id: t for t in themes_file(env.srcdir, app.config.edition_themes_file).themes}
    concordance = _concordance_doc(env)
    for node in list(doctree.findall(ed.theme_links)):
        theme = themes.get(node["theme"])
        if node["role"] == "title":
            title = nodes.inline("", theme.title if theme else node["theme"])
            if concordance and theme:
                node.replace_self(make_refnode(app.builder, docname, concordance, f"theme-{theme.id}", title, theme.title))
            else:
                node.replace_self(title)
            continue
        by_siglum = domain.theme_passages_by_siglum(node["theme"])
        total = len(domain.theme_passages(node["theme"])) - len(by_siglum.get(node["siglum"], ()))
        if not total:
            node.replace_self(nodes.inline("", "not in the other statement"))
            continue
        shown = shown_links(by_siglum, node["siglum"])
        out: list[nodes.Node] = []
        for i, row in enumerate(shown):
            if i:
                out.append(nodes.Text(", "))
            out.append(_passage_ref(app, docname, row, preview=True))
        if len(shown) < total:
            more = nodes.inline("", f"{total - len(shown)} more in the themes chapter")
            out.append(nodes.Text(", and "))
            if concordance:
                out.append(make_refnode(app.builder, docname, concordance, f"theme-{node['theme']}", more))
            else:
                out.append(more)
        node.replace_self(out)
    for node in list(doctree.findall(ed.theme_concordance)):
        node.replace_self(concordance_nodes(app, docname, list(themes.values())))


def shown_links(by_siglum: dict[str, list[Row]], exclude: str, limit: int = LINKS_SHOWN) -> list[Row]:
    """The passages of the other statements linked beside a tagged passage: all of them, up to the limit.

    Beyond it, the first passage of as many statements as fit, then their next passages in
    order: a margin note in a corpus of hundreds of statements stays a note. Only as many
    passages as are shown are looked at, so each page costs the same however large the corpus.
    """

    def others() -> Iterator[list[Row]]:
        return (rows for siglum, rows in by_siglum.items() if siglum != exclude)

    chosen = [rows[0] for rows in islice(others(), limit)]
    if len(chosen) < limit:  # fewer statements than places: their further passages, in order
        chosen += islice((row for rows in others() for row in rows[1:]), limit - len(chosen))
    return sorted(chosen, key=lambda r: (r[0], r[3], r[2]))


def _grouped(domain, themes: list[Theme]) -> dict[tuple[str, str], list[Row]]:
    """Passages by (theme, siglum), gathered in one pass over each theme."""
    groups: dict[tuple[str, str], list[Row]] = {}
    for theme in themes:
        for row in domain.theme_passages(theme.id):
            groups.setdefault((theme.id, row[0]), []).append(row)
    return groups


def _sigla(domain, themes: list[Theme]) -> list[str]:
    found = sorted({r[0] for t in themes for r in domain.theme_passages(t.id)})
    return found or ["itc", "lmi"]


def concordance_nodes(app: Sphinx, docname: str, themes: list[Theme]) -> list[nodes.Node]:
    """The figure, its table, then each theme with the passages of both statements side by side."""
    domain = app.env.get_domain("edition")
    sigla = _sigla(domain, themes)
    counts = Counter(v[1] for v in domain.paragraphs.values())
    lengths = {s: counts[s] for s in sigla}
    groups = _grouped(domain, themes)
    out: list[nodes.Node] = [*figure_nodes(app, docname, themes, sigla, lengths, groups)]
    for theme in themes:
        section = nodes.section(ids=[f"theme-{theme.id}"], classes=["edition-theme-section"])
        section += nodes.title("", theme.title)
        section += nodes.paragraph("", theme.description)
        table = nodes.table(classes=["edition-concordance"])
        group = nodes.tgroup(cols=len(sigla))
        table += group
        for _ in sigla:
            group += nodes.colspec(colwidth=1)
        head = nodes.thead()
        row = nodes.row()
        for siglum in sigla:
            row += nodes.entry("", nodes.paragraph("", siglum.upper()))
        head += row
        group += head
        body = nodes.tbody()
        row = nodes.row()
        for siglum in sigla:
            cell = nodes.entry()
            items = nodes.bullet_list()
            for passage in groups.get((theme.id, siglum), []):
                item = nodes.list_item()
                para = nodes.paragraph()
                para += _passage_ref(app, docname, passage, preview=False)
                para += nodes.Text(" ")
                para += nodes.inline("", f"“{passage[4]}”", classes=["edition-quote"])
                item += para
                items += item
            cell += items if len(items) else nodes.paragraph("", "(none)")
            row += cell
        body += row
        group += body
        section += table
        out.append(section)
    return out


# ---------------------------------------------------------------- the figure: theme × position in each text

COLOURS = {0: "#1f5fa8", 1: "#b0441a", 2: "#2e7d32"}


def _svg(app: Sphinx, docname: str, themes: list[Theme], sigla: list[str], lengths: dict[str, int], rows) -> str:
    label_w, lane_h, gap, plot_w, top = 300, 14, 10, 440, 44
    width = label_w + plot_w + 20
    height = top + len(themes) * (len(sigla) * lane_h + gap) + 10
    title = "Where each shared theme occurs in the two statements"
    desc = (
        f"For each of the {len(themes)} themes, one lane per statement ({', '.join(s.upper() for s in sigla)}); "
        "each mark is a tagged passage, placed by its paragraph number along the text from beginning (left) to end (right). "
        "The table below gives the same paragraphs."
    )
    # a group, not an image: its marks are links (axe-core: nested-interactive); EPUB 3's schema allows
    # no group role on SVG, so there the figure keeps the role SVG has of its own (graphics-document)
    role = "" if app.builder.name == "epub" else ' role="group"'
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="edition-theme-figure" viewBox="0 0 {width} {height}"{role} '
        f'aria-labelledby="theme-figure-title theme-figure-desc" font-family="sans-serif" font-size="11">',
        f'<title id="theme-figure-title">{escape(title)}</title>',
        f'<desc id="theme-figure-desc">{escape(desc)}</desc>',
        f'<text x="{label_w}" y="36" fill="currentColor">beginning of the text</text>',
        f'<text x="{label_w + plot_w}" y="36" text-anchor="end" fill="currentColor">end</text>',
    ]
    for k, siglum in enumerate(sigla):
        x = label_w + k * 90
        parts.append(f'<rect x="{x}" y="6" width="10" height="10" fill="{COLOURS[k % 3]}"/>')
        parts.append(f'<text x="{x + 14}" y="15" fill="currentColor">{siglum.upper()}</text>')
    y = top
    for theme in themes:
        block = len(sigla) * lane_h
        parts.append(
            f'<text x="{label_w - 8}" y="{y + block / 2 + 4}" text-anchor="end" fill="currentColor">{escape(theme.title)}</text>'
        )
        for k, siglum in enumerate(sigla):
            lane_y = y + k * lane_h
            parts.append(
                f'<line x1="{label_w}" x2="{label_w + plot_w}" y1="{lane_y + lane_h / 2}" y2="{lane_y + lane_h / 2}" '
                'stroke="currentColor" stroke-opacity="0.25"/>'
            )
            total = max(lengths.get(siglum, 1), 2)
            for row in rows(theme.id, siglum):
                _, target_doc, ann_id, number, words = row
                x = label_w + (number - 1) / (total - 1) * plot_w
                href = app.builder.get_relative_uri(docname, target_doc) + f"#{ann_id}-passage"
                parts.append(
                    f'<a href="{escape(href)}"><rect class="edition-mark" data-theme="{theme.id}" data-siglum="{siglum}" '
                    f'data-p="{number}" x="{x - 2:.1f}" y="{lane_y + 2}" width="4" height="{lane_h - 4}" fill="{COLOURS[k % 3]}">'
                    f"<title>{escape(siglum.upper())} ¶{number}: {escape(lemma(words, 80))}</title></rect></a>"
                )
        y += block + gap
    parts.append("</svg>")
    return "\n".join(parts)


def _tikz(themes: list[Theme], sigla: list[str], lengths: dict[str, int], rows) -> str:
    colours = {0: "blue!70!black", 1: "orange!70!black", 2: "green!50!black"}
    # labels wrap at 3.8 cm and the lanes are 5.6 cm long, so the figure fits the text block
    lines = [r"\begin{center}\begin{tikzpicture}[x=0.7cm,y=1cm,font=\scriptsize]"]
    y = 0.0
    for theme in themes:
        title = tex_escape(theme.title)  # contributors' words: never LaTeX commands
        lines.append(rf"\node[anchor=east,text width=3.8cm,align=right] at (0,{y - 0.25:.2f}) {{{title}}};")
        for k, siglum in enumerate(sigla):
            lane = y - 0.15 - k * 0.3
            lines.append(rf"\draw[black!25] (0.1,{lane:.2f}) -- (8.1,{lane:.2f});")
            total = max(lengths.get(siglum, 1), 2)
            for row in rows(theme.id, siglum):
                x = 0.1 + (row[3] - 1) / (total - 1) * 8
                lines.append(
                    rf"\fill[{colours[k % 3]}] ({x - 0.04:.2f},{lane - 0.1:.2f}) rectangle ({x + 0.04:.2f},{lane + 0.1:.2f});"
                )
        y -= 0.3 * len(sigla) + 0.25
    legend = ", ".join(rf"\textcolor{{{colours[k % 3]}}}{{\rule{{2mm}}{{2mm}}}} {s.upper()}" for k, s in enumerate(sigla))
    lines.append(rf"\node[anchor=west] at (0.1,{y:.2f}) {{{legend}; left: beginning of the text, right: end}};")
    lines.append(r"\end{tikzpicture}\end{center}")
    return "\n".join(lines)


def figure_nodes(
    app: Sphinx,
    docname: str,
    themes: list[Theme],
    sigla: list[str],
    lengths: dict[str, int],
    groups: dict[tuple[str, str], list[Row]],
) -> list[nodes.Node]:
    def rows(theme_id: str, siglum: str) -> list[Row]:
        return groups.get((theme_id, siglum), [])

    container = nodes.container(classes=["edition-theme-figure-box"], ids=["theme-figure"])
    container += nodes.raw("", _svg(app, docname, themes, sigla, lengths, rows), format="html")
    container += nodes.raw("", _tikz(themes, sigla, lengths, rows), format="latex")
    caption = nodes.paragraph(classes=["edition-figure-caption"])
    caption += nodes.strong("", "Figure. ")
    caption += nodes.Text(
        "Where each theme occurs along each statement, from its first paragraph (left) to its last (right); "
        "each mark is a tagged passage. The table gives the same paragraphs."
    )
    container += caption
    # the same information as a table, for readers who cannot see the figure
    table = nodes.table(classes=["edition-theme-table"])
    group = nodes.tgroup(cols=1 + len(sigla))
    table += group
    for _ in range(1 + len(sigla)):
        group += nodes.colspec(colwidth=1)
    head = nodes.thead()
    row = nodes.row()
    row += nodes.entry("", nodes.paragraph("", "Theme"))
    for siglum in sigla:
        row += nodes.entry("", nodes.paragraph("", f"{siglum.upper()} paragraphs"))
    head += row
    group += head
    body = nodes.tbody()
    for theme in themes:
        row = nodes.row()
        row += nodes.entry(
            "", nodes.paragraph("", "", nodes.reference("", theme.title, internal=True, refid=f"theme-{theme.id}"))
        )
        for siglum in sigla:
            para = nodes.paragraph()
            for i, r in enumerate(rows(theme.id, siglum)):
                if i:
                    para += nodes.Text(", ")
                para += make_refnode(app.builder, docname, r[1], f"{r[2]}-passage", nodes.inline("", f"¶{r[3]}"))
            row += nodes.entry("", para)
        body += row
    group += body
    return [container, table]


# ---------------------------------------------------------------- checks and incremental builds


def check(app: Sphinx, env: BuildEnvironment) -> None:
    """Once all chapters are read: the themes file itself, themes used on one side only, or not at all."""
    if not app.config.edition_enabled:
        return
    rel = app.config.edition_themes_file
    data = themes_file(env.srcdir, rel)
    for problem in data.problems:
        report(problem)
    if not data.themes:
        return
    domain = env.get_domain("edition")
    chapters = sorted({v[1] for v in domain.paragraphs.values()})
    for theme in data.themes:
        present = sorted({r[0] for r in domain.theme_passages(theme.id)})
        if not present:
            report(
                Problem(
                    "theme_unused",
                    f"the theme {theme.id!r} is tagged in no statement. "
                    "Mend: tag passages of each statement with it, or remove it.",
                    theme.location,
                )
            )
        elif len(chapters) > 1 and len(present) < len(chapters):
            missing = ", ".join(s.upper() for s in chapters if s not in present)
            report(
                Problem(
                    "theme_one_sided",
                    f"the theme {theme.id!r} is tagged only in {', '.join(s.upper() for s in present)}, "
                    f"not in {missing}. Mend: tag the passages of {missing} on this theme, or remove the theme.",
                    theme.location,
                )
            )


_read_now: set[str] = set()  # the documents read (or removed) in this build
_rows_before: set[tuple[str, str, int, str, tuple[str, ...]]] = set()  # their tagged passages before


def _rows_of(env: BuildEnvironment, docnames: set[str] | list[str]) -> set[tuple[str, str, int, str, tuple[str, ...]]]:
    wanted = set(docnames)
    return {(a, s, n, w, tuple(ts)) for a, (d, s, n, w, ts) in env.get_domain("edition").data["themes"].items() if d in wanted}


def start_build(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    """A new build: nothing read yet."""
    _read_now.clear()
    _rows_before.clear()
    return []


def note_purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    """Remember a document's tagged passages before Sphinx forgets them, to see later what changed."""
    _read_now.add(docname)
    _rows_before.update(_rows_of(env, [docname]))


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """The pages that show passages of the chapters read again, when those passages changed.

    The themes chapter is written again whenever a chapter was read; another chapter only
    when a passage on one of its themes was added, removed, moved or reworded. Editing a
    note leaves every other chapter as it was.
    """
    if not _read_now:
        return []
    domain = env.get_domain("edition")
    changed = _rows_before ^ _rows_of(env, _read_now)
    touched = {theme for row in changed for theme in row[4]}
    showing = {d for d, _s, _n, _w, ts in domain.data["themes"].values() if touched.intersection(ts)}
    # the pages written from every chapter's data: the themes chapter, the indexes, the coverage report
    late = set(domain.data["concordance_docs"]) | set(domain.data["index_docs"])
    return sorted((showing | late) - _read_now)
