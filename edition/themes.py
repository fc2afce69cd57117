"""Shared themes: links between the statements' passages, the concordance and its figure.

Passages are tagged while each chapter is read; everything that needs all chapters at once
(links to the other statement, the concordance, the figure, the checks) is done after reading.
"""

from __future__ import annotations

from html import escape

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.nodes import make_refnode

from . import nodes as ed
from .anchoring import Anchor
from .model import Annotation, Problem, Theme
from .render import lemma
from .store import report, themes_file

PREVIEW = 220  # characters of a target passage shown on hover or focus


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
        others = [r for r in domain.theme_passages(node["theme"]) if r[0] != node["siglum"]]
        if not others:
            node.replace_self(nodes.inline("", "not in the other statement"))
            continue
        out: list[nodes.Node] = []
        for i, row in enumerate(others):
            if i:
                out.append(nodes.Text(", "))
            out.append(_passage_ref(app, docname, row, preview=True))
        node.replace_self(out)
    for node in list(doctree.findall(ed.theme_concordance)):
        node.replace_self(concordance_nodes(app, docname, list(themes.values())))


def _sigla(domain, themes: list[Theme]) -> list[str]:
    found = sorted({r[0] for t in themes for r in domain.theme_passages(t.id)})
    return found or ["itc", "lmi"]


def concordance_nodes(app: Sphinx, docname: str, themes: list[Theme]) -> list[nodes.Node]:
    """The figure, its table, then each theme with the passages of both statements side by side."""
    domain = app.env.get_domain("edition")
    sigla = _sigla(domain, themes)
    lengths = {s: sum(1 for v in domain.paragraphs.values() if v[1] == s) for s in sigla}
    out: list[nodes.Node] = [*figure_nodes(app, docname, themes, sigla, lengths)]
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
            for passage in (r for r in domain.theme_passages(theme.id) if r[0] == siglum):
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
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="edition-theme-figure" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="theme-figure-title theme-figure-desc" font-family="sans-serif" font-size="11">',
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
        title = theme.title.replace("&", r"\&")
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


def figure_nodes(app: Sphinx, docname: str, themes: list[Theme], sigla: list[str], lengths: dict[str, int]) -> list[nodes.Node]:
    domain = app.env.get_domain("edition")

    def rows(theme_id: str, siglum: str):
        return [r for r in domain.theme_passages(theme_id) if r[0] == siglum]

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


_read_now: set[str] = set()


def note_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    _read_now.clear()
    _read_now.update(docnames)


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """When any chapter was read again, the pages that show its themes are written again too."""
    if not _read_now:
        return []
    domain = env.get_domain("edition")
    tagged = {v[0] for v in domain.data["themes"].values()}
    late = set(domain.data["concordance_docs"]) | set(domain.data["index_docs"])
    return sorted((tagged | late) - _read_now)
