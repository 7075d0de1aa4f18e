"""The genre layer's training texts as the pipeline sees them: body-section sentence vectors, cached by text hash.

At run time the genre component (:mod:`unspin.components.genre`) pools the sentence vectors of the document's BODY
sections (title and boilerplate left out), with the sentences of the ``structure`` layer, and decides each body
section on its own sentences. :class:`PipelineVectors` runs the library's own layers up to ``sentence-vectors``
(:data:`LAYERS`) on every training text and keeps, per sentence, its vector, its body section and its paragraph, so
that a head can be fitted and its decisions tuned on exactly what the pipeline feeds it:

  * :meth:`PipelineVectors.pooled`: the document vector (mean of the body sentences' vectors, L2-normalised), as
    ``make_genre`` computes it;
  * :meth:`PipelineVectors.chunks`: section-sized pieces (runs of whole body paragraphs holding 3-8 sentences, the
    rule of :func:`training.textcat_data.section_chunks`) pooled from the same sentence vectors.

The cache lives in ``build/textcat/pipeline/`` (gitignored): one ``.npz`` shard per batch of new texts, keyed by
the SHA-1 of the text and tagged with the encoder's name, so reruns do not run the pipeline again.
"""

from __future__ import annotations

import hashlib
import logging
import random
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from unspin.ml import encoder

log = logging.getLogger("training.genre_pipeline")
LAYERS = ["structure", "language", "sentence-vectors"]
FLUSH = 250


def text_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


@dataclass
class Parsed:
    """One text as the pipeline saw it: every sentence's vector, its body section (-1: not in a body section, e.g.
    the title), its paragraph number (-1: in no paragraph) and whether it lies in the document's title."""

    vectors: np.ndarray
    section: np.ndarray
    paragraph: np.ndarray
    title: np.ndarray

    def body(self, with_title: bool = False) -> np.ndarray:
        """The body sentences' vectors (all sentences when no sentence is in a body section); ``with_title``: the
        title's sentences too (first), as :func:`unspin.components.genre.document_vectors` pools a document."""
        m = self.section >= 0
        if not m.any():
            return self.vectors
        return self.vectors[m | self.title] if with_title else self.vectors[m]


def parse(doc: object) -> Parsed:
    """Per sentence of an analysed ``Document``: vector, body-section number, paragraph number; the title (which the
    ``structure`` layer keeps out of the sentences) comes first as one more row, flagged ``title``, encoded as
    :func:`unspin.components.genre.title_vectors` encodes it."""
    from unspin.components.genre import title_vectors
    from unspin.components.vectors import sentence_vectors_of
    from unspin.document import Document

    assert isinstance(doc, Document)
    vectors = np.asarray(sentence_vectors_of(doc), np.float32)
    body = doc.body_sections()
    section = np.full(len(doc.sentences), -1, np.int32)
    paragraph = np.full(len(doc.sentences), -1, np.int32)
    for i, s in enumerate(doc.sentences):
        for k, sec in enumerate(body):
            if s.start >= sec.start and s.end <= sec.end:  # as components.vectors.vectors_in
                section[i] = k
                break
        for k, par in enumerate(doc.paragraphs):
            if s.start >= par.start and s.end <= par.end:
                paragraph[i] = k
                break
    title = title_vectors(doc)
    flags = np.concatenate([np.ones(len(title), bool), np.zeros(len(vectors), bool)])
    return Parsed(np.concatenate([title, vectors.reshape(-1, title.shape[1])]),
                  np.concatenate([np.full(len(title), -1, np.int32), section]),
                  np.concatenate([np.full(len(title), -1, np.int32), paragraph]), flags)


class PipelineVectors:
    """Text -> :class:`Parsed`, computed with the pipeline's layers and cached in ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.items: dict[str, Parsed] = {}
        for shard in sorted(folder.glob("shard-*.npz")):
            z = np.load(shard)
            if str(z["encoder"]) != encoder.ENCODER_NAME or "title" not in z.files:  # older shards: no title flags
                continue
            off, vec, sec, par, tit = z["offsets"], z["vectors"], z["section"], z["paragraph"], z["title"]
            for j, key in enumerate(z["keys"]):
                a, b = int(off[j]), int(off[j + 1])
                self.items[str(key)] = Parsed(vec[a:b], sec[a:b], par[a:b], tit[a:b])
        self._analyzer: object = None

    def parsed(self, texts: list[str]) -> list[Parsed]:
        missing = list(dict.fromkeys(t for t in texts if text_key(t) not in self.items))
        if missing:
            from unspin import Analyzer

            an = self._analyzer = self._analyzer or Analyzer(LAYERS)
            new: dict[str, Parsed] = {}
            t0 = time.time()
            for n, t in enumerate(missing, 1):
                new[text_key(t)] = parse(an(t.encode("utf-8")))  # type: ignore[operator]
                if n % FLUSH == 0 or n == len(missing):
                    self._save(new)
                    self.items.update(new)
                    new = {}
                    log.info("pipeline vectors: %d/%d new texts (%.0f s)", n, len(missing), time.time() - t0)
        return [self.items[text_key(t)] for t in texts]

    def _save(self, new: dict[str, Parsed]) -> None:
        keys = list(new)
        off = np.cumsum([0] + [len(new[k].vectors) for k in keys])
        dim = encoder.DIM
        path = self.folder / f"shard-{len(list(self.folder.glob('shard-*.npz'))):04d}.npz"
        np.savez(path, keys=np.array(keys), offsets=off, encoder=np.array(encoder.ENCODER_NAME),
                 vectors=np.concatenate([new[k].vectors.reshape(-1, dim) for k in keys]),
                 section=np.concatenate([new[k].section for k in keys]),
                 paragraph=np.concatenate([new[k].paragraph for k in keys]),
                 title=np.concatenate([new[k].title for k in keys]))

    def pooled(self, texts: list[str], with_title: bool = False) -> np.ndarray:
        """One vector per text: the pooled body sentences (``with_title``: and the title's), as the genre component
        pools a document."""
        return np.stack([encoder.pool(p.body(with_title)) for p in self.parsed(texts)]) if texts else \
            np.zeros((0, encoder.DIM), np.float32)

    def chunks(self, text: str, k: int, rng: random.Random) -> list[np.ndarray]:
        """Up to ``k`` pooled section-sized pieces: runs of whole body paragraphs holding 3-8 sentences (the rule
        and random draws of :func:`training.textcat_data.section_chunks`, on the pipeline's paragraphs)."""
        p = self.parsed([text])[0]
        body = (p.section >= 0) & (p.paragraph >= 0)
        pars = sorted(set(p.paragraph[body].tolist()))
        rows = [np.flatnonzero(body & (p.paragraph == q)) for q in pars]
        out: list[np.ndarray] = []
        for _ in range(k if len(pars) >= 2 else 0):
            i = j = rng.randrange(len(pars))
            target, n = rng.randint(3, 8), 0
            while j < len(pars) and n < target:
                n += len(rows[j])
                j += 1
            if n >= 2:
                out.append(encoder.pool(p.vectors[np.concatenate(rows[i:j])]))
        return out
