"""Data loading, validation splits and an encoding cache for ``python -m training.textcat``.

Splits (fixed seed, ids recorded in ``training/splits/``):
  * ``semeval23.json``: per language, 20% of the TRAIN articles (by article id, stratified by genre), shared by the
    genre, frames and paragraph layers, so no layer is ever scored on an article any layer trained on.
  * ``checkthat.json``: validation by year: ``train`` = CT24 English train (plus earlier years' files by variant),
    ``tuning`` = CT24 English dev (variant, model and threshold chosen there), ``report`` = CT24 English dev-test
    (only scored). Training texts identical to a tuning or reporting text are dropped (the SOURCE notes overlaps).
  * ``genre_news.json``: the hard-news reporting articles of the genre layer (PolNeAR train, BASIL) and its
    reporting part (PolNeAR dev).
"""

from __future__ import annotations

import csv
import hashlib
import json
import random
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from training.paths import data_root
from unspin.benchmarks import formats
from unspin.ml import encoder

SPLITS = Path(__file__).resolve().parent / "splits"
LANGS = ("en", "fr", "ge", "it", "po", "ru")
SEED = 13
VAL_FRACTION = 0.2


def semeval_dir(lang: str) -> Path:
    return data_root() / "semeval2023t3" / "data" / lang


# ---------------------------------------------------------------- SemEval-2023 Task 3
@dataclass
class Article:
    lang: str
    id: str
    text: str
    genre: str | None = None
    frames: list[str] | None = None


@dataclass
class Paragraph:
    lang: str
    article: str
    no: int
    text: str
    techniques: list[str] = field(default_factory=list)


def load_articles(lang: str) -> list[Article]:
    """Subtask-1/2 train articles with their genre and frames (subtask-2 folder has one or two more articles)."""
    d = semeval_dir(lang)
    genres = formats.read_subtask1(d / "train-labels-subtask-1.txt")
    frames = formats.read_subtask2(d / "train-labels-subtask-2.txt")
    texts = formats.read_articles(d / "train-articles-subtask-2")
    texts.update(formats.read_articles(d / "train-articles-subtask-1"))
    return [Article(lang, i, t, genres.get(i), frames.get(i)) for i, t in sorted(texts.items())
            if i in genres or i in frames]


def load_paragraphs(lang: str) -> list[Paragraph]:
    """Subtask-3 train paragraphs (template text) with gold techniques; label rows without a template row dropped."""
    d = semeval_dir(lang)
    gold = formats.read_subtask3(d / "train-labels-subtask-3.txt")
    out = []
    for art, no, text in formats.read_template(d / "train-labels-subtask-3.template"):
        if (art, no) in gold and text:
            out.append(Paragraph(lang, art, no, text, gold[(art, no)]))
    return out


def semeval_split(*, rebuild: bool = False) -> dict[str, set[str]]:
    """Validation article ids per language (created once, then read from splits/semeval23.json)."""
    path = SPLITS / "semeval23.json"
    if path.exists() and not rebuild:
        data = json.loads(path.read_text())
        return {lang: set(ids) for lang, ids in data["validation"].items()}
    rng = random.Random(SEED)
    val: dict[str, list[str]] = {}
    for lang in LANGS:
        d = semeval_dir(lang)
        genres = formats.read_subtask1(d / "train-labels-subtask-1.txt")
        ids = set(genres) | set(formats.read_subtask2(d / "train-labels-subtask-2.txt"))
        ids |= {a for a, _, _ in formats.read_template(d / "train-labels-subtask-3.template")}
        strata: dict[str, list[str]] = {}
        for i in sorted(ids):
            strata.setdefault(genres.get(i, "unlabelled"), []).append(i)
        chosen: list[str] = []
        for _, members in sorted(strata.items()):
            rng.shuffle(members)
            chosen += members[: max(1, round(VAL_FRACTION * len(members)))]
        val[lang] = sorted(chosen)
    SPLITS.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({
        "description": "SemEval-2023 Task 3 validation articles, carved from the TRAIN data by article id "
                       f"(stratified by genre, {VAL_FRACTION:.0%} per stratum and language, random.Random({SEED})). "
                       "Shared by the genre, frames and paragraph-persuasion layers; every other train article "
                       "is training data.",
        "seed": SEED, "fraction": VAL_FRACTION, "validation": val}, indent=1) + "\n")
    return {k: set(v) for k, v in val.items()}


# ---------------------------------------------------------------- hard-news reporting articles (genre)
@dataclass
class NewsArticle:
    """A hard-news article from a corpus made of news reports (PolNeAR, BASIL): genre "reporting"."""

    source: str
    id: str
    group: str  # folds keep a group together (BASIL: the three outlets' versions of one event)
    text: str


def load_polnear(part: str) -> list[NewsArticle]:
    """PolNeAR ``train`` or ``dev`` articles (title line, blank line, paragraphs). dev is a reporting part only."""
    d = data_root() / "polnear" / part / "text"
    return [NewsArticle("polnear", p.stem, f"polnear:{p.stem}", p.read_text(encoding="utf-8"))
            for p in sorted(d.glob("*.txt"))]


def load_basil() -> list[NewsArticle]:
    """BASIL's 300 news articles (NYT, Fox News, HuffPost), as title + paragraphs; grouped by event (triplet)."""
    out = []
    for p in sorted((data_root() / "basil" / "articles").glob("*/*.json")):
        d = json.loads(p.read_text(encoding="utf-8"))
        pars = [" ".join(s.strip() for s in par if s.strip()) for par in d["body-paragraphs"]]
        body = "\n\n".join(x for x in pars if x)
        out.append(NewsArticle("basil", d["uuid"], f"basil:{d['triplet-uuid']}", f"{d['title'].strip()}\n\n{body}"))
    return out


def genre_split(*, rebuild: bool = False) -> dict[str, list[str]]:
    """The extra reporting data of the genre layer (splits/genre_news.json): PolNeAR train + BASIL train, PolNeAR dev
    reported only. Returns {"polnear_train": names, "basil_train": uuids, "polnear_dev": names}."""
    path = SPLITS / "genre_news.json"
    if path.exists() and not rebuild:
        raw = json.loads(path.read_text())
        return {"polnear_train": raw["train"]["polnear"], "basil_train": raw["train"]["basil"],
                "polnear_dev": raw["report"]["polnear_dev"]}
    dev = load_polnear("dev")
    dev_titles = {_norm(a.text.split("\n", 1)[0]) for a in dev}
    basil = [a.id for a in load_basil() if _norm(a.text.split("\n", 1)[0]) not in dev_titles]
    out = {"polnear_train": [a.id for a in load_polnear("train")], "basil_train": sorted(basil),
           "polnear_dev": [a.id for a in dev]}
    path.write_text(json.dumps({
        "description": "Hard-news articles added to the genre layer as reporting. train: PolNeAR train/text (all 840) "
                       "and BASIL's 300 articles (minus any whose title equals a PolNeAR dev title); folds group "
                       "BASIL's three versions of one event. report: PolNeAR dev/text (84, month 11 of the "
                       "coverage), used only to report the share labelled reporting, never trained or tuned on.",
        "train": {"polnear": out["polnear_train"], "basil": out["basil_train"]},
        "report": {"polnear_dev": out["polnear_dev"]}}, indent=1) + "\n")
    return out


# ---------------------------------------------------------------- CheckThat!
def ct_dir() -> Path:
    return data_root() / "checkthat"


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def load_checkthat() -> dict[str, list[formats.CheckThatRow]]:
    """CT24 English train/dev/dev-test plus the CT21/CT22 English tweet sets (train and dev files only).

    The 2021/2022 test-gold files are not used at all (CT21 test tweets reappear in CT22 train/dev/dev_test, so
    tweets are de-duplicated by id, first seen wins).
    """
    d = ct_dir()
    out = {
        "ct24_train": formats.read_checkthat(d / "ct24_task1_en" / "CT24_checkworthy_english_train.tsv"),
        "ct24_dev": formats.read_checkthat(d / "ct24_task1_en" / "CT24_checkworthy_english_dev.tsv"),
        "ct24_devtest": formats.read_checkthat(d / "ct24_task1_en" / "CT24_checkworthy_english_dev-test.tsv"),
    }
    tweets: dict[str, formats.CheckThatRow] = {}
    for rel in ("ct22_task1a_en/CT22_english_1A_checkworthy_train.tsv",
                "ct22_task1a_en/CT22_english_1A_checkworthy_dev.tsv",
                "ct22_task1a_en/CT22_english_1A_checkworthy_dev_test.tsv",
                "ct21_task1a_en/dataset_train_v1_english.tsv",
                "ct21_task1a_en/dataset_dev_v1_english.tsv"):
        p = d / rel
        if p.exists():
            for r in formats.read_checkthat(p, quoting=csv.QUOTE_NONE):
                tweets.setdefault(r.id, r)
    out["tweets"] = list(tweets.values())
    return out


def load_ct21_debates(part: str) -> list[formats.CheckThatRow]:
    """CheckThat! 2021 task 1B English debates/speeches (``train`` or ``dev``): one TSV per debate, no header,
    line_no, speaker, sentence, label (column 4, 1 = check-worthy). Ids are ``<file stem>:<line_no>``."""
    out = []
    for p in sorted((ct_dir() / "ct21_task1b_en" / part).glob("*.tsv")):
        for r in csv.reader(p.read_text(encoding="utf-8").splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(r) >= 4 and r[2].strip():
                out.append(formats.CheckThatRow(f"{p.stem}:{r[0]}", r[2].strip(), r[3].strip() == "1"))
    return out


def load_ct24_arabic(part: str) -> list[formats.CheckThatRow]:
    """CheckThat! 2024 task 1 Arabic tweets, ``train``, ``dev`` or ``dev-test``."""
    return formats.read_checkthat(ct_dir() / "ct24_task1_ar" / f"CT24_checkworthy_arabic_{part}.tsv")


TRAIN_FILES = ("ct24_task1_en/CT24_checkworthy_english_train.tsv",
               "ct21_task1a_en/dataset_train_v1_english.tsv", "ct21_task1a_en/dataset_dev_v1_english.tsv",
               "ct22_task1a_en/CT22_english_1A_checkworthy_train.tsv",
               "ct22_task1a_en/CT22_english_1A_checkworthy_dev.tsv",
               "ct21_task1b_en/train/*.tsv",
               "ct24_task1_ar/CT24_checkworthy_arabic_train.tsv", "ct24_task1_ar/CT24_checkworthy_arabic_dev.tsv")


def checkthat_split(data: dict[str, list[formats.CheckThatRow]], *, rebuild: bool = False) -> dict[str, set[str]]:
    """{"train": CT24 train ids trained on, "dev": tuning ids, "dev-test": reporting ids} (splits/checkthat.json)."""
    path = SPLITS / "checkthat.json"
    if path.exists() and not rebuild:
        raw = json.loads(path.read_text())
        return {"train": set(raw["train"]["ct24_train"]), "dev": set(raw["tuning"]["ct24_dev"]),
                "dev-test": set(raw["report"]["ct24_devtest"])}
    held = data["ct24_dev"] + data["ct24_devtest"]
    train = sorted((r.id for r in dedupe_against(data["ct24_train"], held)), key=int)
    split = {"train": set(train), "dev": {r.id for r in data["ct24_dev"]},
             "dev-test": {r.id for r in data["ct24_devtest"]}}
    path.write_text(json.dumps({
        "description": "CheckThat! task 1, validation by year. train: CT24 English train sentences (ids listed: all "
                       "but those whose normalised text equals a dev or dev-test text) plus, by variant, the "
                       "earlier years' files in train_files (CT21/CT22 1A English tweets, CT21 1B English debates, "
                       "CT24 Arabic tweets; any text equal to a CT24 dev or dev-test text dropped; the 2021/2022 "
                       "test-gold files and CT22 1A dev_test are never trained on). tuning: CT24 English dev, where "
                       "the training variant, the model kind and the claim threshold are chosen. report: CT24 "
                       "English dev-test, touched by no choice, only scored.",
        "train": {"ct24_train": train}, "train_files": list(TRAIN_FILES),
        "tuning": {"ct24_dev": sorted(split["dev"], key=int)},
        "report": {"ct24_devtest": sorted(split["dev-test"], key=int)},
    }, indent=1) + "\n")
    return split


def dedupe_against(rows: Iterable[formats.CheckThatRow],
                   held: Iterable[formats.CheckThatRow]) -> list[formats.CheckThatRow]:
    """Drop rows whose normalised text equals a held-out text (never train on what is scored)."""
    banned = {_norm(r.text) for r in held}
    return [r for r in rows if _norm(r.text) not in banned]


# ---------------------------------------------------------------- encoding cache
class EncodingCache:
    """Sentence -> vector store under build/textcat/ (gitignored), so retraining a head does not re-encode."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.index: dict[str, int] = {}
        self.vectors = np.zeros((0, encoder.DIM), dtype=np.float32)
        tp, vp, ep = folder / "texts.json", folder / "vectors.npy", folder / "encoder.txt"
        # Vectors of another encoder (e.g. the numpy backend, or an older cache without the name) are not reused.
        same = ep.exists() and ep.read_text(encoding="utf-8").strip() == encoder.ENCODER_NAME
        if same and tp.exists() and vp.exists():
            texts = json.loads(tp.read_text())
            vecs = np.load(vp)
            if len(texts) == len(vecs):
                self.index = {t: i for i, t in enumerate(texts)}
                self.vectors = vecs

    def encode(self, texts: list[str], batch: int = 2000, log: object = None) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in self.index))
        for start in range(0, len(missing), batch):
            chunk = missing[start : start + batch]
            vecs = encoder.encode(chunk)
            base = len(self.vectors)
            self.vectors = np.concatenate([self.vectors, vecs])
            for i, t in enumerate(chunk):
                self.index[t] = base + i
            if log is not None:
                log.info("encoded %d/%d new sentences", min(start + batch, len(missing)), len(missing))  # type: ignore[attr-defined]
            if (start // batch) % 10 == 9:
                self.save()
        if missing:
            self.save()
        return self.vectors[[self.index[t] for t in texts]] if texts else np.zeros((0, encoder.DIM), np.float32)

    def save(self) -> None:
        texts = [""] * len(self.index)
        for t, i in self.index.items():
            texts[i] = t
        (self.folder / "texts.json").write_text(json.dumps(texts))
        np.save(self.folder / "vectors.npy", self.vectors)
        (self.folder / "encoder.txt").write_text(encoder.ENCODER_NAME + "\n", encoding="utf-8")

    def pooled(self, texts: list[str]) -> np.ndarray:
        """One pooled vector per text: the mean of its sentence vectors (as at inference)."""
        groups = [encoder.split_sentences(t) or [t] for t in texts]
        flat = self.encode([s for g in groups for s in g])
        out, i = np.zeros((len(texts), encoder.DIM), np.float32), 0
        for k, g in enumerate(groups):
            out[k] = encoder.pool(flat[i : i + len(g)])
            i += len(g)
        return out


def section_chunks(text: str, k: int, rng: random.Random) -> list[str]:
    """Up to ``k`` section-sized pieces of an article: runs of whole paragraphs holding 3-8 sentences."""
    pars = encoder.split_paragraphs(text)
    sents = [len(encoder.split_sentences(x)) for x in pars]
    out: list[str] = []
    for _ in range(k if len(pars) >= 2 else 0):
        i = j = rng.randrange(len(pars))
        target, n = rng.randint(3, 8), 0
        while j < len(pars) and n < target:
            n += sents[j]
            j += 1
        if n >= 2:
            out.append("\n".join(pars[i:j]))
    return out


def fingerprint(ids: Iterable[str]) -> str:
    return hashlib.sha1("\n".join(sorted(ids)).encode()).hexdigest()[:12]
