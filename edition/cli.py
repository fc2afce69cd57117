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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m edition", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    fid = sub.add_parser("fidelity", help="rebuild each witness from reading text plus apparatus, and compare")
    fid.add_argument("--root", type=Path, default=Path.cwd(), help="the project folder (default: here)")
    args = parser.parse_args(argv)
    if args.command == "fidelity":
        return fidelity(args.root.resolve())
    return 2


if __name__ == "__main__":
    sys.exit(main())
