"""Renderers of a Document: JSON (the versioned contract), a standalone HTML report, a terminal summary."""

from unspin.report.html import render_html
from unspin.report.json import SCHEMA_PATH, load_schema, to_json
from unspin.report.text import render_text

__all__ = ["SCHEMA_PATH", "load_schema", "render_html", "render_text", "to_json"]
