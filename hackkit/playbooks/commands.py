"""``hackkit playbook check|export``: the command-line face of the playbook library.

``main(argv)`` takes the words after ``hackkit playbook``; the app's CLI hands them over, and
``python -m hackkit.playbooks`` runs it directly (CI uses that on the shipped manual).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from hackkit.playbooks.export import export_handbook
from hackkit.playbooks.library import SHIPPED_PLAYBOOK_DIR, check_loaded, load_library


def main(argv: Sequence[str], out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run a playbook command; returns the exit status (0 ok, 1 problems found, 2 usage)."""
    out = out or sys.stdout
    err = err or sys.stderr
    parser = _parser()
    try:
        # argparse writes usage and help straight to sys.stdout/stderr; send them where asked.
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            args = parser.parse_args(list(argv))
    except SystemExit as stop:
        return int(stop.code or 0)
    dirs = [Path(d) for d in args.dirs] or default_dirs()
    if args.command == "check":
        return run_check(dirs, out)
    return run_export(dirs, args.output, args.page or None, out, err)


def default_dirs() -> list[Path]:
    """The shipped manual plus the folders in ``HACKKIT_PLAYBOOK_DIRS``."""
    extra = os.environ.get("HACKKIT_PLAYBOOK_DIRS", "")
    return [SHIPPED_PLAYBOOK_DIR, *(Path(p) for p in extra.split(os.pathsep) if p.strip())]


def run_check(dirs: Sequence[Path], out: TextIO) -> int:
    """Print every problem as ``file:line: message``; 1 if there were any."""
    library = load_library(dirs)
    problems = check_loaded(library)
    for problem in problems:
        print(problem, file=out)
    pages = len(library)
    if problems:
        print(f"{len(problems)} problem(s) in {pages} page(s)", file=out)
        return 1
    print(f"ok: {pages} page(s) in {len(dirs)} folder(s)", file=out)
    return 0


def run_export(
    dirs: Sequence[Path], output: str, slugs: Sequence[str] | None, out: TextIO, err: TextIO
) -> int:
    """Write the handbook to ``output`` (``-`` for stdout); problems are shown as warnings."""
    library = load_library(dirs)
    for problem in library.problems:
        print(f"warning: {problem}", file=err)
    try:
        html = export_handbook(library, slugs)
    except KeyError as error:
        print(f"error: {error.args[0]}", file=err)
        return 2
    if output == "-":
        out.write(html)
    else:
        Path(output).write_text(html, encoding="utf-8")
        print(f"wrote {output} ({len(html) // 1024} KiB)", file=err)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hackkit playbook",
        description="Validate playbook folders, or export them as one HTML handbook.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate every page against the schema")
    check.add_argument("dirs", nargs="*", help="playbook folders (default: the shipped manual)")
    export = commands.add_parser("export", help="write one self-contained HTML handbook")
    export.add_argument("dirs", nargs="*", help="playbook folders (default: the shipped manual)")
    export.add_argument("-o", "--output", default="handbook.html", help="file, or - for stdout")
    export.add_argument("--page", action="append", help="only this page (repeatable)")
    return parser
