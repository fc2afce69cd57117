"""Roles that Sphinx's HTML writer gives and assistive technology no longer accepts, mended per page.

docutils writes each entry of a bibliography as ``role="doc-biblioentry"`` inside ``role="list"``:
the role is deprecated in DPUB-ARIA 1.1, and a list must hold list items (axe-core rules
aria-deprecated-role and aria-required-children). Each entry becomes a list item.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

MENDED_ROLES = {'role="doc-biblioentry"': 'role="listitem"'}


def mend_roles(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    body = context.get("body")
    if not isinstance(body, str):
        return
    for old, new in MENDED_ROLES.items():
        body = body.replace(old, new)
    context["body"] = body
