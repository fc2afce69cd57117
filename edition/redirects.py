"""Retired anchors stay reachable.

A link that cites "ITC ¶12" or a note must keep working after the text or the notes change.
When an anchor is retired (paragraphs merged, a note renamed), annotations/redirects.yml
names the anchor on the same page that now answers for it, and the build gives that element
the retired id as well: the old link arrives at the new place.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .model import Problem
from .store import redirects_file, report


def apply(doctree: nodes.document, env: BuildEnvironment, docname: str) -> None:
    """Give each element named as a redirect target in this chapter the retired ids it answers for."""
    data = redirects_file(env.srcdir, env.config.edition_redirects_file)
    if not data.targets:
        return
    holders: dict[str, nodes.Element] = {}
    for node in doctree.findall(nodes.Element):
        for ident in node["ids"]:
            holders.setdefault(ident, node)
    applied = env.get_domain("edition").data["redirects"]
    for old, (new, where) in data.targets.items():
        node = holders.get(new)
        if node is None:
            continue
        applied[old] = docname  # resolved here, one way or the other
        if old in holders:
            report(
                Problem(
                    "redirect",
                    f"the anchor {old!r} still exists in {docname}, so it needs no redirect. Mend: remove the line {old}: {new}.",
                    where,
                ),
                env=env,
            )
            continue
        node["ids"].append(old)


def check(app: Sphinx, env: BuildEnvironment) -> None:
    """Once every chapter is read: the file itself, and redirects whose target no chapter has."""
    if not app.config.edition_enabled:
        return
    data = redirects_file(env.srcdir, app.config.edition_redirects_file)
    for problem in data.problems:
        report(problem)
    applied = env.get_domain("edition").data["redirects"]
    for old, (new, where) in data.targets.items():
        if old not in applied:
            report(
                Problem(
                    "redirect",
                    f"the retired anchor {old!r} is sent to {new!r}, which no chapter has. "
                    "Mend: name a paragraph anchor or annotation id on the page where the retired anchor was.",
                    where,
                )
            )
