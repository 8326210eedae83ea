#!/usr/bin/env python3
"""Generate claims cases for examples/claims/policy.txt, deterministically.

    gen_claims.py N OUT.jsonl           # N case records, one JSON line each
    gen_claims.py N OUT_DIR --folders   # N case folders (the `policy test` layout)

Amounts, dates and policy periods vary with the case number (a fixed
pseudo-random sequence), so the decisions mix all three outcomes of the
claims policy (escalate, standard processing, deny) and a few cases fail
(no amount on the form). The same N gives the same bytes every time.
"""
import json
import os
import random
import sys

MONTHS = ["January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December"]


def claim(i: int, rng: random.Random) -> dict:
    amount = rng.choice([rng.randint(500, 49_999), rng.randint(50_000, 250_000),
                         50_000, rng.randint(1_000, 20_000)])
    year, month, day = 2026, rng.randint(1, 12), rng.randint(1, 28)
    lines = [
        "NORTHWIND MUTUAL INSURANCE COMPANY",
        "Property Loss Notice - Form PL-2",
        f"Policy Number: HO-{4000 + i % 5000:04d}-{i:06d}",
        f"Date of Loss: {MONTHS[month - 1]} {day}, {year}",
    ]
    if i % 97 != 13:  # now and then a form without an amount: no decision
        lines.append(f"Amount Claimed: ${amount:,}.{rng.randint(0, 99):02d}")
    start_year = rng.choice([2025, 2025, 2025, 2026])
    facts = {
        "policy effective date": f"{start_year}-{rng.randint(1, 12):02d}-01",
        "policy expiration date": f"{start_year + 1}-{rng.randint(1, 12):02d}-01",
    }
    return {"case": f"CL-{i:06d}",
            "documents": [{"type": "claim form", "text": "\n".join(lines) + "\n"}],
            "facts": facts}


def main() -> None:
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    n, out = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(20)
    cases = (claim(i, rng) for i in range(n))
    if "--folders" in sys.argv[3:]:
        for c in cases:
            d = os.path.join(out, c["case"], "docs")
            os.makedirs(d, exist_ok=True)
            with open(os.path.join(d, "claim_form.txt"), "w") as f:
                f.write(c["documents"][0]["text"])
            with open(os.path.join(out, c["case"], "facts.json"), "w") as f:
                json.dump(c["facts"], f)
    else:
        with open(out, "w") as f:
            for c in cases:
                f.write(json.dumps(c) + "\n")


if __name__ == "__main__":
    main()
