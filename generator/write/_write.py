"""Atomic package replacement and `--check` comparison."""

from __future__ import annotations

import contextlib
import difflib
import os
import re
import secrets
import shutil
import string
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from generator.render import HEADER, MODELS_FILE

_DIFF_LINES = 40
MARKED_FILE = MODELS_FILE  # starts with HEADER: what marks a folder as ours
NO_SPEC = "a generated package with no spec folder"
LEFTOVER = "left by a botspec run killed while writing"
_TAG_CHARACTERS = string.ascii_lowercase + string.digits + "_"
_STAGED = re.compile(r"\.(?P<name>\w+)\.[a-z0-9_]{8}")  # as `_stage` names its folders


@dataclass(frozen=True)
class StaleFile:
    """A file whose content on disk is not what generation produces."""

    path: Path
    diff: str  # a short unified diff; empty for files that should not exist


def is_generated_package(folder: Path) -> bool:
    """Whether `folder` is a package botspec generated (its models file starts with HEADER)."""
    try:
        with open(folder / MARKED_FILE, encoding="utf-8") as handle:
            return handle.readline().rstrip("\n") == HEADER
    except (OSError, UnicodeDecodeError):
        return False


def refusal(target: Path, sources: Iterable[Path] = ()) -> str | None:
    """Why a package must not replace `target` (None: it may): it is, or holds, one of
    `sources` (the spec folders read), or it is not a generated package (a file, a symlink
    are not: not clearly ours to replace)."""
    for source in sources:
        if source.resolve().is_relative_to(target.resolve()):
            held = "is" if source.resolve() == target.resolve() else "holds"
            return f"{target} {held} spec folder {source}, which generation reads"
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        kind = "a symlink" if target.is_symlink() else "not a folder"
        return f"{target} is {kind}, not a generated package: remove it, or choose another --out"
    if target.is_dir() and not is_generated_package(target):
        return (
            f"{target} is not a package botspec generated (no {MARKED_FILE} starting with"
            " botspec's header line): move it, or choose another --out"
        )
    return None


def orphans(out_dir: Path, names: Iterable[str]) -> list[Path]:
    """The generated packages in `out_dir` not named in `names` (their spec folder is gone)."""
    if not out_dir.is_dir():
        return []
    keep = set(names)
    return sorted(
        p
        for p in out_dir.iterdir()
        if p.name not in keep
        and not p.name.startswith(".")
        and not p.is_symlink()  # not clearly ours to remove
        and is_generated_package(p)
    )


def write(
    packages: Mapping[str, Mapping[str, str]],
    out_dir: Path,
    check: bool = False,
    remove: Sequence[Path] = (),
) -> list[StaleFile]:
    """Write (or, with check, compare) each package as the folder `out_dir/<name>`, and
    remove the folders in `remove` (or, with check, list them as stale), and what runs
    killed while writing those left (`leftovers`).

    Every package is staged completely beside its target first; only then are the
    folders swapped in (and those to remove set aside), so a failure leaves the previous
    packages untouched.
    """
    removed = [folder.name for folder in remove]
    if check:
        with _locked(out_dir, exclusive=False):  # not while another run writes
            return (
                [
                    stale
                    for name, files in packages.items()
                    for stale in _compare(out_dir / name, files)
                ]
                + [
                    StaleFile(path, f"{path}: {LEFTOVER} (generation removes it)")
                    for path in leftovers(out_dir, packages, removed)
                ]
                + [
                    StaleFile(folder, f"{folder}: {NO_SPEC} (generation removes it)")
                    for folder in remove
                ]
            )
    out_dir.mkdir(parents=True, exist_ok=True)
    # One run writes at a time: two runs swapping one folder at once would each move the
    # other's folder aside, and a staging folder found then is a killed run's.
    with _locked(out_dir, exclusive=True):
        for path in leftovers(out_dir, packages, removed):
            _remove(path)
        staged: list[tuple[Path | None, Path]] = [(None, folder) for folder in remove]
        try:
            for name, files in packages.items():
                staged.append((_stage(out_dir, name, files), out_dir / name))
            _swap_all(staged)
        finally:
            for staging, _ in staged:
                if staging is not None:
                    _remove(staging)
    return []


def leftovers(
    out_dir: Path, packages: Mapping[str, Mapping[str, str]], removed: Iterable[str] = ()
) -> list[Path]:
    """What runs killed while writing left in `out_dir` of the packages named (`packages`:
    their files; `removed`: names of packages being removed): a package set aside
    (`.NAME.old`), or a folder staged (`.NAME.` and eight letters, digits or `_`, holding
    nothing but files of the package)."""
    if not out_dir.is_dir():
        return []
    set_aside = {f".{name}.old" for name in [*packages, *removed]}
    found = []
    for path in sorted(out_dir.iterdir()):
        staged = _STAGED.fullmatch(path.name)
        if path.name in set_aside or (
            staged is not None
            and staged["name"] in packages
            and _holds_only(path, packages[staged["name"]])
        ):
            found.append(path)
    return found


def _holds_only(folder: Path, files: Iterable[str]) -> bool:
    if folder.is_symlink() or not folder.is_dir():
        return False
    names = set(files)
    inside = (p for p in folder.rglob("*") if p.is_symlink() or not p.is_dir())
    return all(p.relative_to(folder).as_posix() in names for p in inside)


def _remove(path: Path) -> None:
    """Remove what is at `path` (a folder, a file, a symlink: never what it points to), as
    far as can be: `write` has done its job, or failed for a reason of its own already."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)


@contextmanager
def _locked(out_dir: Path, *, exclusive: bool) -> Iterator[None]:
    """An advisory lock on the output folder itself (no lock file left in it), held while
    its packages are swapped or compared; none where the platform has no flock."""
    try:
        import fcntl
    except ImportError:  # Windows
        yield
        return
    try:
        fd = os.open(out_dir, os.O_RDONLY)
    except OSError:  # no folder yet: nothing to compare
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        yield
    finally:
        os.close(fd)  # releases the lock


def _stage(out_dir: Path, name: str, files: Mapping[str, str]) -> Path:
    staging = _new_folder(out_dir, f".{name}.")
    try:
        for relative, text in files.items():
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
    except BaseException:
        _remove(staging)
        raise
    return staging


def _new_folder(parent: Path, prefix: str) -> Path:
    """A new folder `prefix` and eight random characters (`_STAGED`), made as `mkdir` makes
    folders, its mode from the umask (`tempfile.mkdtemp` makes it 0700: a package staged
    there could not be read by another user)."""
    while True:
        tag = "".join(secrets.choice(_TAG_CHARACTERS) for _ in range(8))
        try:
            (parent / f"{prefix}{tag}").mkdir()
        except FileExistsError:
            continue
        return parent / f"{prefix}{tag}"


def _swap_all(staged: list[tuple[Path | None, Path]]) -> None:
    """Swap every staged folder in (None: just remove the target); if one swap fails, undo
    the ones before it.

    The previous folders are kept aside until every swap succeeded.
    """
    done: list[tuple[Path, Path | None]] = []  # (target, its previous folder set aside)
    try:
        for staging, target in staged:
            done.append((target, _swap(staging, target)))
    except BaseException:
        for target, previous in reversed(done):
            _remove(target)
            if previous is not None:
                os.replace(previous, target)
        raise
    for _, previous in done:
        if previous is not None:
            _remove(previous)


def _swap(staging: Path | None, target: Path) -> Path | None:
    """Put `staging` (None: nothing) in place of `target` by renames; returns where the old
    folder went."""
    old = target.with_name(f".{target.name}.old")
    _remove(old)  # left by a run killed in its swap
    previous = None
    if target.exists() or target.is_symlink():
        os.replace(target, old)
        previous = old
    if staging is None:
        return previous
    try:
        os.replace(staging, target)
    except BaseException:
        if previous is not None:
            os.replace(previous, target)
        raise
    return previous


def _compare(target: Path, files: Mapping[str, str]) -> list[StaleFile]:
    stale = []
    for relative, text in files.items():
        path = target / relative
        current, damage = _read(path)
        if current != text:
            stale.append(StaleFile(path, damage + _diff(path, current, text)))
    if target.is_dir():
        expected = {target / r for r in files}
        for path in sorted(
            p for p in target.rglob("*") if p.is_file() and "__pycache__" not in p.parts
        ):
            if path not in expected:
                stale.append(StaleFile(path, f"{path}: not produced by generation (remove it)"))
    return stale


def _read(path: Path) -> tuple[str | None, str]:
    """The file's text (None: no such file), and what is wrong with its encoding (a first
    line for its diff), its bytes that are not UTF-8 shown as U+FFFD."""
    if not path.is_file():
        return None, ""
    raw = path.read_bytes()
    try:
        return _text(raw.decode("utf-8")), ""
    except UnicodeDecodeError as exc:
        bad = raw[exc.start]
        damage = f"{path}: not UTF-8 text (byte 0x{bad:02x} at offset {exc.start})\n"
        return _text(raw.decode("utf-8", errors="replace")), damage


def _text(decoded: str) -> str:
    """Newlines as `read_text` gives them (universal newlines)."""
    return decoded.replace("\r\n", "\n").replace("\r", "\n")


def _diff(path: Path, current: str | None, expected: str) -> str:
    if current is None:
        return f"{path}: missing"
    lines = list(
        difflib.unified_diff(
            current.splitlines(keepends=True),
            expected.splitlines(keepends=True),
            fromfile=f"{path} (on disk)",
            tofile=f"{path} (generated)",
            n=1,
        )
    )
    shown = "".join(lines[:_DIFF_LINES])
    if len(lines) > _DIFF_LINES:
        shown += f"... ({len(lines) - _DIFF_LINES} more diff lines)\n"
    return shown.rstrip("\n")
