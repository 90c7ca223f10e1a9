"""Atomic package replacement and `--check` comparison."""

from __future__ import annotations

import difflib
import os
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

_DIFF_LINES = 40


@dataclass(frozen=True)
class StaleFile:
    """A file whose content on disk is not what generation produces."""

    path: Path
    diff: str  # a short unified diff; empty for files that should not exist


def write(
    packages: Mapping[str, Mapping[str, str]], out_dir: Path, check: bool = False
) -> list[StaleFile]:
    """Write (or, with check, compare) each package as the folder `out_dir/<name>`.

    Every package is staged completely beside its target first; only then are the
    folders swapped in, so a failure leaves the previous packages untouched.
    """
    if check:
        return [
            stale for name, files in packages.items() for stale in _compare(out_dir / name, files)
        ]
    out_dir.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[Path, Path]] = []
    try:
        for name, files in packages.items():
            staged.append((_stage(out_dir, name, files), out_dir / name))
        _swap_all(staged)
    finally:
        for staging, _ in staged:
            shutil.rmtree(staging, ignore_errors=True)
    return []


def _stage(out_dir: Path, name: str, files: Mapping[str, str]) -> Path:
    staging = Path(tempfile.mkdtemp(prefix=f".{name}.", dir=out_dir))
    try:
        for relative, text in files.items():
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging


def _swap_all(staged: list[tuple[Path, Path]]) -> None:
    """Swap every staged folder in; if one swap fails, undo the ones before it.

    The previous folders are kept aside until every swap succeeded.
    """
    done: list[tuple[Path, Path | None]] = []  # (target, its previous folder set aside)
    try:
        for staging, target in staged:
            done.append((target, _swap(staging, target)))
    except BaseException:
        for target, previous in reversed(done):
            shutil.rmtree(target, ignore_errors=True)
            if previous is not None:
                os.replace(previous, target)
        raise
    for _, previous in done:
        if previous is not None:
            shutil.rmtree(previous, ignore_errors=True)


def _swap(staging: Path, target: Path) -> Path | None:
    """Put `staging` in place of `target` by renames; returns where the old folder went."""
    old = target.with_name(f".{target.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    previous = None
    if target.exists():
        os.replace(target, old)
        previous = old
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
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current != text:
            stale.append(StaleFile(path, _diff(path, current, text)))
    if target.is_dir():
        expected = {target / r for r in files}
        for path in sorted(
            p for p in target.rglob("*") if p.is_file() and "__pycache__" not in p.parts
        ):
            if path not in expected:
                stale.append(StaleFile(path, f"{path}: not produced by generation (remove it)"))
    return stale


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
