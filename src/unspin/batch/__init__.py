"""Batch analysis: many articles (folders, globs, JSONL, WARC) into a corpus store, locally or on Ray.

Example: ``run_batch(["news.jsonl"], Store.open("corpus.db"), workers=2)``
"""

from __future__ import annotations

from unspin.batch.engines import AnalyzerSpec, Outcome, analyse_record
from unspin.batch.runner import RunSummary, run_batch
from unspin.ingest.records import Problem, Record, iter_records

__all__ = ["run_batch", "RunSummary", "Record", "Problem", "iter_records", "AnalyzerSpec", "Outcome",
           "analyse_record"]
