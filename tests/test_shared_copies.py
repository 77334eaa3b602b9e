"""The repository carries byte-identical copies of two files of the shared domain folder (a fresh clone has no
../shared, and the runtime must not depend on it): the worked examples the tests reproduce and the published
survivor-option factors the engine loads. These tests fail when a copy drifts from its source.

The shared folder is found at $PORTAL_SHARED_DIR, else beside the checkout (../shared), else at /work/shared (the
workplace's layout, where CI may run from a clone elsewhere). Where none exists the tests are skipped with that
reason, the one skip CI accepts (tests/conftest.py): the folder is a document, not a service.
"""

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_MISSING = "the shared domain folder is not found"
CANDIDATES = [os.environ.get("PORTAL_SHARED_DIR"), REPO.parent / "shared", "/work/shared"]


def shared_dir():
    for candidate in CANDIDATES:
        if candidate and (Path(candidate) / "domain").is_dir():
            return Path(candidate)
    pytest.skip(f"{SHARED_MISSING} (set PORTAL_SHARED_DIR)")


@pytest.mark.parametrize(("copy", "source"), [
    ("tests/data/examples.json", "domain/examples.json"),
    ("pensions/engine/data/survivor_option_factors.csv", "domain/survivor_option_factors.csv"),
])
def test_the_copy_is_byte_identical_to_the_shared_source(copy, source):
    assert (REPO / copy).read_bytes() == (shared_dir() / source).read_bytes()
