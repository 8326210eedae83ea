"""Handles are freed exactly once, in any order; the library is found."""
from __future__ import annotations

import gc
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

import libpolicy
from conftest import CLAIMS, HERE, claims_case
from libpolicy import CompileError, Execution, Host, Plan, PolicyError, Status, Trail


def test_dropping_objects_in_any_order_without_closing(claims_text):
    for order in range(4):
        plan = Plan.compile(claims_text)
        case = claims_case("large_claim")
        host = Host(lookup=lambda f, r: {"value": "2025-06-01" if "effective" in f
                                         else "2026-06-01"})
        x = plan.execute(case, host)
        trail = x.trail
        loaded = Trail.load(trail.to_jsonl())
        objects = [plan, case, host, x, trail, loaded]
        names = ["plan", "case", "host", "x", "trail", "loaded"]
        del plan, case, host, x, trail, loaded
        # Drop them in a different order each round.
        rotated = objects[order:] + objects[:order]
        assert len(rotated) == len(names)
        while rotated:
            rotated.pop()
            gc.collect()


def test_close_then_del_frees_once(claims_text):
    plan = Plan.compile(claims_text)
    plan.close()
    plan.__del__()
    plan.close()
    assert plan.closed


def test_trail_keeps_its_execution_alive(claims_plan):
    with claims_case("large_claim") as case:
        trail = claims_plan.execute(case).trail  # the execution is not named
    gc.collect()
    assert len(trail) == 10
    assert trail.explain().startswith("Claims Intake")


def test_exceptions_pickle_with_their_attributes(claims_text):
    with pytest.raises(CompileError) as info:
        Plan.compile(claims_text.replace("claimed amount exceeds", "claimed amont exceeds"))
    e = pickle.loads(pickle.dumps(info.value))
    assert type(e) is CompileError
    assert (e.code, e.line, e.column, e.hint) == (Status.ERR_COMPILE, 13, 6,
                                                  "did you mean 'claimed amount'?")
    assert e.rendered == info.value.rendered


def test_argument_errors(claims_plan):
    with pytest.raises(ValueError):
        Execution.run(claims_plan, None, threads=-1)
    with pytest.raises(PolicyError) as info:
        libpolicy.Case().add_document("", "text")  # a type needs words
    assert info.value.code == Status.ERR_ARGUMENT


def _import_in_child(env_path: str | None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.pop("LIBPOLICY_PATH", None)
    if env_path is not None:
        env["LIBPOLICY_PATH"] = env_path
    code = "import libpolicy; print(libpolicy.library_path, libpolicy.library_version())"
    return subprocess.run([sys.executable, "-c", code], cwd=HERE.parent, env=env,
                          capture_output=True, text=True)


def test_library_from_environment():
    path = libpolicy.library_path
    r = _import_in_child(path)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == [path, libpolicy.library_version()]


def test_missing_library_is_a_clear_error(tmp_path):
    r = _import_in_child(str(tmp_path / "nope.so"))
    assert r.returncode != 0
    assert "LibraryNotFoundError" in r.stderr and "LIBPOLICY_PATH" in r.stderr


def test_build_tree_is_found_without_the_environment():
    tree = Path(HERE).parent.parent.parent / "build" / "lib" / "libpolicy.so.0"
    if not tree.exists():
        pytest.skip("no build tree")
    r = _import_in_child(None)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split()[0] == os.path.normpath(tree)


def test_version_matches_the_header():
    assert libpolicy.library_version() == "0.1.0"
    assert CLAIMS.is_dir()
