"""What earlier runs computed, kept between runs: `RunCache`.

The slow steps of a generation are pure functions of text: black's layout of a piece of a
module, datamodel-code-generator's models for a chunk of classes. Their results are kept in
one file per package, the way black keeps its own cache, so that regenerating after a
small change to a spec redoes only what the change touched. An entry is found by a hash of everything
its result depends on (the step, its tool's version and settings, the input), so a stale
entry is never used: it is only never asked for.

The file holds the entries the last run used, no more: it does not grow with every edit.
A missing, unreadable or damaged file is an empty cache, and an entry whose text no longer
matches the digest kept beside it is not used; a file that cannot be written is left as it
was. Either way the output is the same, only slower to make.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from pathlib import Path

ENV_VAR = "BOTSPEC_CACHE_DIR"


def default_folder() -> Path | None:
    """$BOTSPEC_CACHE_DIR, else botspec/ in $XDG_CACHE_HOME (default ~/.cache); None where
    there is no home folder to put it in."""
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR])
    if os.environ.get("XDG_CACHE_HOME"):
        return Path(os.environ["XDG_CACHE_HOME"]) / "botspec"
    try:
        return Path.home() / ".cache" / "botspec"
    except RuntimeError:  # no HOME, no password entry: run without a cache
        return None


def cache_key(*parts: str) -> str:
    """A key for the result of a step: the step, what it depends on, and its input."""
    digest = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass")  # spec text may hold lone surrogates
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


class RunCache:
    """Results by key (`cache_key`) for one package; `save()` keeps those used this run."""

    def __init__(self, path: Path | None = None, *, writable: bool = True) -> None:
        self.path = path
        self.writable = writable and path is not None
        self._stored = _read(path) if path is not None else {}
        self._used: dict[str, str] = {}

    @classmethod
    def for_package(cls, folder: Path | None, package: str, *, writable: bool = True) -> RunCache:
        """The package's cache in `folder`; None: no cache (nothing read or kept)."""
        if folder is None:
            return cls()
        name = re.sub(r"[^A-Za-z0-9_.-]", "_", package) or "_"
        return cls(folder / f"{name}.json", writable=writable)

    def get(self, key: str) -> str | None:
        found = self._used.get(key)
        if found is None:
            found = self._stored.get(key)
            if found is not None:
                self._used[key] = found
        return found

    def put(self, key: str, result: str) -> None:
        self._used[key] = result

    def save(self) -> None:
        """Keep this run's entries (atomically: a reader sees the old file or the new one)."""
        if not self.writable or self.path is None or self._used == self._stored:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", dir=self.path.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as out:
                    entries = {k: [v, _digest(k, v)] for k, v in self._used.items()}
                    json.dump({"entries": entries}, out, sort_keys=True)
                os.replace(tmp, self.path)
            except BaseException:
                os.unlink(tmp)
                raise
        except (OSError, ValueError):
            return  # a cache that cannot be written only means doing the work next time


def _read(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    entries = data.get("entries") if isinstance(data, dict) else None
    if not isinstance(entries, dict):
        return {}
    return {
        key: entry[0]
        for key, entry in entries.items()
        if isinstance(entry, list)
        and len(entry) == 2
        and isinstance(entry[0], str)
        and entry[1] == _digest(key, entry[0])
    }


def _digest(key: str, result: str) -> str:
    """What an entry's text is checked against when read: a damaged entry is a missing one."""
    return cache_key("entry", key, result)
