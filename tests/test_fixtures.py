"""Every rule on every fixture package: findings must equal the `// want` comments."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fixtures import ROOT, compare, lint_dir, packages


@pytest.mark.parametrize("directory", packages(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_fixture_package(directory: Path) -> None:
    problems = compare(directory, lint_dir(directory))
    assert not problems, "\n".join(problems)
