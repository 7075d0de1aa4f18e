"""Score the SHIPPED text-classification layers on their validation splits through the runtime API.

Used by ``bench/eval_textcat.py``. Independent of training: it reads the split files, encodes the validation
texts (through the encoding cache when one exists), and calls the same ``*_from_vectors`` functions the pipeline
uses, so it checks the shipped files end to end. Never touches training rows.
"""

from __future__ import annotations

import random
from collections.abc import Callable

import numpy as np

from training import genre_pipeline as GP
from training import textcat_data as D
from unspin.benchmarks import scoring
from unspin.components import claims, frames, genre
from unspin.components import paragraph_persuasion as paragraphs
from unspin.components.vectors import vectors_in
from unspin.ml import encoder
from unspin.ml.heads import normalise_lang

Row = tuple[str, str, str, float, int, str]  # layer, part, metric, value (shipped head), n, key in the head's meta


def _sentence_vectors(texts: list[str], encode: Callable[[list[str]], np.ndarray]) -> list[np.ndarray]:
    groups = [encoder.split_sentences(t) or [t] for t in texts]
    flat = encode([s for g in groups for s in g])
    out, i = [], 0
    for g in groups:
        out.append(flat[i : i + len(g)])
        i += len(g)
    return out


def eval_genre(encode: Callable[[list[str]], np.ndarray]) -> list[Row]:
    """SemEval validation (macro-F1 per language, opinion and satire recall) and PolNeAR dev (share reporting).

    Each text is represented as the head's training run scored it (``score_vectors`` in the head's config): the
    pooled sentences of the whole text ("text"), or the sentences of its body sections as the pipeline's own layers
    split and encode them ("pipeline", :mod:`training.genre_pipeline`; section chunks from its body paragraphs)."""
    pipeline = _genre_pipeline_vectors()

    def vectors(texts: list[str]) -> list[np.ndarray]:
        if pipeline is not None:
            return [p.body(with_title=genre.title_in_document()) for p in pipeline.parsed(texts)]
        return _sentence_vectors(texts, encode)

    val = D.semeval_split()
    rows: list[Row] = []
    gold_all: dict[str, str] = {}
    pred_all: dict[str, str] = {}
    for lang in D.LANGS:
        arts = [a for a in D.load_articles(lang) if a.genre and a.id in val[lang]]
        preds = genre.predict_from_vectors(vectors([a.text for a in arts]), lang)
        gold = {a.id: str(a.genre) for a in arts}
        pred = {a.id: p[0] for a, p in zip(arts, preds, strict=True)}
        lg = str(normalise_lang(lang))
        rows.append(("genre", f"SemEval validation {lg}", "macro-F1", scoring.macro_f1(gold, pred, genre.LABELS).f1,
                     len(arts), f"macro_f1_{lg}"))
        gold_all.update({f"{lang}:{k}": v for k, v in gold.items()})
        pred_all.update({f"{lang}:{k}": v for k, v in pred.items()})
        if lg == "en":
            rows.append(_recall("SemEval validation en opinion", gold, pred, "opinion", "opinion_recall_en"))
    rows.append(("genre", "SemEval validation all", "macro-F1",
                 scoring.macro_f1(gold_all, pred_all, genre.LABELS).f1, len(gold_all), "macro_f1_all"))
    rows.append(_recall("SemEval validation opinion", gold_all, pred_all, "opinion", "opinion_recall_all"))
    rows.append(_recall("SemEval validation satire", gold_all, pred_all, "satire", "satire_recall_all"))
    rows.append(_recall("SemEval validation reporting", gold_all, pred_all, "reporting", "reporting_recall_all"))
    split = D.genre_split()
    news = [a for a in D.load_polnear("dev") if a.id in set(split["polnear_dev"])]
    preds = genre.predict_from_vectors(vectors([a.text for a in news]), "en")
    rows.append(_recall("PolNeAR dev (hard news)", {a.id: "reporting" for a in news},
                        {a.id: p[0] for a, p in zip(news, preds, strict=True)}, "reporting", "polnear_dev_reporting",
                        "share reporting"))
    # section-sized chunks (3-8 sentences of whole paragraphs; the same draw as training's report: seed 13, in order)
    rng = random.Random(13)
    if pipeline is not None:
        chunk_vectors = [c for a in news for c in pipeline.chunks(a.text, 3, rng)]
    else:
        chunk_vectors = _sentence_vectors([c for a in news for c in D.section_chunks(a.text, 3, rng)], encode)
    labels = [x[0] for x in genre.predict_sections_from_vectors(chunk_vectors, "en")]
    rows.append(("genre", "PolNeAR dev, section-sized chunks", "share reporting (section decision)",
                 labels.count("reporting") / len(labels), len(labels), "polnear_dev_chunks_reporting"))
    return rows


def _genre_pipeline_vectors() -> GP.PipelineVectors | None:
    from training.paths import REPO
    from unspin.ml.heads import load_head

    if load_head("genre").meta.get("config", {}).get("score_vectors", "text") == "text":
        return None
    return GP.PipelineVectors(REPO / "build" / "textcat" / "pipeline")


def _recall(part: str, gold: dict[str, str], pred: dict[str, str], label: str, key: str,
            metric: str | None = None) -> Row:
    ids = [k for k, v in gold.items() if v == label]
    return ("genre", part, metric or f"recall of {label}", sum(pred[k] == label for k in ids) / max(1, len(ids)),
            len(ids), key)


# The default layers up to genre (claims, which genre does not read, left out). persuasion must stay: the English
# subjectivity head reads its tagger's token states, so without it the voice shares (and the genre decisions that
# weigh them) are not the shipped pipeline's.
PIPELINE = ["structure", "language", "entities", "quotes", "persuasion", "sentence-vectors", "subjectivity", "voice",
            "genre"]


def genre_sections_polnear_dev() -> list[Row]:
    """PolNeAR dev (hard news) and SemEval validation opinion articles through the real pipeline (:data:`PIPELINE`,
    the default layers up to genre): the share of documents and of body sections labelled reporting (PolNeAR) or
    opinion (SemEval, English and all languages), each document and section decided with its voice shares where the
    rules apply, and the same documents and sections decided by the head alone for comparison. Slower (the pipeline on
    84 + 176 articles)."""
    from unspin import Analyzer

    split = D.genre_split()
    news = [a.text for a in D.load_polnear("dev") if a.id in set(split["polnear_dev"])]
    val = D.semeval_split()
    opinion = {lang: [a.text for a in D.load_articles(lang) if a.genre == "opinion" and a.id in val[lang]]
               for lang in D.LANGS}
    an = Analyzer(PIPELINE)
    rows: list[Row] = []
    for part, texts, label in [("PolNeAR dev", news, "reporting"),
                               ("SemEval validation en opinion", opinion["en"], "opinion"),
                               ("SemEval validation opinion", [t for ts in opinion.values() for t in ts], "opinion")]:
        docs, docs_head, secs, head_only, with_voice = [], [], [], [], 0
        for text in texts:
            doc = an(text.encode("utf-8"))
            docs.append(doc.genre.label if doc.genre else None)
            body = [s for s in doc.body_sections() if s.genre]
            secs += [s.genre.label for s in body if s.genre]
            with_voice += sum(1 for s in body if s.genre and "voice" in (s.genre.evidence or []))
            vectors = [vectors_in(doc, s) for s in body]
            docs_head.append(genre.predict_from_vectors([genre.document_vectors(doc, np.concatenate(vectors))],
                                                        doc.language)[0][0]
                             if body else None)
            if doc.genre is not None and doc.genre.label == "satire":  # sections inherit satire either way
                head_only += ["satire"] * len(body)
            elif body:
                head_only += [x[0] for x in genre.predict_sections_from_vectors(vectors, doc.language)]
        rows += [("genre", f"{part}, pipeline documents", f"share {label}", docs.count(label) / len(docs),
                  len(docs), ""),
                 ("genre", f"{part}, pipeline documents, head alone", f"share {label}",
                  docs_head.count(label) / len(docs_head), len(docs_head), ""),
                 ("genre", f"{part}, pipeline body sections (head + voice: {with_voice} sections)",
                  f"share {label}", secs.count(label) / len(secs), len(secs), ""),
                 ("genre", f"{part}, pipeline body sections, head alone", f"share {label}",
                  head_only.count(label) / len(head_only), len(head_only), "")]
    return rows


def _eval_multilabel(layer: str, items: dict[str, list[tuple[str, str, list[str]]]],
                     predict: Callable[[list[np.ndarray], str], list[list[tuple[str, float]]]],
                     encode: Callable[[list[str]], np.ndarray]) -> list[Row]:
    rows: list[Row] = []
    gold_all: dict[str, list[str]] = {}
    pred_all: dict[str, list[str]] = {}
    for lang, its in items.items():
        preds = predict(_sentence_vectors([t for _, t, _ in its], encode), lang)
        gold = {k: g for k, _, g in its}
        pred = {k: [x for x, _ in p] for (k, _, _), p in zip(its, preds, strict=True)}
        lg = str(normalise_lang(lang))
        rows.append((layer, f"SemEval validation {lg}", "micro-F1", scoring.micro_f1(gold, pred).f1, len(its), lg))
        gold_all.update({f"{lang}:{k}": v for k, v in gold.items()})
        pred_all.update({f"{lang}:{k}": v for k, v in pred.items()})
    rows.append((layer, "SemEval validation all", "micro-F1", scoring.micro_f1(gold_all, pred_all).f1, len(gold_all),
                 "all"))
    return rows


def eval_frames(encode: Callable[[list[str]], np.ndarray]) -> list[Row]:
    val = D.semeval_split()
    items = {lang: [(a.id, a.text, a.frames or []) for a in D.load_articles(lang)
                    if a.frames is not None and a.id in val[lang]] for lang in D.LANGS}
    return _eval_multilabel("frames", items, frames.predict_from_vectors, encode)


def eval_paragraphs(encode: Callable[[list[str]], np.ndarray]) -> list[Row]:
    val = D.semeval_split()
    items = {lang: [(f"{p.article}:{p.no}", p.text, p.techniques) for p in D.load_paragraphs(lang)
                    if p.article in val[lang]] for lang in D.LANGS}
    return _eval_multilabel("paragraphs", items, paragraphs.predict_from_vectors, encode)


def eval_claims(encode: Callable[[list[str]], np.ndarray]) -> list[Row]:
    data = D.load_checkthat()
    sets = {"CT24 dev (tuning)*": (data["ct24_dev"], "ct24_dev (tuning: variant, model and threshold chosen here)"),
            "CT24 dev-test (report)": (data["ct24_devtest"], "ct24_dev-test (report)")}
    rows: list[Row] = []
    thr = claims.threshold()
    for name, (rs, key) in sets.items():
        texts = [r.text for r in rs]
        s = claims.score_from_vectors(encode(texts), texts)
        f = scoring.positive_f1({i: bool(r.label) for i, r in enumerate(rs)},
                                {i: bool(x >= thr) for i, x in enumerate(s)})
        rows.append(("claims", name, "F1 (positive)", f.f1, len(rs), key))
    return rows


LAYERS = {"genre": eval_genre, "frames": eval_frames, "claims": eval_claims, "paragraphs": eval_paragraphs}
