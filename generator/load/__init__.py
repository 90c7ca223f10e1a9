"""Stage 1: load spec documents from YAML or JSON, remembering where every value came from.

Entry point: `load(paths)`. Files named by a `$ref` are loaded too, so later
stages can follow references across files without touching the disk.
"""

from generator.load._documents import (
    ASYNCAPI_VERSIONS,
    HTTP_METHODS,
    IGNORED_HEADERS,
    OPENAPI_VERSIONS,
    Document,
    RefCycle,
    SpecSet,
    answer_media,
    is_json_media,
    iter_mappings,
    iter_operations,
    mapping_ref,
    operation_parameters,
    parse_fragment,
    success_status,
    unescape_token,
    unresolved_mapping,
)
from generator.load._loader import load

__all__ = [
    "ASYNCAPI_VERSIONS",
    "HTTP_METHODS",
    "IGNORED_HEADERS",
    "OPENAPI_VERSIONS",
    "Document",
    "RefCycle",
    "SpecSet",
    "answer_media",
    "is_json_media",
    "iter_mappings",
    "iter_operations",
    "load",
    "mapping_ref",
    "operation_parameters",
    "parse_fragment",
    "success_status",
    "unescape_token",
    "unresolved_mapping",
]
