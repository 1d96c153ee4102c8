"""Voting methods: pure tally code, one module a method, found by name through ``METHODS``."""

from __future__ import annotations

from typing import Any

from hackkit.voting.methods import approval, budget, dots, pairwise, ranked, rubric, single
from hackkit.voting.methods.base import BallotError, Method, WeightedBallot

METHODS: dict[str, Method[Any]] = {
    module.METHOD.name: module.METHOD
    for module in (single, approval, dots, budget, ranked, rubric, pairwise)
}


def get_method(name: str) -> Method[Any]:
    """The method registered under ``name``; BallotError ``unknown_method`` otherwise."""
    method = METHODS.get(name) if isinstance(name, str) else None
    if method is None:
        raise BallotError("unknown_method", f"There is no voting method called {name!r}.")
    return method


__all__ = ["METHODS", "BallotError", "Method", "WeightedBallot", "get_method"]
