"""Stage 1: load spec documents from YAML or JSON, remembering where every value came from.

Entry point: `load(paths)`. Files named by a `$ref` are loaded too, so later
stages can follow references across files without touching the disk.
"""

from generator.load._documents import (
    ASYNCAPI_VERSIONS,
    HTTP_METHODS,
    OPENAPI_VERSIONS,
    Constant,
    Document,
    ObjectFields,
    RefCycle,
    SpecSet,
    answer_media,
    body_pointer,
    followed,
    is_binary,
    is_json_media,
    iter_mappings,
    iter_operations,
    mapping_ref,
    object_fields,
    operation_parameters,
    parse_fragment,
    request_media,
    sole_value,
    success_status,
    type_kinds,
    unescape_token,
    unresolved_mapping,
)
from generator.load._loader import load

__all__ = [
    "ASYNCAPI_VERSIONS",
    "HTTP_METHODS",
    "OPENAPI_VERSIONS",
    "Constant",
    "Document",
    "ObjectFields",
    "RefCycle",
    "SpecSet",
    "answer_media",
    "body_pointer",
    "followed",
    "is_binary",
    "is_json_media",
    "iter_mappings",
    "iter_operations",
    "load",
    "mapping_ref",
    "object_fields",
    "operation_parameters",
    "parse_fragment",
    "request_media",
    "sole_value",
    "success_status",
    "type_kinds",
    "unescape_token",
    "unresolved_mapping",
]
