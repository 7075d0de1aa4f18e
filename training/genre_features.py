"""Run the genre layer's English training articles through the real pipeline once and cache what it computed.

    PYTHONPATH=src python -m training.genre_features [--data DIR] [--rebuild]

The articles: PolNeAR train and BASIL train (hard news: reporting; ``splits/genre_news.json``) and SemEval-2023 T3
English train articles outside the validation split (``splits/semeval23.json``; reporting or opinion; satire left
out). Never PolNeAR dev or SemEval validation, which stay the reporting parts (``bench/eval_textcat.py genre
--pipeline``). The layers are the default ones up to voice (subjectivity reads the persuasion tagger's token states
when persuasion ran, so persuasion stays in): each analysed document is cached as its JSON (``docs.jsonl``) and its
sentence vectors (float16, ``vectors/NNNNN.npy``), so :mod:`training.genre_decider` can recompute any feature
without running the pipeline again (rerun with --rebuild after a model of these layers changes). Checkpointed per
article: an interrupted run resumes where it stopped.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np

from training import textcat_data as D
from training.paths import REPO

log = logging.getLogger("training.genre_features")
# The default layers up to voice (claims, which genre does not read, left out).
LAYERS = ["structure", "language", "entities", "quotes", "persuasion", "sentence-vectors", "subjectivity", "voice"]
CACHE = REPO / "build" / "genre_features"


def articles() -> list[tuple[str, str, str, str]]:
    """(source, id, text, label) of the English training articles: hard news (reporting) and SemEval en train."""
    split = D.genre_split()
    basil = set(split["basil_train"])
    out = [("polnear", a.id, a.text, "reporting") for a in D.load_polnear("train")]
    out += [("basil", a.id, a.text, "reporting") for a in D.load_basil() if a.id in basil]
    val = D.semeval_split()["en"]
    out += [("semeval", a.id, a.text, a.genre) for a in D.load_articles("en")
            if a.genre in ("reporting", "opinion") and a.id not in val]
    return out


def extract(cache: Path = CACHE, rebuild: bool = False) -> None:
    """Analyse every article not yet in ``cache`` and append it (one JSON line, one vectors file)."""
    from unspin import Analyzer

    path = cache / "docs.jsonl"
    (cache / "vectors").mkdir(parents=True, exist_ok=True)
    if rebuild and path.exists():
        path.unlink()
    done = {json.loads(line)["n"] for line in path.read_text(encoding="utf-8").splitlines()} if path.exists() else set()
    arts = articles()
    an = Analyzer(LAYERS)
    t0 = time.time()
    with path.open("a", encoding="utf-8") as out:
        for n, (source, aid, text, label) in enumerate(arts):
            if n in done:
                continue
            doc = an(text.encode("utf-8"))
            vec = doc.sentence_vectors if doc.sentence_vectors is not None else np.zeros((0, 512), np.float32)
            np.save(cache / "vectors" / f"{n:05d}.npy", vec.astype(np.float16))
            out.write(json.dumps({"n": n, "source": source, "id": aid, "gold": label, "doc": doc.to_dict()}) + "\n")
            out.flush()
            done.add(n)
            if len(done) % 50 == 0:
                log.info("%d/%d articles (%.0f s)", len(done), len(arts), time.time() - t0)
    log.info("done: %d articles in %s", len(done), cache)


def load(cache: Path = CACHE) -> Iterator[tuple[dict[str, Any], Any, np.ndarray]]:
    """Each cached article: its record (n, source, id, gold), its Document (sentence vectors restored), vectors."""
    from unspin.document import Document

    for line in (cache / "docs.jsonl").read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        doc = Document.from_dict(rec.pop("doc"))
        vec = np.load(cache / "vectors" / f"{rec['n']:05d}.npy").astype(np.float32)
        doc.sentence_vectors = vec
        yield rec, doc, vec


def main(argv: list[str] | None = None) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path)
    ap.add_argument("--cache", type=Path, default=CACHE)
    ap.add_argument("--rebuild", action="store_true")
    args = ap.parse_args(argv)
    if args.data:
        os.environ["UNSPIN_DATA"] = str(args.data)
    extract(args.cache, args.rebuild)


if __name__ == "__main__":
    main()
