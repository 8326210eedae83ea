#!/usr/bin/env python3
"""Backtest a new policy version on Dask: how many decisions change, which, why.

    dask_backtest.py NEW.txt|PLAN.json --store RUNS.db --policy NAME
                     [--workers 2] [--partitions N] [--scheduler ADDRESS] [--json OUT]
    dask_backtest.py NEW.txt|PLAN.json --cases CASES.jsonl --old OLD.txt|PLAN.json [...]

With --store, every stored run of policy NAME (recorded by `policy run
--store` or `policy batch --store`) is replayed with the new plan from its
trail and manifest, exactly as `policy backtest NAME NEW` does (the same
rules, in libpolicy.replay), and the two agree run for run. With --cases,
each case record (the JSON Lines `policy batch` reads) is decided by the
old and the new plan.

The work is split into partitions of runs (or cases). The plan travels to
the workers as its JSON, which each loads (and so validates) once per
partition; the workers open the store read-only themselves, so on a
multi-machine cluster the store file must be on storage every worker sees
(or pass --cases files there). Results come back as one pandas dataframe:
case, run, version, changed, before, after, unrecorded, and for changed
decisions the new decision's explanation.

Without --scheduler a LocalCluster of --workers processes (one thread
each: libpolicy's calls release the GIL, but Python does the replay's
bookkeeping) runs on this machine; with --scheduler tcp://HOST:8786 the
same code runs on that cluster (docs/scale.md).
"""
from __future__ import annotations

import argparse
import ctypes
import json
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "bindings" / "python"))

import pandas as pd  # noqa: E402

COLUMNS = ["case", "run", "version", "changed", "before", "after", "unrecorded", "why"]


# ---- the store, through libpolicy-sqlite (no knowledge of its schema) ----

def _sqlite_lib() -> ctypes.CDLL:
    path = os.environ.get("LIBPOLICY_SQLITE_PATH")
    if not path:
        from libpolicy import library_path
        lib_dir = Path(library_path).resolve().parent
        for cand in (lib_dir / "store-sqlite" / "libpolicy-sqlite.so.0",
                     lib_dir / "libpolicy-sqlite.so.0"):
            if cand.exists():
                path = str(cand)
                break
    lib = ctypes.CDLL(path or "libpolicy-sqlite.so.0")
    vp, pvp = ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p)
    lib.policy_sqlite_open.argtypes = [ctypes.c_char_p, vp, pvp, pvp]
    lib.policy_sqlite_runs.argtypes = [vp, vp, pvp, ctypes.POINTER(ctypes.c_size_t)]
    lib.policy_sqlite_trail.argtypes = [vp, ctypes.c_int64, pvp, ctypes.POINTER(ctypes.c_size_t)]
    lib.policy_sqlite_errmsg.restype = ctypes.c_char_p
    lib.policy_sqlite_errmsg.argtypes = [vp]
    lib.policy_sqlite_close.argtypes = [vp]
    lib.policy_sqlite_free.argtypes = [vp]
    return lib


class _OpenOptions(ctypes.Structure):
    _fields_ = [("struct_size", ctypes.c_size_t), ("busy_timeout_ms", ctypes.c_uint),
                ("schema_version", ctypes.c_uint), ("read_only", ctypes.c_int),
                ("now", ctypes.c_void_p), ("now_user_data", ctypes.c_void_p)]


class Store:
    """A read-only view of a libpolicy-sqlite store."""

    def __init__(self, path: str) -> None:
        self._lib = _sqlite_lib()
        opts = _OpenOptions(ctypes.sizeof(_OpenOptions), 0, 0, 1, None, None)
        db, err = ctypes.c_void_p(), ctypes.c_void_p()
        if self._lib.policy_sqlite_open(path.encode(), ctypes.byref(opts), ctypes.byref(db),
                                        ctypes.byref(err)) != 0:
            msg = ctypes.string_at(err.value).decode() if err.value else "cannot open"
            self._lib.policy_sqlite_free(err)
            raise OSError(f"{path}: {msg}")
        self._db = db

    def _string(self, st: int, out: ctypes.c_void_p, n: ctypes.c_size_t) -> str:
        if st != 0:
            raise OSError(self._lib.policy_sqlite_errmsg(self._db).decode())
        try:
            return ctypes.string_at(out.value, n.value).decode()
        finally:
            self._lib.policy_sqlite_free(out)

    def runs(self) -> list:
        out, n = ctypes.c_void_p(), ctypes.c_size_t()
        return json.loads(self._string(self._lib.policy_sqlite_runs(
            self._db, None, ctypes.byref(out), ctypes.byref(n)), out, n))

    def trail(self, run: int) -> str:
        out, n = ctypes.c_void_p(), ctypes.c_size_t()
        return self._string(self._lib.policy_sqlite_trail(
            self._db, run, ctypes.byref(out), ctypes.byref(n)), out, n)

    def close(self) -> None:
        if self._db:
            self._lib.policy_sqlite_close(self._db)
            self._db = None


# ---- the work of one partition (runs on a worker) ----

def _load_plan(plan_json: str):
    from libpolicy import Plan
    return Plan.load(plan_json)


def backtest_runs(store_path: str, plan_json: str, rows: list) -> pd.DataFrame:
    """Replay stored runs with the new plan; one row per run."""
    from libpolicy.replay import decision_from_trail, replay
    store = Store(store_path)
    out = []
    try:
        with _load_plan(plan_json) as plan:
            for row in rows:
                jsonl = store.trail(row["run"])
                entries = [json.loads(line) for line in jsonl.splitlines() if line.strip()]
                before = decision_from_trail(entries)
                r = replay(plan, jsonl, row.get("manifest"))
                with r.execution as x:
                    changed = not before.same(r.decision)
                    out.append({"case": row["case"], "run": row["run"],
                                "version": row["version"], "changed": changed,
                                "before": str(before), "after": str(r.decision),
                                "unrecorded": ", ".join(r.unrecorded),
                                "why": x.explain() if changed else ""})
    finally:
        store.close()
    return pd.DataFrame(out, columns=COLUMNS).astype({"run": object, "changed": bool})


def backtest_cases(old_json: str, new_json: str, records: list) -> pd.DataFrame:
    """Decide case records with the old and the new plan; one row per case."""
    from libpolicy import Case, Execution
    from libpolicy.replay import decision_of
    out = []
    with _load_plan(old_json) as old, _load_plan(new_json) as new:
        cases = []
        for rec in records:
            c = Case(rec["case"])
            for d in rec.get("documents") or []:
                c.add_document(d["type"], d.get("text") or Path(d["path"]).read_text())
            for k, v in (rec.get("facts") or {}).items():
                c.add_fact(k, v)
            cases.append(c)
        befores = old.execute_batch(cases)
        afters = new.execute_batch(cases)
        for rec, b, a in zip(records, befores, afters):
            ok = isinstance(b, Execution) and isinstance(a, Execution)
            db = decision_of(b) if isinstance(b, Execution) else None
            da = decision_of(a) if isinstance(a, Execution) else None
            changed = ok and not db.same(da)
            out.append({"case": rec["case"], "run": None, "version": old.version,
                        "changed": changed, "before": str(db if db else b),
                        "after": str(da if da else a), "unrecorded": "",
                        "why": a.explain() if changed else ""})
        for x in list(befores) + list(afters):
            if isinstance(x, Execution):
                x.close()
        for c in cases:
            c.close()
    return pd.DataFrame(out, columns=COLUMNS).astype({"run": object, "changed": bool})


# ---- the driver ----

def _plan_json(path: str) -> str:
    from libpolicy import Plan
    if path.endswith(".json"):
        return Path(path).read_text()
    with Plan.compile_file(path) as p:
        return p.save()


def _chunks(items: list, n: int) -> list:
    n = max(1, min(n, len(items) or 1))
    size = -(-len(items) // n)
    return [items[i:i + size] for i in range(0, len(items), size)]


def main(argv: "list[str] | None" = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("new", help="the new policy (.txt) or plan (.json)")
    ap.add_argument("--store", help="a libpolicy-sqlite store of recorded runs")
    ap.add_argument("--policy", help="the policy name whose runs to backtest (with --store)")
    ap.add_argument("--cases", help="case records, JSON Lines (instead of --store)")
    ap.add_argument("--old", help="the old policy or plan (with --cases)")
    ap.add_argument("--workers", type=int, default=2, help="LocalCluster worker processes")
    ap.add_argument("--partitions", type=int, default=0, help="default: 4 per worker")
    ap.add_argument("--scheduler", help="an existing Dask scheduler's address")
    ap.add_argument("--json", help="write every row as JSON to this file")
    a = ap.parse_args(argv)
    if bool(a.store) == bool(a.cases) or (a.store and not a.policy) or (a.cases and not a.old):
        ap.error("give --store DB --policy NAME, or --cases CASES.jsonl --old OLD")

    import dask
    import dask.dataframe as dd
    from dask.distributed import Client, LocalCluster

    # The tasks run functions of this file imported as a module (not
    # __main__), so workers import them by name instead of unpickling code.
    sys.path.insert(0, str(HERE))
    import dask_backtest as tasks_module
    new_json = _plan_json(a.new)
    parts = a.partitions or 4 * a.workers
    if a.store:
        store = Store(a.store)
        try:
            runs = [r for r in store.runs() if r["policy"] == a.policy]
        finally:
            store.close()
        if not runs:
            print(f"no run of \"{a.policy}\" is stored in {a.store}", file=sys.stderr)
            return 8
        rows = [{"run": r["run"], "case": r["case"], "version": r["version"],
                 "manifest": r.get("manifest")} for r in runs]
        store_path = os.path.abspath(a.store)
        tasks = [dask.delayed(tasks_module.backtest_runs)(store_path, new_json, c) for c in _chunks(rows, parts)]
    else:
        base = Path(a.cases).resolve().parent
        records = []
        for line in Path(a.cases).read_text().splitlines():
            if line.strip():
                rec = json.loads(line)
                for d in rec.get("documents") or []:
                    if "path" in d and not os.path.isabs(d["path"]):
                        d["path"] = str(base / d["path"])
                records.append(rec)
        old_json = _plan_json(a.old)
        tasks = [dask.delayed(tasks_module.backtest_cases)(old_json, new_json, c)
                 for c in _chunks(records, parts)]

    meta = pd.DataFrame({"case": pd.Series(dtype=object), "run": pd.Series(dtype=object),
                         "version": pd.Series(dtype=object), "changed": pd.Series(dtype=bool),
                         "before": pd.Series(dtype=object), "after": pd.Series(dtype=object),
                         "unrecorded": pd.Series(dtype=object), "why": pd.Series(dtype=object)})
    # Worker processes import libpolicy from this checkout, like this one.
    os.environ["PYTHONPATH"] = os.pathsep.join(
        [str(HERE.parent / "bindings" / "python"), str(HERE)] +
        [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p])
    if a.scheduler:
        client = Client(a.scheduler)
        cluster = None
    else:
        cluster = LocalCluster(n_workers=a.workers, threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=40)
        client = Client(cluster)
    try:
        df = dd.from_delayed(tasks, meta=meta).compute()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()

    changed = df[df["changed"]]
    with_unrecorded = int((df["unrecorded"] != "").sum())
    print(f"Backtest of {a.new} over {len(df)} decisions on Dask "
          f"({a.scheduler or f'LocalCluster, {a.workers} workers'}, {len(tasks)} partitions):")
    for _, r in changed.head(20).iterrows():
        print(f"  changed  {r['case']}" + (f" (run {r['run']}, {r['version']})" if a.store else ""))
        print(f"           {r['before']}\n        -> {r['after']}")
    if len(changed) > 20:
        print(f"  ... and {len(changed) - 20} more")
    print(f"{len(changed)} of {len(df)} decisions would change.", end="")
    if with_unrecorded:
        print(f" {with_unrecorded} replays needed inputs the record does not hold.", end="")
    print()
    if a.json:
        df.to_json(a.json, orient="records", indent=1)
    return 1 if len(changed) else 0


if __name__ == "__main__":
    sys.exit(main())
