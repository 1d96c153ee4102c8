"""Entry point: ``python -m benchmarks [NAME] [ARGS...]``."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path


def available() -> dict[str, str]:
    """Benchmark modules (those defining ``main``) with the first line of their docstring."""
    found: dict[str, str] = {}
    for info in pkgutil.iter_modules([str(Path(__file__).parent)]):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"benchmarks.{info.name}")
        if callable(getattr(module, "main", None)):
            found[info.name] = (
                (module.__doc__ or "").strip().splitlines()[0:1][0] if module.__doc__ else ""
            )
    return found


def run(argv: list[str]) -> int:
    names = available()
    if not argv or argv[0] in {"-h", "--help", "list"}:
        print("benchmarks (python -m benchmarks NAME):")
        for name, summary in sorted(names.items()):
            print(f"  {name:<14} {summary}")
        return 0
    name, rest = argv[0], argv[1:]
    if name not in names:
        print(
            f"unknown benchmark {name!r}; choose from: {', '.join(sorted(names))}", file=sys.stderr
        )
        return 2
    module = importlib.import_module(f"benchmarks.{name}")
    return int(module.main(rest) or 0)


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
