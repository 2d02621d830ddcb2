"""`python -m bench.web.ab`: aduan's own replacements of Django internals against plain Django.

    python -m bench.web.ab --db sqlite --reports 1000000 --rounds 3 --duration 15
    python -m bench.web.ab --db postgres --reports 1000000 --rounds 3 --duration 15

Runs `bench.web --only bare_insert,api_submit` once per variant and round, the variants
interleaved within each round (so a slower stretch of the machine hits all of them alike):

- `aduan`: as shipped (the writers' queue of aduan.core.sqlite, aduan.core.inserts);
- `plain-engine`: Django's own SQLite backend (BENCH_PLAIN_ENGINE=1; SQLite only);
- `plain-inserts`: Model.save() for every row (BENCH_PLAIN_INSERTS=1);
- `plain`: both.

Prints, per variant, the API submission rate of every round, its median, the ratio to the bare
insert of the same run, and the gain of `aduan` over the variant. Figures go to
var/bench/ab-<database>-<reports>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

from bench.database import FULL_SIZE, VAR_DIR, Target

VARIANTS: dict[str, dict[str, str]] = {
    "aduan": {},
    "plain-engine": {"BENCH_PLAIN_ENGINE": "1"},
    "plain-inserts": {"BENCH_PLAIN_INSERTS": "1"},
    "plain": {"BENCH_PLAIN_ENGINE": "1", "BENCH_PLAIN_INSERTS": "1"},
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.web.ab", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--db", choices=["sqlite", "postgres"], required=True)
    parser.add_argument("--reports", type=int, default=FULL_SIZE)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=15)
    args = parser.parse_args(argv)
    if not 1 <= args.rounds <= 10:
        parser.error("--rounds is 1 to 10")
    variants = [v for v in VARIANTS if args.db == "sqlite" or ("engine" not in v and v != "plain")]
    if args.db == "postgres":
        variants = ["aduan", "plain-inserts"]  # the engine is SQLite's only
    target = Target(args.db, args.reports)
    rates: dict[str, list[float]] = {v: [] for v in variants}
    ratios: dict[str, list[float]] = {v: [] for v in variants}
    for round_no in range(1, args.rounds + 1):
        order = variants if round_no % 2 else list(reversed(variants))
        for variant in order:
            print(f"== round {round_no}, {variant}", flush=True)
            figures = _run(target, args.duration, VARIANTS[variant])
            submit = figures["runs"]["api_submit"]["per_second"]
            bare = figures["runs"]["bare_insert"]["per_second"]
            rates[variant].append(submit)
            ratios[variant].append(submit / bare)
    summary: dict[str, Any] = {"database": args.db, "reports": args.reports, "variants": {}}
    print(f"\nAPI submissions per second, {args.db}, {args.reports:,} reports")
    base = statistics.median(rates["aduan"])
    for variant in variants:
        median = statistics.median(rates[variant])
        gain = base / median - 1
        summary["variants"][variant] = {
            "rates": rates[variant],
            "median": median,
            "ratio_to_bare_insert": statistics.median(ratios[variant]),
            "aduan_gain_over_it": gain,
        }
        shown = ", ".join(f"{r:,.0f}" for r in rates[variant])
        print(
            f"  {variant:14} {shown:30} median {median:,.0f}  ratio "
            f"{statistics.median(ratios[variant]):.0%}  aduan's gain {gain:+.1%}"
        )
    out = VAR_DIR / f"ab-{target.vendor}-{target.reports}.json"
    out.write_text(json.dumps(summary, indent=2))
    print(f"  written to var/bench/{out.name}")
    return 0


def _run(target: Target, duration: int, switches: dict[str, str]) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BENCH_PLAIN_")}
    env.update(switches)
    out = VAR_DIR / f"web-{target.vendor}-{target.reports}-bare_insert+api_submit.json"
    out.unlink(missing_ok=True)  # never read an older run's figures as this one's
    subprocess.run(  # noqa: S603 (our own module, fixed arguments)
        [
            sys.executable, "-m", "bench.web", "--db", target.vendor, "--reports",
            str(target.reports), "--duration", str(duration), "--only", "bare_insert,api_submit",
        ],
        env=env,
        check=False,  # bench.web exits 1 when a target is missed; the figures are still written
    )  # fmt: skip
    if not out.exists():
        raise SystemExit(f"bench.web wrote no figures ({out.name}): see its message above")
    return dict(json.loads(Path(out).read_text()))


if __name__ == "__main__":
    sys.exit(main())
