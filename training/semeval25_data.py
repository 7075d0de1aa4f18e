"""SemEval-2025 Task 10 training data for the roles and narratives layers: documents, aligned mentions, features.

Each training document goes through unspin's own ``structure`` and ``sentence-vectors`` layers (the same
sentences and vectors the pipeline makes at inference); each gold mention gets :func:`unspin.ml.mentions.
mention_features`. PolNeAR training articles (hard news) give the negatives of the ``none`` head: their
PERSON/ORG/GPE/NORP mentions as the ``entities`` layer finds them. Everything is cached under
``build/semeval25/`` (rebuilt when missing).

Folds: five by document within each language, seed 2025, committed in ``training/splits/semeval25.json``
(PolNeAR articles get folds too, so a fold's none-threshold never sees its own test articles).
"""

from __future__ import annotations

import hashlib
import json
import pickle
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from training.paths import REPO, data_root
from unspin.benchmarks import semeval25 as S
from unspin.ml.mentions import E5_LANGS

LANGS = ("EN", "BG", "HI", "PT", "RU")
ROLE_TYPES = ("PERSON", "ORG", "GPE", "NORP")
SPLIT = REPO / "training" / "splits" / "semeval25.json"
CACHE = REPO / "build" / "semeval25"
FOLDS = 5
SEED = 2025
N_POLNEAR = 240


@dataclass
class Doc:
    lang: str
    id: str
    text: str
    sentences: list[tuple[int, int]]
    vectors: np.ndarray
    narratives: tuple[str, ...] = ()
    subnarratives: tuple[str, ...] = ()
    mentions: list[tuple[S.RoleRow, tuple[int, int]]] = field(default_factory=list)


def root() -> Path:
    return data_root() / "semeval2025t10"


def _analyse(text: str, layers: list[str]) -> Any:
    from unspin.analyzer import Analyzer
    from unspin.document import Document

    key = tuple(layers)
    if key not in _ANALYZERS:
        _ANALYZERS[key] = Analyzer(layers)
    return _ANALYZERS[key].run(Document.from_text(text))


_ANALYZERS: dict[tuple[str, ...], Any] = {}


def load_docs(lang: str) -> list[Doc]:
    d = root() / lang
    gold1: dict[str, list[S.RoleRow]] = {}
    for r in S.read_subtask1(d / "subtask-1-annotations.txt"):
        gold1.setdefault(r.doc, []).append(r)
    out = []
    for row in S.read_subtask2(d / "subtask-2-annotations.txt"):
        raw = S.read_document(d / "raw-documents" / row.doc)
        text = S.lf_text(raw)
        doc = _analyse(text, ["structure", "sentence-vectors"])
        mentions = [(r, span) for r in gold1.get(row.doc, []) if (span := S.align(raw, r)) is not None]
        out.append(Doc(lang, row.doc, text, [(s.start, s.end) for s in doc.sentences],
                       doc.sentence_vectors, row.narratives, row.subnarratives, mentions))
    return out


def load_polnear() -> list[tuple[str, str, list[tuple[int, int]], np.ndarray, list[tuple[int, int]]]]:
    """(id, text, sentences, vectors, role-type mention spans) for a seeded sample of PolNeAR train articles."""
    files = sorted((data_root() / "polnear" / "train" / "text").glob("*.txt"))
    random.Random(SEED).shuffle(files)
    out = []
    for p in files[:N_POLNEAR]:
        doc = _analyse(p.read_text(encoding="utf-8"), ["structure", "language", "entities", "sentence-vectors"])
        spans = [(e.start, e.end) for e in doc.entities if e.label in ROLE_TYPES]
        out.append((p.stem, doc.text, [(s.start, s.end) for s in doc.sentences],
                    doc.sentence_vectors, spans))
    return out


def splits(docs: dict[str, list[Doc]], polnear_ids: list[str], *, rebuild: bool = False) -> dict[str, dict[str, int]]:
    """lang -> doc id -> fold (0..4); "POLNEAR" for the negatives. Committed; rebuilt only on request."""
    if SPLIT.exists() and not rebuild:
        return dict(json.loads(SPLIT.read_text(encoding="utf-8"))["folds"])
    out: dict[str, dict[str, int]] = {}
    for lang, items in [*((k, [d.id for d in v]) for k, v in docs.items()), ("POLNEAR", polnear_ids)]:
        ids = sorted(items)
        random.Random(f"{SEED}:{lang}").shuffle(ids)
        out[lang] = {doc_id: i % FOLDS for i, doc_id in enumerate(ids)}
    SPLIT.parent.mkdir(parents=True, exist_ok=True)
    SPLIT.write_text(json.dumps({"about": "SemEval-2025 Task 10 training documents (and the PolNeAR train articles "
                                          "used as negatives) in 5 folds by document, seed 2025 "
                                          "(training/semeval25_data.py)", "folds": out}, indent=1, sort_keys=True)
                     + "\n", encoding="utf-8")
    return out


def _name_vectors(names: list[str]) -> np.ndarray:
    from unspin.ml.encoder import encode

    uniq = sorted(set(names))
    vecs = encode(uniq) if uniq else np.zeros((0, 512), dtype=np.float32)
    index = {n: i for i, n in enumerate(uniq)}
    return vecs[[index[n] for n in names]] if names else np.zeros((0, 512), dtype=np.float32)


@dataclass
class Data:
    docs: dict[str, list[Doc]]
    # mentions: features, language, doc id, fold, main label, fine roles
    x: np.ndarray
    lang: np.ndarray
    doc: np.ndarray
    fold: np.ndarray
    main: list[str]
    fine: list[tuple[str, ...]]
    rows: list[S.RoleRow]
    # PolNeAR negatives
    xn: np.ndarray
    fold_n: np.ndarray
    doc_n: np.ndarray


def load(*, rebuild: bool = False) -> Data:
    # The mention features' lower-case language list, under its own name: it must not shadow this module's LANGS,
    # which the rebuild below iterates.
    from unspin.ml.mentions import LANGS as MENTION_LANGS
    from unspin.ml.mentions import N_BASE, N_FEATURES, language_columns, mention_features

    path = CACHE / "data.pkl"
    if path.exists() and not rebuild:
        with path.open("rb") as f:
            data: Data = pickle.load(f)  # noqa: S301 - our own cache
        if data.x.shape[1] == N_BASE - len(MENTION_LANGS):  # a cache from before the language columns: add them
            data.x = np.hstack([data.x, language_columns(data.lang.tolist())])
            data.xn = np.hstack([data.xn, language_columns(["en"] * len(data.xn))])
        if data.x.shape[1] == N_BASE:  # a cache from before the e5 block: add it
            data.x = np.hstack([data.x, _e5_block(data)])
            data.xn = np.hstack([data.xn, np.zeros((len(data.xn), N_FEATURES - N_BASE), np.float32)])
            with path.open("wb") as f:
                pickle.dump(data, f)
        return data
    docs = {lang: load_docs(lang) for lang in LANGS}
    e5_cache = _e5_cache(docs)
    polnear = load_polnear()
    folds = splits(docs, [p[0] for p in polnear])
    xs, langs, ids, fs, mains, fines, rows = [], [], [], [], [], [], []
    for lang, items in docs.items():
        for d in items:
            if not d.mentions:
                continue
            spans = [span for _, span in d.mentions]
            names = [d.text[a:b] for a, b in spans]
            xs.append(mention_features(d.text, d.sentences, d.vectors, spans, _name_vectors(names), lang,
                                       *_e5_inputs(d, spans, e5_cache)))
            for r, _ in d.mentions:
                langs.append(lang)
                ids.append(d.id)
                fs.append(folds[lang][d.id])
                mains.append(r.main)
                fines.append(r.fine)
                rows.append(r)
    xn, fn, dn = [], [], []
    for pid, text, sents, vecs, spans in polnear:
        if spans:
            xn.append(mention_features(text, sents, vecs, spans, _name_vectors([text[a:b] for a, b in spans]), "en"))
            fn += [folds["POLNEAR"][pid]] * len(spans)
            dn += [pid] * len(spans)
    data = Data(docs, np.concatenate(xs), np.array(langs), np.array(ids), np.array(fs), mains, fines, rows,
                np.concatenate(xn), np.array(fn), np.array(dn))
    CACHE.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        pickle.dump(data, f)
    return data


def _e5_cache(docs: dict[str, list[Doc]]) -> dict[str, Any]:
    """Sentence and name vectors of multilingual-e5-small for the non-English training documents with mentions,
    cached under build/semeval25/e5.pkl ({"encoder", "sent": {(LANG, doc id): (n, 384)}, "names": {name: (384,)}})."""
    from unspin.ml import e5

    path = CACHE / "e5.pkl"
    if path.exists():
        with path.open("rb") as f:
            cache: dict[str, Any] = pickle.load(f)  # noqa: S301 - our own cache
        if cache.get("encoder", e5.ENCODER_NAME) == e5.ENCODER_NAME:
            return cache
    cache = {"encoder": e5.ENCODER_NAME, "sent": {}, "names": {}}
    names: set[str] = set()
    for lang, items in docs.items():
        if lang.lower() not in E5_LANGS:
            continue
        for d in items:
            if d.mentions:
                cache["sent"][(lang, d.id)] = e5.encode([d.text[a:b] for a, b in d.sentences])
                names |= {d.text[a:b] for _, (a, b) in d.mentions}
    uniq = sorted(names)
    cache["names"] = dict(zip(uniq, e5.encode(uniq), strict=True))
    CACHE.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        pickle.dump(cache, f)
    return cache


def _e5_inputs(d: Doc, spans: list[tuple[int, int]],
               cache: dict[str, Any]) -> tuple[np.ndarray | None, np.ndarray | None]:
    """(sentence e5 vectors, mention-name e5 vectors) of a document in an e5 language, else (None, None)."""
    if d.lang.lower() not in E5_LANGS or not d.sentences:
        return None, None
    vecs = cache["sent"].get((d.lang, d.id))
    if vecs is None or len(vecs) != len(d.sentences):
        return None, None
    return vecs, np.stack([cache["names"][d.text[a:b]] for a, b in spans])


def _e5_block(data: Data) -> np.ndarray:
    """The e5 columns of every mention row of ``data`` (zeros for English), in the row order :func:`load` uses."""
    from unspin.ml.mentions import N_BASE, mention_features

    cache = _e5_cache(data.docs)
    blocks = []
    for items in data.docs.values():
        for d in items:
            if not d.mentions:
                continue
            spans = [span for _, span in d.mentions]
            zero_names = np.zeros((len(spans), 512), np.float32)
            blocks.append(mention_features(d.text, d.sentences, d.vectors, spans, zero_names, d.lang.lower(),
                                           *_e5_inputs(d, spans, cache))[:, N_BASE:])
    return np.concatenate(blocks)


def fingerprint(ids: list[str]) -> str:
    return hashlib.sha256("\n".join(sorted(ids)).encode()).hexdigest()[:12]


if __name__ == "__main__":  # python -m training.semeval25_data: build the cache and the folds
    from training import semeval25_data as this  # pickle the classes under their module name, not __main__

    d = this.load(rebuild=True)
    print({k: len(v) for k, v in d.docs.items()}, d.x.shape, d.xn.shape)
