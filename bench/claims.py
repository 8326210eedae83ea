"""bench/claims.py: run-peers' libpolicy row through the Python binding.

    LIBPOLICY_PATH=build/lib/libpolicy.so.0 PYTHONPATH=bindings/python python3 bench/claims.py

The claims-intake decision of ../shared/bench/claims.mjs with the same
inputs: the English policy compiled once, each decision's extract and
lookup tasks answered from the input by Python callbacks (pre-extracted,
like the other engines), the full hash-chained why-trail kept. Prints
ns/decision, the median of 5 runs of N decisions (N from the environment,
default 20000), wall clock and process CPU time. Not a test.
"""
import os
import statistics
import sys
import time

import libpolicy as lp

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
POLICY = os.path.join(ROOT, "..", "shared", "corpus", "dev", "claims_intake", "policy.txt")
N = int(os.environ.get("N", "20000"))


def iso(d):
    s = str(d)
    return f"{s[0:4]}-{s[4:6]}-{s[6:8]}"


inputs = [{"claimed_amount": (i * 7919) % 100000,
           "date_of_loss": 20250101 + (i % 12) * 100 + (i % 28),
           "policy_effective": 20250601, "policy_expiration": 20260601} for i in range(N)]
answers = [{"policy number": "P-1", "date of loss": iso(x["date_of_loss"]),
            "claimed amount": x["claimed_amount"],
            "policy effective date": iso(x["policy_effective"]),
            "policy expiration date": iso(x["policy_expiration"])} for x in inputs]

plan = lp.Plan.compile_file(POLICY)
current = {}
host = lp.Host(extract=lambda doc, field, typ, req: {"value": current[field]},
               lookup=lambda fact, req: {"value": current[fact]})


def decide(a):
    global current
    current = a
    x = lp.execute(plan, None, host)
    out = [act.text for act in x.actions]
    x.close()
    return out


wall, cpu = [], []
for _ in range(5):
    t0, c0 = time.perf_counter_ns(), time.process_time_ns()
    for a in answers:
        decide(a)
    wall.append((time.perf_counter_ns() - t0) / N)
    cpu.append((time.process_time_ns() - c0) / N)
print(f"python {sys.version.split()[0]}, libpolicy {lp.library_version()}: N={N}, "
      f"ns/decision median of 5: wall {statistics.median(wall):.0f}, "
      f"cpu {statistics.median(cpu):.0f}")
