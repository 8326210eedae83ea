"""The shared vectors (tests/vectors/*): the decision JSON, the trail JSON
Lines and the explanation must match the recorded files byte for byte, as
they do in C, Go and Node."""
from __future__ import annotations

import difflib

import pytest

from conftest import VECTORS, doc_type, run_vector, vector_names

NAMES = vector_names()


def test_there_are_vectors():
    assert len(NAMES) >= 6
    assert "claims_large" in NAMES


def same_bytes(name: str, file: str, got: bytes) -> None:
    want = (VECTORS / name / file).read_bytes()
    if got != want:
        diff = difflib.unified_diff(want.decode(errors="replace").splitlines(True),
                                    got.decode(errors="replace").splitlines(True),
                                    f"{name}/{file}", "python")
        pytest.fail(f"{name}: output differs from {file}:\n" + "".join(diff), pytrace=False)


@pytest.mark.parametrize("name", NAMES)
def test_vector(name):
    decision, trail, explain = run_vector(name)
    same_bytes(name, "expect.json", decision)
    same_bytes(name, "trail.jsonl", trail)
    same_bytes(name, "explain.txt", explain)


@pytest.mark.parametrize("name", NAMES)
def test_vector_with_four_threads(name):
    decision, trail, explain = run_vector(name, threads=4)
    same_bytes(name, "expect.json", decision)
    same_bytes(name, "trail.jsonl", trail)
    same_bytes(name, "explain.txt", explain)


def test_document_types_from_file_names():
    assert doc_type("claim_form.txt") == "claim form"
    assert doc_type("deposit_slip.2.txt") == "deposit slip"
    assert doc_type("appraisal.10.txt") == "appraisal"
    assert doc_type("financial_statement.txt") == "financial statement"
