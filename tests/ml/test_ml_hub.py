"""The Hugging Face Hub loading path, exercised offline on the model the project ships."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from unspin.errors import ModelError
from unspin.ml.tagger import DEFAULT_MODEL_DIR, MODEL_FILES, resolve_model

pytest.importorskip("huggingface_hub")


def _hub_cache(tmp_path: Path) -> Path:
    """A hub cache holding the shipped model as repo unspin/persuasion (the layout snapshot_download reads)."""
    repo = tmp_path / "models--unspin--persuasion"
    snapshot = repo / "snapshots" / "0123456789abcdef0123456789abcdef01234567"
    snapshot.mkdir(parents=True)
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text(snapshot.name)
    for name in MODEL_FILES:
        (snapshot / name).symlink_to(DEFAULT_MODEL_DIR / name)
    return tmp_path


@pytest.mark.slow
@pytest.mark.parametrize("spec", ["hf:unspin/persuasion"])
def test_persuasion_hub_path_loads_from_the_cache_offline(tmp_path: Path, spec: str) -> None:
    assert os.environ.get("HF_HUB_OFFLINE") == "1"
    folder = resolve_model(spec, cache_dir=_hub_cache(tmp_path))
    from unspin.ml.tagger import PersuasionTagger

    tagger = PersuasionTagger.from_dir(folder)
    assert tagger.tag("The weather will be mild on Tuesday with light winds.") == []


def test_persuasion_hub_path_offline_and_missing_is_a_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="HF_HUB_OFFLINE"):
        resolve_model("hf:unspin/not-there", cache_dir=tmp_path)


def test_persuasion_plain_paths_and_default_resolve_locally(tmp_path: Path) -> None:
    assert resolve_model(None) == DEFAULT_MODEL_DIR
    assert resolve_model(tmp_path) == tmp_path.resolve()
