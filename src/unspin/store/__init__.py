"""The corpus store: analysed Documents in SQLite or PostgreSQL, with search, stats and a documented schema.

Example: ``with Store.open("corpus.db") as store: store.search("pipeline")``
"""

from __future__ import annotations

from unspin.errors import StoreError
from unspin.store.migrations import SCHEMA_VERSION
from unspin.store.models import (
    DocumentSummary,
    EntityFraming,
    Entry,
    Failure,
    Filters,
    FramingGroup,
    GroupStats,
    QuoteHit,
    SaveResult,
    SearchHit,
    Stats,
)
from unspin.store.store import GROUPINGS, NotFound, Store

__all__ = ["Store", "StoreError", "NotFound", "Entry", "Failure", "Filters", "DocumentSummary", "SearchHit",
           "Stats", "GroupStats", "SaveResult", "GROUPINGS", "SCHEMA_VERSION", "QuoteHit",
           "EntityFraming", "FramingGroup"]
