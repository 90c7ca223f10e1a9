"""The stages in order: load -> validate -> model -> render -> format (-> write, by the caller)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from generator.format import format_files
from generator.load import load
from generator.model import build
from generator.problems import SpecError
from generator.render import render
from generator.validate import validate

SPEC_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass(frozen=True)
class GeneratedPackage:
    name: str
    files: dict[str, str]
    operations: int
    events: int
    seconds: float

    def summary(self) -> str:
        return (
            f"{self.name}: {len(self.files)} files, {self.operations} operations, "
            f"{self.events} events ({self.seconds:.2f} s)"
        )


def spec_files_in(spec_dir: Path) -> list[Path]:
    return sorted(p for p in spec_dir.rglob("*") if p.suffix in SPEC_SUFFIXES and p.is_file())


def generate_package(spec_dir: Path, name: str | None = None) -> GeneratedPackage:
    """One package from the documents in `spec_dir`; SpecError if they are not usable."""
    started = time.perf_counter()
    specs = load(spec_files_in(spec_dir))
    problems = validate(specs)
    if problems:
        raise SpecError(problems)
    api = build(specs, name or spec_dir.resolve().name)
    files = format_files(render(api))
    events = len(api.events.events) if api.events else 0
    return GeneratedPackage(
        api.package, files, len(api.operations), events, time.perf_counter() - started
    )
