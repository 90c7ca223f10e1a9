"""Stage 4: render the model into source text. Entry point: `render(api)`.

Returns {relative path: text}; nothing is formatted or written here. The files named in
`VERBATIM_FILES` are shipped as they are kept in templates/, already black-formatted. A parallel driver
may call its two halves, `render_templates` and `models_source`, in different processes,
and take the models from the cache (`models_key`) instead of making them again.
"""

from generator.render._render import (
    MODELS_FILE,
    VERBATIM_FILES,
    models_key,
    models_source,
    render,
    render_templates,
)

__all__ = [
    "MODELS_FILE",
    "VERBATIM_FILES",
    "models_key",
    "models_source",
    "render",
    "render_templates",
]
