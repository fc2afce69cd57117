"""Command-line checks for contributors: the same results the build reports, without writing a book."""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
from pathlib import Path
from typing import Any


def read_book(root: Path) -> tuple[dict[str, dict[str, Any]], str]:
    """Read every chapter with Sphinx's dummy builder; return fidelity results and the warnings."""
    from jupyter_book.config import get_final_config
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    config, _ = get_final_config(
        user_yaml=root / "_config.yml", cli_config={"latex_individualpages": False}, sourcedir=root, use_external_toc=True
    )
    warnings = io.StringIO()
    with tempfile.TemporaryDirectory() as tmp, patch_docutils(None), docutils_namespace():
        app = Sphinx(
            srcdir=str(root),
            confdir=None,
            outdir=f"{tmp}/out",
            doctreedir=f"{tmp}/doctrees",
            buildername="dummy",
            confoverrides=config,
            status=None,
            warning=warnings,
            freshenv=True,
        )
        app.build()
        results = dict(app.env.get_domain("edition").fidelity)  # type: ignore[attr-defined]
    return results, warnings.getvalue()


def fidelity(root: Path) -> int:
    results, warnings = read_book(root)
    failed = False
    for docname, result in sorted(results.items()):
        siglum = result["siglum"].upper()
        if result["ok"]:
            print(
                f"{siglum} ({docname}): the reading text plus {result['entries']} apparatus entries gives the witness "
                f"again, all {result['witness_chars']} characters."
            )
        else:
            failed = True
            print(f"{siglum} ({docname}): FAILED\n{result['report']}")
    if not results:
        print("no chapter with a reading text was found")
        return 1
    edition_warnings = [line for line in warnings.splitlines() if "[edition." in line]
    if edition_warnings:
        print("\n".join(edition_warnings))
    return 1 if failed else 0


def anchors(html: Path, update: Path | None) -> int:
    """List the citable anchors of a built book, or add them to the list that only grows."""
    from .anchors import published, update_list

    found = published(html)
    if update is None:
        print("\n".join(sorted(found)))
        return 0
    new = update_list(update, found)
    print(f"{len(found)} anchors in the build, {len(new)} of them new; {update} updated.")
    return 0


def links(html: Path) -> int:
    """Check that every internal link and fragment of a built book resolves."""
    from .linkcheck import check_site

    broken, checked = check_site(html)
    for item in broken:
        print(item)
    print(f"{checked} internal links checked, {len(broken)} broken.")
    return 1 if broken else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m edition", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    fid = sub.add_parser("fidelity", help="rebuild each witness from reading text plus apparatus, and compare")
    fid.add_argument("--root", type=Path, default=Path.cwd(), help="the project folder (default: here)")
    anchors_cmd = sub.add_parser("anchors", help="list the citable anchors of a built book; --update adds them to the list")
    anchors_cmd.add_argument("html", type=Path, help="the built HTML, e.g. _build/html")
    anchors_cmd.add_argument("--update", type=Path, help="the list that only grows, e.g. tests/data/anchors.txt")
    lnk = sub.add_parser("links", help="check that every internal link and fragment of a built book resolves")
    lnk.add_argument("html", type=Path, help="the built HTML, e.g. _build/html")
    chk = sub.add_parser("check", help="check every annotation file, the registries, the bibliography and fidelity, fast")
    chk.add_argument("--root", type=Path, default=Path.cwd(), help="the project folder (default: here)")
    chk.add_argument("--timings", action="store_true", help="say how long each step took")
    live = sub.add_parser("preview", help="serve the book and rebuild it on every change (sphinx-autobuild)")
    live.add_argument("--root", type=Path, default=Path.cwd(), help="the project folder (default: here)")
    live.add_argument("--host", default="127.0.0.1", help="the address to serve on (default: 127.0.0.1)")
    live.add_argument("--port", type=int, default=8000, help="the port to serve on (default: 8000)")
    args = parser.parse_args(argv)
    if args.command == "fidelity":
        return fidelity(args.root.resolve())
    if args.command == "anchors":
        return anchors(args.html, args.update)
    if args.command == "links":
        return links(args.html)
    if args.command == "check":
        from .check import main as check

        return check(args.root.resolve(), args.timings)
    if args.command == "preview":
        from .preview import main as preview

        return preview(args.root.resolve(), args.host, args.port)
    return 2


if __name__ == "__main__":
    sys.exit(main())
