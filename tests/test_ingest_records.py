"""Record ingest (ingest/records.py): keys before analysis, deterministic fetched_at, bad records as problems."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest

from batch_samples import RUN_STARTED, article
from unspin.errors import InputError
from unspin.ingest.records import Problem, Record, count_records, expand, iter_records


def test_inputs_jsonl_keys_are_text_hashes_and_bad_lines_are_problems(make_jsonl) -> None:
    text = article(1)
    path = make_jsonl([{"text": text, "id": 7, "published": "2024-03-05", "source": "ledger", "url": "https://x.org/a"},
                       "{not json", [1, 2], {"id": "no-text"}, {"html": "<html><p>Hi</p></html>"}])
    got = list(iter_records([path], run_started=RUN_STARTED))
    first = got[0]
    assert isinstance(first, Record)
    assert first.key == hashlib.sha256(text.encode()).hexdigest()
    assert (first.external_id, first.source, first.published, first.url) == ("7", "ledger", "2024-03-05",
                                                                              "https://x.org/a")
    assert first.fetched_at == "2024-03-05T00:00:00+00:00"
    assert [type(r).__name__ for r in got] == ["Record", "Problem", "Problem", "Problem", "Record"]
    assert [p.label.rsplit("#", 1)[1] for p in got if isinstance(p, Problem)] == ["L2", "L3", "L4"]
    assert isinstance(got[4], Record) and got[4].fetched_at == RUN_STARTED and got[4].media_type == "text/html"
    assert count_records([path]) == 5


def test_inputs_files_use_their_bytes_hash_and_mtime(make_folder) -> None:
    folder = make_folder(3)
    records = list(iter_records(expand([str(folder)]), run_started=RUN_STARTED))
    assert [Path(r.label).name for r in records] == ["a000.md", "a001.md", "a002.md"]
    assert all(isinstance(r, Record) and r.key == hashlib.sha256(Path(r.label).read_bytes()).hexdigest()
               for r in records)
    assert all(isinstance(r, Record) and r.fetched_at != RUN_STARTED for r in records)


def test_inputs_warc_keeps_html_responses_and_reports_others(tmp_path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "crawl.warc.gz"
    html = (b"<html><head><title>Talks</title></head><body><article><p>" + article(1).encode()
            + b"</p></article></body></html>")
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for uri, mime, body in (("https://x.org/a", "text/html; charset=utf-8", html),
                                ("https://x.org/logo.png", "image/png", b"\x89PNG....")):
            headers = StatusAndHeaders("200 OK", [("Content-Type", mime)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body), length=len(body),
                                                          http_headers=headers))
    got = list(iter_records([path], run_started=RUN_STARTED))
    assert isinstance(got[0], Record) and got[0].url == "https://x.org/a"
    assert got[0].key == hashlib.sha256(html).hexdigest() and got[0].fetched_at != RUN_STARTED
    assert isinstance(got[1], Problem) and "image/png, not HTML" in got[1].message
    assert count_records([path]) is None


@pytest.mark.parametrize("pattern", ["missing/", "nothing-*.md"])
def test_inputs_missing_paths_are_input_errors(tmp_path: Path, pattern: str) -> None:
    with pytest.raises(InputError):
        expand([str(tmp_path / pattern)])


def test_inputs_glob_expands_sorted(make_folder) -> None:
    folder = make_folder(3)
    assert [p.name for p in expand([str(folder / "a00[12].md")])] == ["a001.md", "a002.md"]


def test_inputs_jsonl_fetched_at_field_is_the_fetch_time(make_jsonl) -> None:
    path = make_jsonl([{"text": article(1), "id": 1, "published": "2024-03-05", "fetched_at": "2024-03-07T10:00:00Z"}])
    got = next(iter(iter_records([path], run_started=RUN_STARTED)))
    assert isinstance(got, Record)
    assert got.published == "2024-03-05" and got.fetched_at.startswith("2024-03-07T10:00:00")
