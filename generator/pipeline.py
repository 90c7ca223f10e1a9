"""The stages in order: load -> validate -> model -> render -> format (-> write, by the caller).

Entry points: `generate_package(spec_dir)` for one package, `generate_packages(spec_dirs)`
for several at once.

Not every stage runs in this process (see `generator.parallel`): a worker validates
the documents while this process already builds the model and renders them, the same
worker then renders the models file (datamodel-code-generator, slow to import), and
every rendered Python file (but runtime files kept verbatim) is black-formatted by whichever worker is free, the
biggest first, identical files once. Nothing is returned before validation has
passed, and errors are raised as a serial run raises them: validation problems
first (SpecError), then the model's (SpecError), then a file black cannot parse
(FormatError). The output does not depend on how many processes made it (`jobs`:
default $BOTSPEC_JOBS, else the CPU count; 1 runs every stage here, in order).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator.load import SpecSet, load
from generator.parallel import Workers, default_jobs
from generator.problems import Problem, SpecError
from generator.validate import validate

if TYPE_CHECKING:
    from generator.model import Api

SPEC_SUFFIXES = (".yaml", ".yml", ".json")
_FIRST = 1 << 62  # the scheduling cost that puts a task before every file to format
# Validation and datamodel-code-generator import much (pydantic among it) on first use: all
# their tasks share one worker, which pays that once.
_SPEC_TOOLS = "validate and models"


@dataclass(frozen=True)
class GeneratedPackage:
    name: str
    files: dict[str, str]
    operations: int
    events: int
    seconds: float  # CPU time of its stages, wherever they ran (packages overlap: not wall)

    def summary(self) -> str:
        return (
            f"{self.name}: {len(self.files)} files, {self.operations} operations, "
            f"{self.events} events ({self.seconds:.2f} s CPU)"
        )


def spec_files_in(spec_dir: Path) -> list[Path]:
    return sorted(p for p in spec_dir.rglob("*") if p.suffix in SPEC_SUFFIXES and p.is_file())


def generate_package(
    spec_dir: Path, name: str | None = None, *, jobs: int | None = None
) -> GeneratedPackage:
    """One package from the documents in `spec_dir`; SpecError if they are not usable."""
    return _generate([(spec_dir, name)], jobs)[0]


def generate_packages(
    spec_dirs: Sequence[Path], *, jobs: int | None = None
) -> list[GeneratedPackage]:
    """One package per folder, in order; SpecError carrying every folder's problems."""
    return _generate([(spec_dir, None) for spec_dir in spec_dirs], jobs)


@dataclass
class _Package:
    spec_dir: Path
    name: str | None
    specs: SpecSet
    files: dict[str, str] | None = None
    operations: int = 0
    events: int = 0
    package: str = ""  # the Python package's name, from the model
    error: Exception | None = None  # from the model or render stage
    seconds: float = 0.0  # CPU time of its work in this process (load, model, render)
    tasks: list[Hashable] = field(default_factory=list)  # of its work in the workers


def _generate(
    targets: Sequence[tuple[Path, str | None]], jobs: int | None
) -> list[GeneratedPackage]:
    # The model, render and format stages (jinja2, datamodel-code-generator, black) are
    # imported by a generation only (`spec_files_in` serves `botspec mock`...); black before
    # any worker is forked, so that the workers which format inherit it.
    from generator.format import format_source
    from generator.render import MODELS_FILE, models_source
    from generator.render import VERBATIM_FILES as verbatim

    with Workers(default_jobs() if jobs is None else jobs) as workers:
        packages = [_load(spec_dir, name) for spec_dir, name in targets]
        for index, package in enumerate(packages):
            # Validation goes first: it decides whether anything else is wanted.
            package.tasks.append(("validate", index))
            workers.submit(
                ("validate", index),
                validate,
                package.specs,
                cost=_FIRST - index,
                affinity=_SPEC_TOOLS,
            )
        workers.poll()
        for index, package in enumerate(packages):
            if package.specs.problems or (
                workers.done(("validate", index)) and workers.result(("validate", index))
            ):
                continue  # known to fail: building would only waste time
            api = _build_and_render(package)
            if api is not None:
                # datamodel-code-generator's first call imports for a quarter second: it
                # runs in a worker while this process renders and the other worker formats.
                package.tasks.append(("models", index))
                workers.submit(
                    ("models", index), models_source, api, cost=_FIRST - index, affinity=_SPEC_TOOLS
                )
            _submit_formatting(workers, format_source, package, package.files or {}, verbatim)
        for index, package in enumerate(packages):
            if ("models", index) in workers:
                models = _add_models(package, workers, ("models", index), MODELS_FILE)
                _submit_formatting(workers, format_source, package, models, verbatim)
        problems: list[Problem] = []
        for index, package in enumerate(packages):
            found = workers.result(("validate", index))
            if not found and isinstance(package.error, SpecError):
                found = list(package.error.problems)
            problems += found
        if problems:
            raise SpecError(problems)
        for package in packages:
            if package.error is not None:
                raise package.error
        out = []
        for package in packages:
            assert package.files is not None
            files = {
                file_name: (
                    workers.result(("format", text)) if _to_format(file_name, verbatim) else text
                )
                for file_name, text in package.files.items()
            }
            seconds = package.seconds + sum(workers.seconds(key) for key in package.tasks)
            out.append(
                GeneratedPackage(
                    package.package, files, package.operations, package.events, seconds
                )
            )
        return out


def _load(spec_dir: Path, name: str | None) -> _Package:
    started = time.process_time()
    specs = load(spec_files_in(spec_dir))
    return _Package(spec_dir, name, specs, seconds=time.process_time() - started)


def _build_and_render(package: _Package) -> Api | None:
    """Model and render stages, the models file left to the caller (`models_source`); an
    error is kept until validation is known to have passed."""
    from generator.model import build
    from generator.render import render_templates

    started = time.process_time()
    try:
        api = build(package.specs, package.name or package.spec_dir.resolve().name)
        package.files = render_templates(api)
    except Exception as exc:  # the documents may be invalid: validation's problems come first
        package.error = exc
        return None
    finally:
        package.seconds += time.process_time() - started
    package.package = api.package
    package.operations = len(api.operations)
    package.events = len(api.events.events) if api.events else 0
    return api


def _add_models(package: _Package, workers: Workers, key: Hashable, name: str) -> dict[str, str]:
    """The models file added to the package's files (and returned); an error is kept, as the
    render stage's own are."""
    try:
        text: str = workers.result(key)
    except Exception as exc:
        package.error = exc
        return {}
    assert package.files is not None
    package.files = dict(sorted({**package.files, name: text}.items()))
    return {name: text}


def _to_format(file_name: str, verbatim: frozenset[str]) -> bool:
    """Whether black formats the file: Python, and not shipped as kept (already formatted)."""
    return file_name.endswith(".py") and file_name not in verbatim


def _submit_formatting(
    workers: Workers,
    format_source: Callable[[str, str], str],
    package: _Package,
    files: dict[str, str],
    verbatim: frozenset[str],
) -> None:
    """Format tasks for `files`; a file identical to one already submitted shares its task
    (and counts in the time of the package that submitted it first)."""
    for file_name, text in files.items():
        if _to_format(file_name, verbatim) and ("format", text) not in workers:
            package.tasks.append(("format", text))
            workers.submit(("format", text), format_source, file_name, text, cost=len(text))
    workers.poll()
