"""Renders an events module into a package folder, standing in for `botspec generate`
until the pipeline renders events itself."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import black
import jinja2
from datamodel_code_generator import DataModelType, InputFileType, PythonVersion, generate

from generator.load import load
from generator.model._events import build_events
from generator.model._schemas import Schemas
from generator.model._types import EventSet
from generator.render._filters import FILTERS

ROOT = Path(__file__).resolve().parents[1]
BLACK = black.Mode(line_length=100, target_versions={black.TargetVersion.PY311})


def build(spec: Path) -> tuple[EventSet, Schemas]:
    specs = load([spec])
    schemas = Schemas(specs)
    return build_events(specs.roots[0], specs, schemas), schemas


def render_events(events: EventSet, package: str, error_base: str) -> str:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(ROOT / "templates"),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(FILTERS)
    api: dict[str, Any] = {"events": events, "package": package, "error_base": error_base}
    return env.get_template("_events.py.jinja").render(api=api)


def models_source(schemas: Schemas) -> str:
    source = generate(
        {"$defs": schemas.definitions()},
        input_file_type=InputFileType.JsonSchema,
        output_model_type=DataModelType.PydanticV2BaseModel,
        target_python_version=PythonVersion.PY_311,
        disable_timestamp=True,
        use_annotated=True,
        field_constraints=True,
        use_schema_description=True,
        use_field_description=True,
        use_standard_collections=True,
        use_union_operator=True,
        allow_population_by_field_name=True,
        aliases=schemas.aliases,
        formatters=[],
        class_name="BotspecRoot",
    )
    assert isinstance(source, str)
    return source


def write_package(spec: Path, folder: Path, package: str, error_base: str) -> EventSet:
    """A package holding `_events.py` (black-formatted), `_models.py` and `_exceptions.py`."""
    events, schemas = build(spec)
    folder.mkdir(parents=True)
    events_source = render_events(events, package, error_base)
    (folder / "_events.py").write_text(black.format_str(events_source, mode=BLACK))
    (folder / "_models.py").write_text(black.format_str(models_source(schemas), mode=BLACK))
    (folder / "_exceptions.py").write_text(f"class {error_base}(Exception):\n    pass\n")
    (folder / "__init__.py").write_text("")
    (folder / "py.typed").write_text("")
    return events
