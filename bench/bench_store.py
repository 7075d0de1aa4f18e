"""Store speed: stats and search over N generated documents (inserted directly, not analysed).

Prints a table of seconds per query; the target is under 1 s each at 100,000 documents.

    python bench/bench_store.py [--documents 100000] [--db /tmp/bench-store.db]
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import COMMENT, NEWS, _fill  # noqa: E402

from unspin.store import Entry, Filters, Store  # noqa: E402

TECHNIQUES = ["Loaded_Language", "Doubt", "Name_Calling-Labeling", "Exaggeration-Minimisation", "Appeal_to_Fear"]
FRAMES = ["Economic", "Security_and_defense", "Political", "Morality", "Health_and_safety"]
SOURCES = [f"source{i}.example" for i in range(40)]
ROLES = {"protagonist": "Guardian", "antagonist": "Foreign Adversary", "innocent": "Victim"}
ENTITIES = [("Pakistan", "GPE", "PK"), ("Russia", "GPE", "RU"), ("Geneva", "GPE", "geneva"),
            ("the World Bank", "ORG", "org:world-bank"), ("Amina Qureshi", "PERSON", "person:amina-qureshi")]


def generated(i: int) -> Entry:
    """A ~150-word document dict with every layer the store counts, offsets consistent with its text."""
    rng = random.Random(i)
    sentences = [_fill(rng.choice(NEWS if k < 5 else COMMENT), rng) for k in range(8)]
    text, spans = "", []
    for k, s in enumerate(sentences):
        if k and k % 2 == 0:
            text += "\n\n"
        elif k:
            text += " "
        spans.append((len(text), len(text) + len(s)))
        text += s
    paragraphs: list[dict[str, Any]] = [{"start": spans[k][0], "end": spans[k + 1][1]} for k in range(0, 8, 2)]
    paragraphs[-1]["persuasion"] = [{"technique": rng.choice(TECHNIQUES), "score": 0.7}]
    entities = []
    cast = random.Random(-1 - i)  # roles draw from their own generator: the rest of the document is as before
    for name, label, ent_id in ENTITIES:
        at = text.find(name)
        if at >= 0:
            entity: dict[str, Any] = {"start": at, "end": at + len(name), "text": name, "label": label, "id": ent_id}
            if cast.random() < 0.6:
                main = cast.choice(["protagonist", "antagonist", "innocent"])
                entity["role"] = {"main": main, "score": 0.7, "fine": [ROLES[main]], "scores": {}, "sentence": None}
            entities.append(entity)
    persuasion = [{"start": spans[6][0], "end": spans[6][0] + 10, "technique": t, "score": 0.8}
                  for t in rng.sample(TECHNIQUES, 2)]
    d: dict[str, Any] = {"schema": "unspin/document@1",
         "source": {"path": f"gen/{i}.txt", "sha256": hashlib.sha256(text.encode()).hexdigest() + f"{i:08d}",
                    "fetched_at": "2024-01-01T00:00:00+00:00", "media_type": "text/plain", "encoding": "utf-8"},
         "text": text, "language": "en", "title": None, "sections": [],
         "paragraphs": paragraphs,
         "sentences": [{"start": s, "end": e, "checkworthiness": 0.9 if k < 3 else 0.1, "claim": k < 3}
                       for k, (s, e) in enumerate(spans)],
         "attribution": {"authors": [], "organizations": [], "links": [], "published": None},
         "entities": entities, "persuasion": persuasion,
         "frames": [{"frame": f, "score": 0.6} for f in rng.sample(FRAMES, 2)],
         "genre": {"label": rng.choice(["news", "opinion"]), "scores": {}}, "layers": ["roles"], "notes": [],
         "roles": [{"id": e["id"], "main": e["role"]["main"], "score": 0.7, "fine": e["role"]["fine"], "mentions": 1}
                   for e in entities if "role" in e]}
    return Entry(d, source=rng.choice(SOURCES), published=f"20{20 + i % 5}-{1 + i % 12:02d}-{1 + i % 28:02d}")


def timed(label: str, fn: object, rows: list[tuple[str, float, str]]) -> None:
    t = time.perf_counter()
    result = fn()  # type: ignore[operator]
    rows.append((label, time.perf_counter() - t, str(len(result) if isinstance(result, list) else result)[:40]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--db", default="/tmp/bench-store.db")
    args = parser.parse_args()
    db = Path(args.db)
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    with Store.open(db) as store:
        t = time.perf_counter()
        for start in range(0, args.documents, 1000):
            store.save([generated(i) for i in range(start, min(start + 1000, args.documents))])
        load = time.perf_counter() - t
        store.db.execute("ANALYZE")
        rows: list[tuple[str, float, str]] = []
        timed("stats()", lambda: len(store.stats().groups[0].rates["technique"]), rows)
        timed("stats(by='month')", lambda: len(store.stats("month").groups), rows)
        timed("stats(by='source')", lambda: len(store.stats("source").groups), rows)
        timed("stats(technique=Doubt)", lambda: store.stats(filters=Filters(technique="Doubt")).groups[0].documents,
              rows)
        timed("search('pipeline')", lambda: store.search("pipeline"), rows)
        timed("search('floods')", lambda: store.search("floods"), rows)
        timed("search('floods', technique, 2023)", lambda: store.search(
            "floods", Filters(technique="Doubt", date_from="2023-01", date_to="2023-12")), rows)
        timed("search('\"central bank\"', entity=PK)", lambda: store.search('"central bank"', Filters(entity="PK")),
              rows)
        timed("count(source, frame)", lambda: store.count(Filters(source="source3.example", frame="Economic")), rows)
        timed("framing('RU', by='source')", lambda: len(store.framing("RU", "source").groups), rows)
        timed("framing('Russia', by='month')", lambda: len(store.framing("Russia", "month").groups), rows)
        timed("count(role=antagonist, entity=RU)", lambda: store.count(Filters(role="antagonist", entity="RU")), rows)
        timed("documents(role=Victim, source)", lambda: store.documents(Filters(role="Victim",
                                                                             source="source3.example")), rows)
        size = db.stat().st_size / 1e6
    print(f"{args.documents} documents inserted in {load:.1f}s ({args.documents / load:.0f}/s); {size:.0f} MB")
    print(f"{'query':42} {'seconds':>8}  result")
    for label, seconds, result in rows:
        print(f"{label:42} {seconds:8.3f}  {result}")


if __name__ == "__main__":
    main()
