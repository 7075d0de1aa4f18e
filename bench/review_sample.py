"""Print the 14 articles of the session-11 real-article review, picked with a fixed seed.

4 PolNeAR dev hard-news articles, 3 SemEval-2023 English opinion and 1 satire article, 1 German or
French SemEval-2023 article, 5 attribution/ web pages (pages reviewed before are left out).

    python bench/review_sample.py [--data /work/shared/data]
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

SEED = 20261201
ALREADY_REVIEWED = {"11", "25", "83", "93", "101"}


def _labels(path: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) == 2:
            out[parts[0]] = parts[1].strip()
    return out


def sample(data: Path) -> list[Path]:
    rng = random.Random(SEED)
    chosen: list[Path] = []
    polnear = sorted((data / "polnear/dev/text").glob("*.txt"))
    chosen += rng.sample(polnear, 4)
    en = data / "semeval2023t3/data/en"
    labels = _labels(en / "train-labels-subtask-1.txt")
    articles = en / "train-articles-subtask-1"
    opinion = sorted(articles / f"article{i}.txt" for i, lab in labels.items() if lab == "opinion")
    satire = sorted(articles / f"article{i}.txt" for i, lab in labels.items() if lab == "satire")
    chosen += rng.sample(opinion, 3)
    chosen += rng.sample(satire, 1)
    other = sorted(
        p
        for lang in ("ge", "fr")
        for p in (data / f"semeval2023t3/data/{lang}/train-articles-subtask-1").glob("*.txt")
    )
    chosen += rng.sample(other, 1)
    pages = sorted(
        p
        for p in (data / "attribution/pages").glob("*.html")
        if p.stem not in ALREADY_REVIEWED
    )
    chosen += rng.sample(pages, 5)
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("/work/shared/data"))
    args = parser.parse_args()
    for path in sample(args.data):
        print(path)


if __name__ == "__main__":
    main()
