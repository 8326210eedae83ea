"""Replaying a recorded trail with a plan, and comparing decisions.

The same rules as the CLI's ``policy replay`` and ``policy backtest``
(cli/replay.c, docs/lifecycle.md), so a backtest run from Python (on Dask
workers, say) agrees with ``policy backtest`` case for case:

- the trail holds every value the world gave the execution, so the replay
  drives the sans-I/O loop and answers each task from the record: by step
  id, then by kind and label; a lookup the record lacks comes from the
  run's manifest facts, anything else is answered "missing" and listed;
- documents are stand-ins: how many of each type the manifest says (or
  the evidence and requirement reasons suggest), carrying the recorded
  snippets and model quotes;
- the clock reads the first entry's start;
- decisions compare as the corpus compares them: status, actions and
  failed checks as sets (case, articles, quotes and end punctuation aside).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Optional

from .case import Case
from .execution import Execution
from .plan import Plan, StepKind
from .trail import Trail

__all__ = ["Decision", "Replay", "decision_from_trail", "decision_of", "replay"]


def _normalize(s: str) -> str:
    s = "".join(ch for ch in s.lower() if ch not in "\"'`()")
    s = s.rstrip(" \t\n\r.;:")
    return " ".join(w for w in s.split() if w not in ("the", "a", "an"))


@dataclass
class Decision:
    """A decision in comparable form."""
    failed: bool = False
    actions: list = field(default_factory=list)
    checks: list = field(default_factory=list)
    error: Optional[str] = None

    @staticmethod
    def _push(items: list, s: str) -> None:
        if not any(_normalize(x) == _normalize(s) for x in items):
            items.append(s)

    def same(self, other: "Decision") -> bool:
        def as_set(items: list) -> set:
            return {_normalize(x) for x in items}
        return (self.failed == other.failed and as_set(self.actions) == as_set(other.actions)
                and as_set(self.checks) == as_set(other.checks)
                and len(self.actions) == len(other.actions)
                and len(self.checks) == len(other.checks))

    def to_dict(self) -> dict:
        return {"status": "failed" if self.failed else "complete", "actions": list(self.actions),
                "failed_checks": list(self.checks), "error": self.error}

    def __str__(self) -> str:
        if self.failed:
            return "failed (no decision)"
        s = "complete: " + ("; ".join(self.actions) if self.actions else "no action")
        if self.checks:
            n = len(self.checks)
            s += f" ({n} failed check{'' if n == 1 else 's'})"
        return s


def decision_from_json(d: dict) -> Decision:
    """From policy_exec_decision_json's object."""
    out = Decision(failed=d.get("status", "complete") != "complete", error=d.get("error"))
    for a in d.get("actions") or []:
        t = a if isinstance(a, str) else a.get("text")
        if t:
            Decision._push(out.actions, t)
    for c in d.get("failed_checks") or []:
        t = c if isinstance(c, str) else c.get("text")
        if t:
            Decision._push(out.checks, t)
    return out


def decision_of(x: Execution) -> Decision:
    return decision_from_json(x.decision)


def decision_from_trail(entries: list) -> Decision:
    """What a recorded trail decided (as the executor derives it)."""
    d = Decision()
    for e in entries:
        kind, label, out = e.get("kind"), e.get("label"), e.get("output")
        if not kind or not label or kind not in ("action", "check", "require"):
            continue
        if out is None:
            if not d.failed:
                why = e.get("reason")
                d.error = f'"{label}" cannot be decided' + (f": {why}" if why else "")
            d.failed = True
        elif kind == "action" and out is True:
            text = label
            for g in e.get("guardrails") or []:
                if g.get("alternative"):
                    text = g["alternative"]
            Decision._push(d.actions, text)
        elif kind != "action" and out is False:
            Decision._push(d.checks, label)
    if d.failed:
        d.actions = []
    return d


def _same_label(a: Optional[str], b: Optional[str]) -> bool:
    return a is not None and b is not None and " ".join(a.lower().split()) == " ".join(
        b.lower().split())


@dataclass
class Replay:
    decision: Decision
    unrecorded: list
    execution: Execution


class _Record:
    def __init__(self, trail_jsonl: str, manifest: Optional[dict]) -> None:
        with Trail.load(trail_jsonl):  # verifies the hash chain
            pass
        self.entries = [json.loads(line) for line in trail_jsonl.splitlines() if line.strip()]
        if not self.entries:
            raise ValueError("the trail has no entries")
        first = self.entries[0]
        self.case_id = first.get("case")
        self.clock = int(first.get("started") or 0)
        self.manifest = manifest

    def find_entry(self, kind: str, step: str, label: Optional[str]) -> Optional[dict]:
        for e in self.entries:
            if e.get("kind") == kind and e.get("step") == step:
                return e
        for e in self.entries:
            if e.get("kind") == kind and _same_label(e.get("label"), label):
                return e
        return None

    def find_evidence(self, step: str) -> Any:
        for e in self.entries:
            for i in e.get("inputs") or []:
                if i.get("step") == step and i.get("evidence") is not None:
                    return i["evidence"]
        return None

    def manifest_fact(self, name: Optional[str]) -> Any:
        for k, v in ((self.manifest or {}).get("facts") or {}).items():
            if _same_label(k, name):
                return (v,)
        return None


_REQUIRE = re.compile(r"^(\d+) (.+?) in the case; ")


def _build_case(plan: Plan, r: _Record) -> Case:
    counts: dict = {}
    texts: dict = {}
    quotes: list = []

    def doc(name: str) -> str:
        for k in counts:
            if k.lower() == name.lower():
                return k
        counts[name] = 0
        texts[name] = []
        return name

    def at_least(name: str, n: int) -> None:
        k = doc(name)
        counts[k] = max(counts[k], n)

    def from_evidence(ev: dict) -> None:
        if not isinstance(ev, dict) or not isinstance(ev.get("document"), str):
            return
        n = ev.get("count") if isinstance(ev.get("count"), (int, float)) else \
            ev.get("index") if isinstance(ev.get("index"), (int, float)) else 1
        at_least(ev["document"], int(n) or 1)
        if isinstance(ev.get("snippet"), str):
            texts[doc(ev["document"])].append(ev["snippet"])

    for e in r.entries:
        for i in e.get("inputs") or []:
            ev = i.get("evidence")
            if isinstance(ev, list):
                for item in ev:
                    from_evidence(item)
            elif isinstance(ev, dict):
                from_evidence(ev)
                quotes.extend(q for q in ev.get("quotes") or [] if isinstance(q, str))
        if e.get("kind") == "require" and isinstance(e.get("reason"), str):
            m = _REQUIRE.match(e["reason"])
            if m:
                at_least(m.group(2), int(m.group(1)))
    if r.manifest:
        for name, n in (r.manifest.get("documents") or {}).items():
            if isinstance(n, (int, float)):
                counts[doc(name)] = int(n)
    else:
        recorded = {e.get("step") for e in r.entries}
        for s in json.loads(plan.save()).get("steps", []):
            if s.get("id") in recorded:
                for d in (s.get("llm") or {}).get("documents") or []:
                    if isinstance(d, str):
                        at_least(d, 1)
    case = Case(r.case_id)
    for name, n in counts.items():
        body = "".join(t + "\n" for t in texts[name] + quotes)
        for _ in range(n):
            case.add_document(name, body)
    return case


def _model_answer(req: dict, entry: dict, ev: Any) -> dict:
    key = None
    for k in (req.get("schema") or {}).get("required") or []:
        if isinstance(k, str) and k not in ("rationale", "evidence"):
            key = k
    ev = ev if isinstance(ev, dict) else {}
    quotes = ev.get("quotes")
    return {"answer": {key: entry.get("output"),
                       "rationale": ev.get("rationale") or "replayed from the trail",
                       "evidence": quotes if isinstance(quotes, list) else []},
            "usage": {"prompt_tokens": entry.get("tokens") or 0, "completion_tokens": 0}}


def _answer(plan_labels: dict, r: _Record, task, unrecorded: list) -> dict:
    kname = str(task.kind)
    label = plan_labels.get(task.step_id)
    entry = r.find_entry(kname, task.step_id, label)
    ev = r.find_evidence(entry["step"]) if entry else None
    if entry is None:
        fact = r.manifest_fact(label) if task.kind == StepKind.LOOKUP else None
        if fact is not None:
            return {"value": fact[0], "source": "case facts"}
        unrecorded.append(f"{label or task.step_id} ({kname})")
        return {"missing": "not recorded in the trail being replayed"}
    out = entry.get("output")
    if out is None:
        if entry.get("error"):
            return {"error": entry["error"]}
        return {"missing": entry.get("reason") or "missing when recorded"}
    if task.kind == StepKind.LLM:
        return _model_answer(task.request, entry, ev)
    if task.request.get("each") is True:
        values = []
        for i, v in enumerate(out if isinstance(out, list) else []):
            item = {"value": v}
            evi = ev[i] if isinstance(ev, list) and i < len(ev) else None
            if evi is not None:
                item["evidence"] = evi
            values.append(item)
        return {"values": values}
    a = {"value": out}
    if ev is not None:
        a["evidence"] = ev
    return a


def replay(plan: Plan, trail_jsonl: str, manifest: Optional[dict] = None) -> Replay:
    """Re-execute a recorded case with `plan`, answering every task from
    the record. The caller closes ``result.execution``."""
    r = _Record(trail_jsonl, manifest)
    labels = {s.id: s.label for s in plan.steps}
    unrecorded: list = []
    with _build_case(plan, r) as case:
        x = Execution.start(plan, case, now=lambda: r.clock)
    try:
        while True:
            task = x.next()
            if task is None:
                break
            x.complete(task, _answer(labels, r, task, unrecorded))
        return Replay(decision_of(x), unrecorded, x)
    except BaseException:
        x.close()
        raise
