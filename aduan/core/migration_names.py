"""Fails when a migration kept Django's automatic name: every migration is named by hand
(`makemigrations -n dispatch_add_due_at`), so the history reads as a list of decisions."""

from __future__ import annotations

import re
import sys
from pathlib import Path

AUTO_NAME = re.compile(r"^\d{4}_(auto_\d{8}_\d{4}|initial)\.py$")


def auto_named(root: Path) -> list[Path]:
    return sorted(p for p in root.glob("**/migrations/*.py") if AUTO_NAME.match(p.name))


def main() -> int:
    bad = auto_named(Path(__file__).resolve().parent.parent)
    for path in bad:
        print(f"{path}: name the migration by hand (makemigrations -n <what_it_does>)")  # noqa: T201
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
