"""`botspec` command line: validate specs, generate packages, serve mocks.

Exit codes: 0 success, 1 the specs (or generated files) have problems, 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from generator.load import load
from generator.validate import validate
from generator.validate._structure import SchemaNotInstalled

SPEC_SUFFIXES = (".yaml", ".yml", ".json")
DEFAULT_SPEC_DIR = Path("specs")


class UsageError(Exception):
    """The command line asks for something that cannot be done (exit 2)."""


def spec_files(paths: Sequence[Path]) -> list[Path]:
    """Spec files named directly, or found below the named folders (default: specs/)."""
    files: list[Path] = []
    for path in paths or [DEFAULT_SPEC_DIR]:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.suffix in SPEC_SUFFIXES and p.is_file())
        elif path.is_file():
            files.append(path)
        else:
            raise UsageError(f"no such file or folder: {path}")
    if not files:
        raise UsageError(
            f"no spec files ({', '.join(SPEC_SUFFIXES)}) in {', '.join(map(str, paths))}"
        )
    return files


def cmd_validate(args: argparse.Namespace) -> int:
    specs = load(spec_files(args.paths))
    problems = validate(specs)
    for problem in problems:
        print(problem)
    checked = len(specs.roots) + len({p.file for p in specs.problems})
    if problems:
        files = len({p.file for p in problems})
        print(f"{len(problems)} problem(s) in {files} of {checked} document(s)", file=sys.stderr)
        return 1
    print(f"{checked} document(s) valid", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="botspec",
        description="Turn chat-platform API specs into typed, vendorable Python clients.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = commands.add_parser(
        "validate", help="check spec documents (default: everything under specs/)"
    )
    check.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    check.set_defaults(run=cmd_validate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args))
    except (UsageError, SchemaNotInstalled) as exc:
        print(f"botspec: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
