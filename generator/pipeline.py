"""The stages in order: load -> validate -> model -> render -> format (-> write, by the caller).

Entry points: `generate_package(spec_dir)` for one package, `generate_packages(spec_dirs)`
for several at once.

Not every stage runs in this process (see `generator.parallel`): a worker validates
the documents while this process already builds the model and renders them, the same
worker then makes the models file's chunks (datamodel-code-generator, slow to import),
and the pieces of every rendered Python file (but runtime files kept verbatim) are
black-formatted in batches by whichever worker is free, the biggest first, identical
pieces once. What an earlier run made (chunks of models, formatted pieces) is taken from
the cache instead (`generator.cache`, `CacheUse`). Nothing is returned before validation has
passed, and errors are raised as a serial run raises them: validation problems
first (SpecError), then the model's (SpecError), then a file black cannot parse
(FormatError). The output does not depend on how many processes made it (`jobs`:
default $BOTSPEC_JOBS, else the CPU count; 1 runs every stage here, in order).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator.cache import RunCache
from generator.load import SpecSet, load
from generator.parallel import Workers, default_jobs
from generator.problems import Problem, SpecError
from generator.validate import validate

if TYPE_CHECKING:
    from generator.format import Layout
    from generator.model import Api
    from generator.render import ModelsChunk, ModelsPlan

SPEC_SUFFIXES = (".yaml", ".yml", ".json")
_FIRST = 1 << 62  # the scheduling cost that puts a task before every file to format
# Validation and datamodel-code-generator import much (pydantic among it) on first use: all
# their tasks share one worker, which pays that once.
_SPEC_TOOLS = "validate and models"
_BATCH_CHARS = 1 << 16  # pieces sent to a worker at once: few round trips, work balanced


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


def package_names(targets: Sequence[tuple[Path, str | None]]) -> list[str]:
    """The package each (folder, name or None) generates: the name, else the folder's, made a
    Python name (`generator.model.package_name`); ValueError if one is unusable or taken twice."""
    from generator.model import package_name

    chosen = [package_name(name or spec_dir.resolve().name) for spec_dir, name in targets]
    first: dict[str, Path] = {}
    for (spec_dir, _), name in zip(targets, chosen, strict=True):
        if name in first:
            raise ValueError(
                f"spec folders {first[name]} and {spec_dir} would both generate package '{name}'"
            )
        first[name] = spec_dir
    return chosen


def spec_files_in(spec_dir: Path) -> list[Path]:
    return sorted(p for p in spec_dir.rglob("*") if p.suffix in SPEC_SUFFIXES and p.is_file())


def unused_parts(part_dirs: Sequence[Path], packages: Sequence[SpecSet]) -> list[Problem]:
    """What keeps the files of `part_dirs` (folders holding no document) from being shared
    parts of the documents of `packages` (as loaded): one that does not parse, or that none of
    those documents refers to ($ref), directly or through other parts. Only the files they
    do not reach are loaded (again). No part is called unused while a file of the packages
    did not load, or a `$ref` names a file that is not there: either may mean it (and is
    reported as it is by validation)."""
    reached = {path for specs in packages for path in specs.documents}
    files = [path.resolve() for folder in part_dirs for path in spec_files_in(folder)]
    parts = load(path for path in files if path not in reached)
    if any(specs.problems or specs.missing for specs in packages):
        return parts.problems
    return parts.problems + [
        parts.documents[path].problem((), _UNUSED)
        for path in files
        if path in parts.documents and path not in reached
    ]


_UNUSED = (
    "neither an OpenAPI or AsyncAPI document (no 'openapi' or 'asyncapi' key) nor shared"
    " parts a document refers to ($ref)"
)


@dataclass(frozen=True)
class CacheUse:
    """Where earlier runs' results are kept (`generator.cache`): None, nowhere; `keep`
    False, read but not updated (as `--check` does)."""

    folder: Path | None = None
    keep: bool = True


def check_models(api: Api, cache: CacheUse = CacheUse()) -> None:
    """What the render stage refuses in the package's models file (a default that builds
    its own model without end, a `const` no type holds...), as SpecError, found as a
    generation finds it (`models_source`). The chunks the cache holds passed in an earlier
    generation; the others are made here, and not kept: the cache holds what the last
    generation used."""
    from generator.render import models_source

    models_source(api, RunCache.for_package(cache.folder, api.package, writable=False))


def generate_package(
    spec_dir: Path,
    name: str | None = None,
    *,
    jobs: int | None = None,
    cache: CacheUse = CacheUse(),
) -> GeneratedPackage:
    """One package from the documents in `spec_dir`; SpecError if they are not usable."""
    return _generate([(spec_dir, name)], jobs, cache)[0]


def generate_packages(
    spec_dirs: Sequence[Path],
    *,
    parts: Sequence[Path] = (),
    jobs: int | None = None,
    cache: CacheUse = CacheUse(),
) -> list[GeneratedPackage]:
    """One package per folder, in order; SpecError carrying every folder's problems, and
    those of `parts`, folders of shared parts the packages' documents must all use
    (`unused_parts`)."""
    return _generate([(spec_dir, None) for spec_dir in spec_dirs], jobs, cache, parts)


@dataclass
class _Package:
    spec_dir: Path
    name: str
    specs: SpecSet
    files: dict[str, str] | None = None
    operations: int = 0
    events: int = 0
    package: str = ""  # the Python package's name, from the model
    error: Exception | None = None  # from the model or render stage
    seconds: float = 0.0  # CPU time of its work in this process (load, model, render)
    tasks: list[Hashable] = field(default_factory=list)  # of its work in the workers
    cache: RunCache = field(default_factory=RunCache)
    models: ModelsPlan | None = None  # of its models file
    layouts: dict[str, Layout] = field(default_factory=dict)  # of the files to format


def _generate(
    targets: Sequence[tuple[Path, str | None]],
    jobs: int | None,
    cache: CacheUse,
    parts: Sequence[Path] = (),
) -> list[GeneratedPackage]:
    # The model, render and format stages (jinja2, datamodel-code-generator, black) are
    # imported by a generation only (`spec_files_in` serves `botspec mock`...); black before
    # any worker is forked, so that the workers which format inherit it.
    from generator.format import format_pieces

    names = package_names(targets)
    with Workers(default_jobs() if jobs is None else jobs) as workers:
        pieces = _Pieces(workers, format_pieces)
        packages = [
            _load(spec_dir, name) for (spec_dir, _), name in zip(targets, names, strict=True)
        ]
        # Reported with the packages' own problems: a package's broken document must be seen.
        unused = unused_parts(parts, [package.specs for package in packages]) if parts else []
        _validate(packages, workers)
        for index, package in enumerate(packages):
            if not unused and not _known_invalid(package, workers, index):
                _build(package, index, workers, pieces, cache)
        for index, package in enumerate(packages):
            if ("models", index) in workers:
                _finish_models(package, index, workers, pieces)
        _raise_errors(packages, unused, workers)
        out = [_finish(package, pieces, workers) for package in packages]
        for package in packages:
            package.cache.save()
        return out


def _validate(packages: Sequence[_Package], workers: Workers) -> None:
    """Validation goes first (task `("validate", index)`): it decides whether anything else
    is wanted."""
    for index, package in enumerate(packages):
        package.tasks.append(("validate", index))
        workers.submit(
            ("validate", index), validate, package.specs, cost=_FIRST - index, affinity=_SPEC_TOOLS
        )
    workers.poll()


def _known_invalid(package: _Package, workers: Workers, index: int) -> bool:
    """Whether the package is known to fail by now: building it would only waste time."""
    key = ("validate", index)
    return bool(package.specs.problems or (workers.done(key) and workers.result(key)))


def _build(
    package: _Package, index: int, workers: Workers, pieces: _Pieces, cache: CacheUse
) -> None:
    """The model and render stages, and the formatting of what is rendered sent to the
    workers; the models file's too if its chunks are all in the cache, else once a worker
    has made the others (`_finish_models`)."""
    from generator.render import ModelsPlan

    api = _build_and_render(package)
    if api is None:
        return
    package.cache = RunCache.for_package(cache.folder, api.package, writable=cache.keep)
    package.models = ModelsPlan.of(api, package.cache)
    missing = package.models.missing()
    if missing:
        # datamodel-code-generator's first call imports for a quarter second: it runs in a
        # worker while this process renders and the other worker formats.
        _make_chunks(package, index, workers, missing)
    pieces.submit(package, package.files or {})
    if not missing:
        _finish_models(package, index, workers, pieces)


def _make_chunks(
    package: _Package, index: int, workers: Workers, missing: Sequence[ModelsChunk]
) -> None:
    from generator.render import make_chunks

    package.tasks.append(("models", index))
    workers.submit(
        ("models", index), make_chunks, missing, cost=_FIRST - index, affinity=_SPEC_TOOLS
    )


def _finish_models(package: _Package, index: int, workers: Workers, pieces: _Pieces) -> None:
    """The models file from its chunks (those the cache held, and what a worker made of
    the others, if any), its formatting sent to the workers; an error kept, as the render
    stage's own are."""
    from generator.render import MODELS_FILE

    assert package.models is not None  # planned
    key = ("models", index)
    try:
        models = package.models.finish(workers.result(key) if key in workers else [])
    except Exception as exc:
        package.error = exc
        return
    package.files = _with_models(package.files, MODELS_FILE, models)
    pieces.submit(package, {MODELS_FILE: models})


def _raise_errors(packages: Sequence[_Package], unused: list[Problem], workers: Workers) -> None:
    """Validation problems first (with the model's, where validation found none), as
    SpecError; then the first error the model or render stage raised."""
    problems = list(unused)
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


def _finish(package: _Package, pieces: _Pieces, workers: Workers) -> GeneratedPackage:
    """The package with its files formatted (the pieces' tasks done by now, or waited for)."""
    from generator.format import finish_files

    assert package.files is not None
    formatted = pieces.formatted(package.layouts.values())
    files = finish_files(package.files, package.layouts, formatted, package.cache)
    seconds = package.seconds + sum(workers.seconds(key) for key in package.tasks)
    return GeneratedPackage(package.package, files, package.operations, package.events, seconds)


class _Pieces:
    """The pieces of the files to format, sent to the workers in batches; a piece found in
    the package's cache, or already sent for another file, is not sent again."""

    def __init__(
        self, workers: Workers, format_pieces: Callable[[Sequence[str]], list[str | None]]
    ) -> None:
        self._workers = workers
        self._format = format_pieces
        self._sent: dict[str, tuple[Hashable, int]] = {}  # piece: its task, its place in it

    def submit(self, package: _Package, files: dict[str, str]) -> None:
        from generator.format import plan_files

        layouts = plan_files(files, package.cache)
        package.layouts.update(layouts)
        batch: dict[str, None] = {}  # in order, each piece once
        size = 0
        for piece in (piece for layout in layouts.values() for piece in layout.missing()):
            if piece not in self._sent and piece not in batch:
                batch[piece] = None
                size += len(piece)
                if size >= _BATCH_CHARS:
                    self._send(package, list(batch), size)
                    batch, size = {}, 0
        if batch:
            self._send(package, list(batch), size)
        self._workers.poll()

    def formatted(self, layouts: Iterable[Layout]) -> dict[str, str | None]:
        """What black made of the pieces `layouts` miss (`format_pieces`)."""
        out = {}
        for piece in (piece for layout in layouts for piece in layout.missing()):
            task, place = self._sent[piece]
            out[piece] = self._workers.result(task)[place]
        return out

    def _send(self, package: _Package, batch: list[str], size: int) -> None:
        task = ("format", len(self._sent))  # numbered by its first piece: unique
        for place, piece in enumerate(batch):
            self._sent[piece] = (task, place)
        package.tasks.append(task)
        self._workers.submit(task, self._format, tuple(batch), cost=size)


def _load(spec_dir: Path, name: str) -> _Package:
    started = time.process_time()
    specs = load(spec_files_in(spec_dir))
    return _Package(spec_dir, name, specs, seconds=time.process_time() - started)


def _build_and_render(package: _Package) -> Api | None:
    """Model and render stages, the models file left to the caller (`ModelsPlan`); an
    error is kept until validation is known to have passed."""
    from generator.model import build
    from generator.render import render_templates

    started = time.process_time()
    try:
        api = build(package.specs, package.name)
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


def _with_models(files: dict[str, str] | None, name: str, text: str) -> dict[str, str]:
    assert files is not None  # rendered
    return dict(sorted({**files, name: text}.items()))
