"""training.roles: the per-language choice between the USE-only and the e5 head sets is made on inner folds.

Synthetic mention features (no /work/shared): Bulgarian's roles are written in the e5 block only, the other
languages' in the USE columns, so the inner CV must give Bulgarian the e5 heads; English never takes them.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("sklearn")

from training import roles as R  # noqa: E402
from training import semeval25_data as D  # noqa: E402
from unspin.benchmarks import semeval25 as S  # noqa: E402
from unspin.ml.mentions import N_BASE, N_FEATURES  # noqa: E402


def _synthetic(seed: int = 0, per_lang: int = 60) -> D.Data:
    rng = np.random.default_rng(seed)
    xs, langs, docs, folds, mains = [], [], [], [], []
    fines: list[tuple[str, ...]] = []
    for li, lang in enumerate(D.LANGS):
        y = rng.integers(0, 3, per_lang)
        x = rng.normal(0, 0.05, (per_lang, N_FEATURES)).astype(np.float32)  # about unit-length blocks
        x[:, N_BASE:] = 0.0 if lang == "EN" else x[:, N_BASE:]
        signal = np.eye(3, dtype=np.float32)[y]
        if lang == "BG":  # the role shows in the e5 block only
            x[:, N_BASE:N_BASE + 3] += signal
        else:  # the role shows in the USE columns (for RU the e5 block is noise)
            x[:, 10 + 3 * li:13 + 3 * li] += signal
        for i in range(per_lang):
            xs.append(x[i])
            langs.append(lang)
            docs.append(f"{lang}-{i // 2}")  # two mentions a document
            folds.append((i // 2) % D.FOLDS)
            mains.append(R.MAIN[int(y[i])])
            fines.append((S.FINE_ROLES[R.MAIN[int(y[i])]][0],))
    xn = rng.normal(0, 0.05, (40, N_FEATURES)).astype(np.float32)
    xn[:, N_BASE:] = 0.0
    return D.Data({lang: [] for lang in D.LANGS}, np.stack(xs), np.array(langs), np.array(docs), np.array(folds),
                  mains, fines, [], xn, np.arange(40) % D.FOLDS, np.array([f"n{i // 4}" for i in range(40)]))


def test_each_language_gets_the_head_set_whose_inner_decisions_score_best() -> None:
    data = _synthetic(per_lang=10)
    main = np.array([R.MAIN.index(m) for m in data.main])
    idx = np.arange(len(main))
    wrong = (main + 1) % 3
    fine_of = [data.fine[i] for i in idx]
    # out-of-fold decisions: the pooled e5 pair right on BG and HI only, the USE-only pair right on PT, RU and EN,
    # the four-language pair never right; the per-language pairs right on RU's rows (where they were fitted)
    e5_right = np.isin(data.lang, ["BG", "HI"])
    oof: dict[str, tuple[np.ndarray, np.ndarray, list[tuple[str, ...]]]] = {
        "use": (idx, np.where(e5_right, wrong, main), fine_of),
        "e5": (idx, np.where(e5_right, main, wrong), fine_of),
        "e5x": (idx, wrong, fine_of)}
    for lang in R.E5_TASK_LANGS:
        rows = idx[data.lang == lang]
        oof[R.unit_of("e5l", lang)] = (rows, main[rows] if lang == "RU" else wrong[rows], [fine_of[i] for i in rows])
    inner = R.set_objectives(data, main, oof, R.CANDIDATES)
    assert set(inner) == set(R.E5_TASK_LANGS)  # English is never a candidate
    assert R.pick_sets(inner, R.CANDIDATES) == {"BG": "e5", "HI": "e5", "PT": "use", "RU": "use"}
    # RU: the USE-only pair and its own pair tie (both right); the tie keeps the USE-only heads
    assert inner["RU"]["use"] == inner["RU"]["e5l"]
    assert R.pick_sets(inner, ("use", "e5l")) == {"BG": "use", "HI": "use", "PT": "use", "RU": "use"}
    assert R.pick_sets({"RU": {"use": 0.4, "e5": 0.4, "e5l": 0.5}}, ("use", "e5", "e5l")) == {"RU": "e5l"}


@pytest.mark.slow  # fits every candidate head pair of one outer fold (about a minute on a quiet core)
def test_a_cv_fold_reports_each_language_from_its_chosen_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                                ) -> None:
    monkeypatch.setattr(D, "CACHE", tmp_path)
    data = _synthetic(1, per_lang=40)
    # one outer fold: its inner CV, both head sets, the framed cut
    out = R.cv_roles(data, lambda _: None, folds_to_run=[0], checkpoint=True, candidates=("use", "e5", "e5l"))
    assert out["summary"] == {}  # one fold of five: no summary yet
    fold = json.loads((tmp_path / "cv_roles_fold0.json").read_text(encoding="utf-8"))
    assert fold["langs"]["EN"]["head_set"] == "use"
    for lang in D.LANGS:
        used = fold["langs"][lang]["head_set"]
        assert used == fold["choice"]["sets"].get(lang, "use")
        assert fold["langs"][lang]["main_accuracy"] == fold["by_set"][lang][used]["main_accuracy"]
    assert fold["langs"]["BG"]["head_set"] != "use" and fold["langs"]["BG"]["main_accuracy"] > 0.6
