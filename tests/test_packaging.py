"""The package's files: what a non-editable install (a wheel) carries, and its metadata.

The wheel itself is built, installed into a fresh virtual environment and smoke-tested from outside
the source tree by ``.ci/wheel-smoke`` (CI runs it before the tests); these tests keep the rule
behind it explicit and fast: every file under ``src/unspin`` that is not Python matches one of
the ``[tool.setuptools.package-data]`` globs.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "src" / "unspin"


def _pyproject() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


def _data_files() -> set[Path]:
    return {p for p in PACKAGE.rglob("*")
            if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts}


@pytest.mark.parametrize("folder", ["web/templates", "web/static", "report/templates", "models", "schema",
                                    "examples"])
def test_packaging_package_data_covers_every_data_file(folder: str) -> None:
    globs = _pyproject()["tool"]["setuptools"]["package-data"]["unspin"]
    shipped = {p for pattern in globs for p in PACKAGE.glob(pattern) if p.is_file()}
    in_folder = {p for p in _data_files() if p.is_relative_to(PACKAGE / folder)}
    assert in_folder, f"no data files under {folder}"
    missing = sorted(str(p.relative_to(PACKAGE)) for p in in_folder - shipped)
    assert not missing, f"not in [tool.setuptools.package-data], so a wheel would lack them: {missing}"


def test_packaging_every_data_file_ships() -> None:
    globs = _pyproject()["tool"]["setuptools"]["package-data"]["unspin"]
    shipped = {p for pattern in globs for p in PACKAGE.glob(pattern) if p.is_file()}
    missing = sorted(str(p.relative_to(PACKAGE)) for p in _data_files() - shipped)
    assert not missing, f"not in [tool.setuptools.package-data], so a wheel would lack them: {missing}"


def test_packaging_license_is_spdx() -> None:
    project = _pyproject()["project"]
    assert project["license"] == "Apache-2.0"
    assert project["license-files"] == ["LICENSE"]
    assert not [c for c in project.get("classifiers", []) if c.startswith("License ::")]


def test_packaging_ci_smoke_tests_the_wheel_before_the_tests() -> None:
    run = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    smoke = next(i for i, line in enumerate(run) if "wheel-smoke" in line and not line.lstrip().startswith("#"))
    tests = next(i for i, line in enumerate(run) if line.strip() == "make test")
    assert smoke < tests and run[-1].strip() == "make test"
