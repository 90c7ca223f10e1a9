"""`botspec` command line: validate specs, generate packages, serve mocks.

Exit codes: 0 success, 1 the specs (or generated files) have problems, 2 usage error.
"""

from __future__ import annotations

import argparse
import atexit
import gc
import signal
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from generator.problems import Problem
    from generator.write import StaleFile

# Each command imports the stages it runs: `validate` needs neither the model, the templates
# nor black, `mock` is the only one to need starlette and uvicorn. None is imported before
# `main` runs, so that a Ctrl-C while they are imported exits as one later does.

SPEC_SUFFIXES = (".yaml", ".yml", ".json")
DEFAULT_SPEC_DIR = Path("specs")
DEFAULT_OUT_DIR = Path("generated")
MAX_PORT = 65535


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
        raise no_spec_files(paths)
    return files


def no_spec_files(paths: Sequence[Path]) -> UsageError:
    """The error of every command given folders holding no spec file."""
    return UsageError(f"no spec files ({', '.join(SPEC_SUFFIXES)}) in {', '.join(map(str, paths))}")


def cmd_validate(args: argparse.Namespace) -> int:
    from generator.load import load
    from generator.validate import validate

    specs = load(spec_files(args.paths))
    problems = validate(specs)
    problems += model_problems(args.paths, problems)
    for problem in problems:
        print(problem)
    # Shared parts are checked through the documents using them: counted where at fault.
    checked = len(
        {doc.name for doc in specs.roots} | {p.file for p in (*specs.problems, *problems)}
    )
    if problems:
        files = len({p.file for p in problems})
        print(f"{len(problems)} problem(s) in {files} of {checked} document(s)", file=sys.stderr)
        return 1
    print(f"{checked} document(s) valid", file=sys.stderr)
    return 0


def model_problems(paths: Sequence[Path], found: Sequence[Problem] = ()) -> list[Problem]:
    """What the model and render stages refuse (constructs outside the supported subset,
    frames a session lacks, models datamodel-code-generator cannot make) in each package
    folder: `generate` would stop on it. Package folders: by default those `generate` takes
    under specs/; else those among `paths` and their subfolders, but a folder holding more
    than one document of a kind (a collection of cases), and one a file of which (or of the
    parts it uses) has a problem `found` by validation: the model needs valid documents."""
    from generator.cache import default_folder
    from generator.load import load
    from generator.model import build, package_name
    from generator.pipeline import CacheUse, check_models, spec_files_in
    from generator.problems import SpecError

    cache = CacheUse(default_folder(), keep=False)
    invalid = {problem.file for problem in found}
    problems: list[Problem] = []
    for folder, collection_allowed in _package_candidates(paths):
        specs = load(spec_files_in(folder))
        kinds = [doc.kind for doc in specs.roots if doc.kind is not None]  # no shared parts
        collection = len(kinds) != len(set(kinds))
        if not kinds or specs.problems or (collection and collection_allowed):
            continue
        if any(doc.name in invalid for doc in specs.documents.values()):
            continue
        try:
            name = package_name(folder.resolve().name)
        except ValueError:  # `generate` says so; the documents' own problems still count
            name = "api"
        try:
            check_models(build(specs, name), cache)
        except SpecError as exc:
            problems += [p for p in exc.problems if p not in problems]
    return problems


def _package_candidates(paths: Sequence[Path]) -> list[tuple[Path, bool]]:
    """The folders `model_problems` looks at, each with whether it may be a collection of
    cases rather than a package."""
    if not paths:
        return [(folder, False) for folder in _default_packages()[0]]
    folders = [p for p in paths if p.is_dir()]
    subfolders = [sub for f in folders for sub in sorted(f.iterdir()) if sub.is_dir()]
    return [(folder, True) for folder in [*folders, *subfolders]]


def _default_packages() -> tuple[list[Path], list[Path]]:
    """The folders under specs/ holding spec files: those that may hold a document (the
    packages `generate` makes by default), and the others (shared parts)."""
    from generator.pipeline import spec_files_in

    found = sorted(p for p in DEFAULT_SPEC_DIR.iterdir() if p.is_dir() and spec_files_in(p))
    packages = [folder for folder in found if _may_hold_a_document(folder)]
    return packages, [folder for folder in found if folder not in packages]


def package_dirs(paths: Sequence[Path]) -> tuple[list[Path], list[Path]]:
    """The spec folders to generate from: those named, or every folder under specs/ but
    those of shared parts; and those (none when folders are named), which generation checks
    to be shared parts indeed (`unused_parts`: a document whose root key is misspelt, an
    emptied one, is no part)."""
    from generator.pipeline import spec_files_in

    shared: list[Path] = []
    if not paths:
        if not DEFAULT_SPEC_DIR.is_dir():
            raise UsageError(
                f"no {DEFAULT_SPEC_DIR}/ folder here; name the spec folders to generate"
            )
        paths, shared = _default_packages()
    for path in paths:
        if not path.is_dir():
            raise UsageError(f"not a spec folder: {path}")
        if not spec_files_in(path):
            raise no_spec_files([path])
    return list(paths), shared


def _may_hold_a_document(folder: Path) -> bool:
    """False for a folder none of whose files names the root key of a document: a folder of
    parts the packages' documents share (a document's root key is written out in full), or
    a document broken (`unused_parts` tells which)."""
    from generator.pipeline import spec_files_in

    keys = (b"openapi", b"asyncapi")
    return any(key in path.read_bytes() for path in spec_files_in(folder) for key in keys)


def cmd_generate(args: argparse.Namespace) -> int:
    from generator.cache import default_folder
    from generator.parallel import default_jobs
    from generator.pipeline import CacheUse, generate_packages, package_names
    from generator.problems import SpecError
    from generator.write import NO_SPEC, orphans, refusal, write

    started = time.perf_counter()
    try:  # the number of workers, checked before any work
        default_jobs()
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    spec_dirs, shared = package_dirs(args.spec_dirs)
    _check_out_dir(args.out)
    try:  # before anything else: a name that cannot be, or two folders giving one package
        names = package_names([(spec_dir, None) for spec_dir in spec_dirs])
    except ValueError as exc:
        raise UsageError(f"{exc}; nothing was written") from None
    for name in names:  # nor a folder that is not ours to replace
        reason = refusal(args.out / name, spec_dirs)
        if reason is not None:
            raise UsageError(f"--out {args.out}: {reason}; nothing was written")
    # `--check` reads the cache but leaves it as it was: it changes nothing anywhere.
    cache = CacheUse(None if args.no_cache else default_folder(), keep=not args.check)
    try:
        # One call for every folder: one set of workers, one package formatted while the
        # next is validated.
        packages = generate_packages(spec_dirs, parts=shared, cache=cache)
    except SpecError as exc:
        return _stopped_by(exc.problems)
    for folder in shared:
        print(f"{folder}: skipped, no OpenAPI or AsyncAPI document (shared parts)", file=sys.stderr)
    # Run on every spec folder, `generate` owns the output folder: it removes the packages
    # it generated earlier from a spec folder that is gone. (A spec folder that failed
    # stopped the run above, even one taken for shared parts: nothing is removed for it.)
    gone = [] if args.spec_dirs else orphans(args.out, [p.name for p in packages])
    try:
        stale = write({p.name: p.files for p in packages}, args.out, check=args.check, remove=gone)
    except OSError as exc:  # disk full, no permission...: `write` has put everything back
        reason = exc.strerror or str(exc)
        print(
            f"botspec: error: cannot write to {args.out}: {reason}; nothing in {args.out} was"
            " changed",
            file=sys.stderr,
        )
        return 1
    if args.check:
        return _report_check(stale, len(gone), len(packages), args.out)
    for spec_dir, package in zip(spec_dirs, packages, strict=True):
        print(package.summary() + _renamed(spec_dir, package.name))
    for folder in gone:
        print(f"{folder}: removed, {NO_SPEC}")
    elapsed = time.perf_counter() - started
    print(f"{len(packages)} package(s) written to {args.out} in {elapsed:.2f} s", file=sys.stderr)
    return 0


def _stopped_by(problems: Sequence[Problem]) -> int:
    for problem in sorted(set(problems)):
        print(problem)
    print(f"{len(problems)} problem(s); nothing was written", file=sys.stderr)
    return 1


def _check_out_dir(out: Path) -> None:
    """UsageError if `out`, or the nearest of its parents that exists, is not a folder."""
    existing = out
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if existing.exists() and not existing.is_dir():
        raise UsageError(f"--out {out}: not a folder")


def _renamed(spec_dir: Path, package: str) -> str:
    folder = spec_dir.resolve().name
    return "" if folder == package else f"; named after spec folder '{folder}'"


def _report_check(stale: Sequence[StaleFile], gone: int, packages: int, out: Path) -> int:
    for item in stale:
        print(item.diff)
    if not stale:
        print(f"{packages} package(s) up to date in {out}", file=sys.stderr)
        return 0
    found = [f"{len(stale) - gone} generated file(s) are stale"] if len(stale) > gone else []
    if gone:
        found.append(f"{gone} generated package(s) have no spec folder")
    print(f"{'; '.join(found)}; run `botspec generate`", file=sys.stderr)
    return 1


def cmd_mock(args: argparse.Namespace) -> int:
    from generator.mock import serve
    from generator.problems import SpecError

    package_dirs([args.spec_dir])  # a folder holding spec files
    if not 0 <= args.port <= MAX_PORT:
        raise UsageError(
            f"--port {args.port}: not a port number (0 to {MAX_PORT}; 0: any free one)"
        )
    try:
        serve(args.spec_dir, host=args.host, port=args.port)
    except SpecError as exc:
        for problem in exc.problems:
            print(problem)
        return 1
    return 0


class _ShowVersion(argparse.Action):
    """`--version`: looked up only when asked, as reading installed metadata takes time."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, help="print botspec's version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            found = version("botspec")
        except PackageNotFoundError:  # a checkout run without installing it
            found = "(not installed)"
        print(f"botspec {found}")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="botspec",
        description="Turn chat-platform API specs into typed, vendorable Python clients.",
    )
    parser.add_argument("--version", action=_ShowVersion)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = commands.add_parser(
        "validate", help="check spec documents (default: everything under specs/)"
    )
    check.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    check.set_defaults(run=cmd_validate)
    gen = commands.add_parser(
        "generate", help="generate one package per spec folder (default: specs/*)"
    )
    gen.add_argument("spec_dirs", nargs="*", type=Path, metavar="SPEC_DIR")
    gen.add_argument(
        "--out", type=Path, default=DEFAULT_OUT_DIR, help="output folder (default: generated)"
    )
    gen.add_argument(
        "--check", action="store_true", help="compare with what is on disk; write nothing"
    )
    gen.add_argument(
        "--no-cache",
        action="store_true",
        help="neither read nor keep what earlier runs computed"
        " (kept in $BOTSPEC_CACHE_DIR, default ~/.cache/botspec)",
    )
    gen.set_defaults(run=cmd_generate)
    mock = commands.add_parser("mock", help="serve a spec-driven mock of an API on 127.0.0.1")
    mock.add_argument("spec_dir", type=Path, metavar="SPEC_DIR")
    mock.add_argument("--host", default="127.0.0.1")
    mock.add_argument("--port", type=int, default=8080)
    mock.set_defaults(run=cmd_mock)
    return parser


class Terminated(BaseException):
    """SIGTERM, raised where the run is as Ctrl-C raises KeyboardInterrupt, so that what
    it half did is undone on the way out (`write` removes its staging folders)."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


def main(argv: Sequence[str] | None = None) -> int:
    on_sigterm = _handle(signal.SIGTERM, _terminate)
    try:
        return _run(argv)
    except KeyboardInterrupt:
        return 130
    except Terminated:
        return 128 + signal.SIGTERM
    finally:
        _handle(signal.SIGTERM, on_sigterm)


def _run(argv: Sequence[str] | None) -> int:
    """The command `argv` asks for, run; its exit code."""
    from generator.validate import SchemaNotInstalled

    # At exit, Python's last collections walk everything a run built (a tenth of a cold
    # `generate`): freezing it first leaves that memory to the OS, as it would be anyway.
    atexit.unregister(gc.freeze)
    atexit.register(gc.freeze)
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args))
    except (UsageError, SchemaNotInstalled) as exc:
        print(f"botspec: error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:
        if not _is_format_error(exc):
            raise
        print(f"botspec: internal error, please report it: {exc}", file=sys.stderr)
        return 1


def _handle(signum: int, handler: Any) -> Any:
    """Set the signal's handler, where Python can (in the main thread); the one it had."""
    if threading.current_thread() is not threading.main_thread():
        return None
    return signal.signal(signum, signal.SIG_DFL if handler is None else handler)


def _is_format_error(exc: Exception) -> bool:
    """Whether `exc` is a `generator.format.FormatError` (there is none unless that module,
    which imports black, has been imported: `generate` imports it, `validate` does not)."""
    stage = sys.modules.get("generator.format")
    return stage is not None and isinstance(exc, stage.FormatError)
