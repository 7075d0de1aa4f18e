"""JSON output: ``Document.to_dict()`` serialised, and the JSON Schema that describes it."""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any

from unspin.document import Document

__all__ = ["SCHEMA_PATH", "load_schema", "to_json"]

SCHEMA_PATH = "schema/document-1.schema.json"


def to_json(doc: Document, *, indent: int | None = 2) -> str:
    # ensure_ascii=False keeps offsets readable next to the text; JSON is UTF-8 either way.
    return json.dumps(doc.to_dict(), ensure_ascii=False, indent=indent)


def load_schema() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(files("unspin").joinpath(SCHEMA_PATH).read_text(encoding="utf-8"))
    return data
