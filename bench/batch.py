"""bench/batch.py: how `policy batch` scales from 1 thread to 2 (issue 20).

    python3 bench/batch.py [--rounds 15] [--cases 10000] [POLICY ...]

POLICY is a `policy` executable (default build/cli/policy); give two to
compare builds (a wrapper script that sets LD_LIBRARY_PATH will do). The
claims example is compiled and `examples/batch/gen_claims.py` makes the
cases, once. Each round runs every POLICY on 1 and on 2 threads
(`--fixed-clock 0 --json`, the rate `policy batch` reports: cases decided
per second of the batch, reading the cases included), and once two
1-thread batches of the first POLICY at the same time: two processes that
share nothing, so their summed rate over one batch's is what the machine
itself gives a second thread (its ceiling for the 2-thread ratio).

The machine is shared and its speed drifts (the same 1-thread batch
runs anywhere from 21,000 to 36,000 cases/s on the 2-vCPU development
machine), so: the 1- and 2-thread runs of a POLICY are back to back (which
goes first alternates), and each round's 2-thread rate over its 1-thread
rate is a paired ratio, less disturbed by slow drift than the ratio of
the medians; each run waits (up to 20 s) for half a second in which other
processes used under 5% of the CPUs; and the CPU time others used during
each run is recorded (all CPUs' busy time in /proc/stat minus the run's
own). Prints the medians of the rates, the ratio of the medians, and the
median and quartiles of the paired ratios, over all rounds and over the
quiet ones (others under 0.03 CPU-seconds in both runs). Asserts nothing;
not a test.
"""
import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HZ = os.sysconf("SC_CLK_TCK")
QUIET = 0.03


def busy_jiffies():
    with open("/proc/stat") as f:
        v = list(map(int, f.readline().split()[1:]))
    return sum(v[:3]) + sum(v[5:8]), sum(v)


def wait_quiet():
    t0 = time.time()
    while time.time() - t0 < 20:
        a, ta = busy_jiffies()
        time.sleep(0.5)
        b, tb = busy_jiffies()
        if b - a < 0.05 * (tb - ta):
            return


def batch_cmd(policy, work, threads, out):
    return [policy, "batch", f"{work}/plan.json", "--cases", f"{work}/cases.jsonl", "--out",
            out, "--threads", str(threads), "--fixed-clock", "0", "--json"]


def timed(cmds, outs):
    """Run the commands at once; their rates and the CPU-s others used."""
    for o in outs:
        if os.path.exists(o):
            os.remove(o)
    wait_quiet()
    b0, _ = busy_jiffies()
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    procs = [subprocess.Popen(c, stdout=subprocess.PIPE, text=True) for c in cmds]
    rates = []
    for p in procs:
        out, _ = p.communicate()
        if p.returncode != 0:
            sys.exit(f"batch.py: {' '.join(p.args)}: exit {p.returncode}")
        rates.append(json.loads(out)["cases_per_second"])
    b1, _ = busy_jiffies()
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    own = r1.ru_utime + r1.ru_stime - r0.ru_utime - r0.ru_stime
    return rates, max(0.0, (b1 - b0) / HZ - own)


def quartiles(v):
    q = statistics.quantiles(v, n=4) if len(v) > 1 else [v[0]] * 3
    return f"{q[1]:.2f}x (quartiles {q[0]:.2f}-{q[2]:.2f}, n={len(v)})"


def line(label, rows, names=("1 thread", "2 threads")):
    """rows: (1-thread rate, 2-thread rate, others' CPU-s) a round."""
    if not rows:
        return f"  {label}: no runs"
    one = [a for a, _, _ in rows]
    two = [b for _, b, _ in rows]
    m1, m2 = statistics.median(one), statistics.median(two)
    return (f"  {label}: {names[0]} {m1:,.0f} cases/s ({min(one):,.0f}-{max(one):,.0f}), "
            f"{names[1]} {m2:,.0f} ({min(two):,.0f}-{max(two):,.0f}): {m2 / m1:.2f}x; "
            f"paired {quartiles([b / a for a, b, _ in rows])}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=15)
    ap.add_argument("--cases", type=int, default=10000)
    ap.add_argument("policy", nargs="*", default=[os.path.join(ROOT, "build", "cli", "policy")])
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as work:
        first = a.policy[0]
        subprocess.run([first, "compile", f"{ROOT}/examples/claims/policy.txt", "-o",
                        f"{work}/plan.json"], check=True)
        subprocess.run([sys.executable, f"{ROOT}/examples/batch/gen_claims.py", str(a.cases),
                        f"{work}/cases.jsonl"], check=True)
        jobs = [p for p in a.policy] + ["pair"]
        runs = {p: [] for p in a.policy}
        pair = []
        for r in range(a.rounds):
            for p in jobs[r % len(jobs):] + jobs[:r % len(jobs)]:
                if p == "pair":
                    outs = [f"{work}/pair{i}.jsonl" for i in (1, 2)]
                    solo, others = timed([batch_cmd(first, work, 1, f"{work}/solo.jsonl")],
                                         [f"{work}/solo.jsonl"])
                    both, others2 = timed([batch_cmd(first, work, 1, o) for o in outs], outs)
                    pair.append((solo[0], sum(both), max(others, others2)))
                    continue
                out = f"{work}/out.jsonl"
                rate, others = {}, 0.0
                for t in ((1, 2) if r % 2 == 0 else (2, 1)):
                    (rate[t],), o = timed([batch_cmd(p, work, t, out)], [out])
                    others = max(others, o)
                runs[p].append((rate[1], rate[2], others))
        print(f"policy batch, {a.cases:,} claims cases, {a.rounds} rounds; "
              f"load average now {open('/proc/loadavg').read().split()[0]}")
        for p in a.policy:
            print(p)
            print(line("all  ", runs[p]))
            print(line("quiet", [x for x in runs[p] if x[2] < QUIET]))
        print("the machine: two 1-thread batches at once, their rates summed")
        names = ("one alone", "two at once")
        print(line("all  ", pair, names))
        print(line("quiet", [x for x in pair if x[2] < QUIET], names))
        others = [o for p in a.policy for _, _, o in runs[p]]
        print(f"  CPU-s others used per round: median {statistics.median(others):.3f}, "
              f"max {max(others):.3f}; quiet rounds {sum(o < QUIET for o in others)} of {len(others)}")


if __name__ == "__main__":
    main()
