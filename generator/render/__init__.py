"""Stage 4: render the model into source text. Entry point: `render(api)`.

Returns {relative path: text}; nothing is formatted or written here. The files named in
`VERBATIM_FILES` are shipped as they are kept in templates/, already black-formatted. A
parallel driver may call its halves in different processes: `render_templates`, and the
models file, made in chunks (`models_chunks`, `make_chunks`, `join_models`) that it may
take from the cache (`ModelsChunk.key`) instead of making them again.
"""

from generator.render._models import (
    MODELS_FILE,
    ModelsChunk,
    join_models,
    make_chunks,
    models_chunks,
    models_source,
)
from generator.render._render import VERBATIM_FILES, render, render_templates

__all__ = [
    "MODELS_FILE",
    "VERBATIM_FILES",
    "ModelsChunk",
    "join_models",
    "make_chunks",
    "models_chunks",
    "models_source",
    "render",
    "render_templates",
]
