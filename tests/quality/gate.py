"""The quality gate: score the pipeline on corpus.json and compare with the floors in baseline.json.

Metrics (each in [0, 1], averaged over articles):
  language         exact match
  title            exact match of the title text (None when the article has none)
  sections         share of expected (label, kind) pairs found, in order-insensitive match, penalised
                   by extra sections: |expected ∩ found| / max(|expected|, |found|)
  attribution      F1 of authors + organisations against the expected lists (1.0 when both are empty)
  entity_ids       recall of the expected canonical entity ids

A floor can only be lowered with ``--update-baseline --allow-lower``; a corpus edit changes its hash
and needs ``--update-baseline``. Run: ``python tests/quality/gate.py [--update-baseline [--allow-lower]]``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus.json"
BASELINE = HERE / "baseline.json"
EPSILON = 0.01  # noise allowance: model scores move a little between library versions


def corpus_hash() -> str:
    return hashlib.sha256(CORPUS.read_bytes()).hexdigest()


def _f1(expected: list[str], found: list[str]) -> float:
    e, f = {x.lower() for x in expected}, {x.lower() for x in found}
    if not e and not f:
        return 1.0
    tp = len(e & f)
    return 0.0 if tp == 0 else 2 * tp / (len(e) + len(f))


def score(analyzer: Any = None) -> dict[str, float]:
    from unspin import Analyzer, Document

    analyzer = analyzer or Analyzer()
    articles = json.loads(CORPUS.read_text(encoding="utf-8"))["articles"]
    totals: dict[str, float] = {"language": 0, "title": 0, "sections": 0, "attribution": 0, "entity_ids": 0}
    for art in articles:
        doc = analyzer(Document.from_text(art["text"], path=art["id"]))
        exp = art["expect"]
        totals["language"] += doc.language == exp["language"]
        totals["title"] += (doc.title.text if doc.title else None) == exp["title"]
        found = [(s.label, s.kind) for s in doc.sections]
        expected = [tuple(x) for x in exp["sections"]]
        common = sum(min(found.count(x), expected.count(x)) for x in set(expected))
        totals["sections"] += common / max(len(expected), len(found), 1)
        totals["attribution"] += _f1(exp["authors"] + exp["organizations"],
                                     doc.attribution.authors + doc.attribution.organizations)
        ids = {e.id for e in doc.entities}
        totals["entity_ids"] += (sum(i in ids for i in exp["entity_ids"]) / len(exp["entity_ids"])
                                 if exp["entity_ids"] else 1.0)
    return {k: round(v / len(articles), 4) for k, v in totals.items()}


def check(scores: dict[str, float], baseline: dict[str, Any]) -> list[str]:
    """Failures, as messages; empty when the gate passes."""
    problems = []
    if baseline.get("corpus_sha256") != corpus_hash():
        problems.append("corpus.json changed since the baseline was set: rerun with --update-baseline")
    for metric, floor in baseline["floors"].items():
        if scores.get(metric, 0.0) < floor - baseline.get("epsilon", EPSILON):
            problems.append(f"{metric} fell to {scores.get(metric, 0.0):.3f}, below its floor {floor:.3f}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description="unspin quality gate")
    parser.add_argument("--update-baseline", action="store_true", help="pin the current scores as floors")
    parser.add_argument("--allow-lower", action="store_true", help="permit a floor to go down")
    args = parser.parse_args()
    scores = score()
    for metric, value in scores.items():
        print(f"{metric:<12} {value:.3f}")
    if args.update_baseline:
        old = json.loads(BASELINE.read_text()) if BASELINE.exists() else {"floors": {}}
        lowered = [m for m, v in scores.items() if v < old["floors"].get(m, 0.0)]
        if lowered and not args.allow_lower:
            print(f"refusing to lower floors for {lowered}; pass --allow-lower if that is intended")
            return 2
        BASELINE.write_text(json.dumps({"corpus_sha256": corpus_hash(), "epsilon": EPSILON, "floors": scores},
                                       indent=2) + "\n")
        print(f"baseline written to {BASELINE}")
        return 0
    problems = check(scores, json.loads(BASELINE.read_text()))
    for p in problems:
        print("FAIL:", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent.parent / "src"))
    sys.exit(main())
