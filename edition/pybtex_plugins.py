"""pybtex looks its plugins up in the installed packages' metadata every time it is asked.

sphinxcontrib-bibtex asks for the plain-text backend once per citation it resolves, and each
lookup scans every installed distribution (some 20 ms here): a quarter of the book's build.
Registering the same class at run time turns the lookup into a dictionary access; what is
found, and so what is printed, does not change.
"""

from __future__ import annotations

PER_CITATION = (("pybtex.backends", "plaintext"),)


def register() -> None:
    try:
        from pybtex.plugin import find_plugin, register_plugin
    except ImportError:  # no bibliography support installed: nothing to speed up
        return
    for group, name in PER_CITATION:
        register_plugin(group, name, find_plugin(group, name), force=True)
