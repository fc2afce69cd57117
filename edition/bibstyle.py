"""The bibliography's style: pybtex's "plain", except that titles keep their capitals.

Titles in the edition's sources are names of news reports and documents ("Russian forces …
in Kharkiv"); the plain style's sentence case would print "russian" and "kharkiv".
"""

from __future__ import annotations

from typing import Any

from pybtex.plugin import register_plugin
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.template import field, sentence


class EditionStyle(PlainStyle):
    """Plain, sorted by author and year, with titles as their sources spell them."""

    def format_title(self, e: Any, which_field: str, as_sentence: bool = True) -> Any:
        formatted_title = field(which_field)
        return sentence[formatted_title] if as_sentence else formatted_title


def register() -> None:
    register_plugin("pybtex.style.formatting", "edition", EditionStyle)
