"""What every voting method shares: the ballot error, the weighted ballot, the method protocol,
and the small checks and ranking rule that keep the methods consistent with each other.

Pure code: plain data in, plain (JSON-ready) data out.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

# Scores that differ only by float noise (weights like 0.1 + 0.2) must still tie.
SCORE_DIGITS = 9

P = TypeVar("P")


class BallotError(ValueError):
    """A ballot, parameter set or method name was refused.

    ``code`` is a stable snake_case string the client can switch on (``"too_many_dots"``);
    ``message`` is readable English that can be shown as is.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


@dataclass(frozen=True)
class WeightedBallot:
    """One stored ballot as a tally sees it.

    ``voter_key`` is an opaque pseudonym, stable per voter within one vote; it lets the rubric
    normalise per juror and the pairwise model learn per judge, and never identifies a person.
    """

    content: Any
    weight: float = 1.0
    voter_key: str = ""

    def __post_init__(self) -> None:
        weight = self.weight
        if (
            isinstance(weight, bool)
            or not isinstance(weight, int | float)
            or not math.isfinite(weight)
            or weight < 0
        ):
            raise BallotError("invalid_weight", "A voter's weight must be a number of 0 or more.")


class Method(Protocol[P]):
    """The interface the voting service calls; one implementation per module."""

    name: str
    label: str

    def params_from(self, data: Any) -> P:
        """Validate stored parameters (a dict or None) and return the method's params."""
        ...

    def validate(self, options: Sequence[str], content: Any, params: P) -> dict:
        """Check one ballot and return its normalised content, ready to store as JSON."""
        ...

    def tally(self, options: Sequence[str], ballots: Sequence[WeightedBallot], params: P) -> dict:
        """Count stored ballots into a JSON-ready result with at least method/ballots/ranking."""
        ...


@dataclass
class Counted:
    """Ballots that passed validation against the current options, plus how many did not."""

    ballots: list[tuple[dict, float, str]] = field(default_factory=list)
    ignored: int = 0


def count_valid(
    options: Sequence[str],
    ballots: Sequence[WeightedBallot],
    validate: Callable[[Sequence[str], Any, Any], dict],
    params: Any,
) -> Counted:
    """Re-validate stored ballots; ones that no longer fit (an option was removed) are ignored.

    Tallies re-check because options and parameters can change after ballots were cast, and a
    stale ballot must neither crash the result page nor count for something that is gone.
    """
    counted = Counted()
    for ballot in ballots:
        try:
            content = validate(options, ballot.content, params)
        except BallotError:
            counted.ignored += 1
            continue
        counted.ballots.append((content, float(ballot.weight), ballot.voter_key))
    return counted


def rank(
    options: Sequence[str],
    scores: Mapping[str, float],
    *,
    last: Sequence[str] = (),
) -> list[dict]:
    """Order options best first; equal scores share a rank (1, 2, 2, 4).

    Ties keep the order the options were given in, so the same ballots always give the same
    list. Options in ``last`` (nothing to score them on) follow all others, sharing one rank.
    """
    trailing = set(last)

    def sort_key(option: str) -> tuple[bool, float]:
        if option in trailing:
            return (True, 0.0)
        # + 0.0 turns -0.0 into 0.0, so a zero score never prints as "-0.0".
        return (False, -round(float(scores.get(option, 0.0)), SCORE_DIGITS) + 0.0)

    # sorted() is stable, so equal keys keep the given option order.
    ordered = sorted(options, key=sort_key)
    result: list[dict] = []
    for index, option in enumerate(ordered):
        key = sort_key(option)
        if index == 0 or key != sort_key(ordered[index - 1]):
            current_rank = index + 1
        result.append({"option": option, "score": -key[1] + 0.0, "rank": current_rank})
    return result


def envelope(name: str, counted: Counted, ranking: list[dict], **extras: Any) -> dict:
    """The fields every tally carries, plus the method's own extras."""
    return {
        "method": name,
        "ballots": len(counted.ballots),
        "ignored": counted.ignored,
        "ranking": ranking,
        **extras,
    }


def require_fields(content: Any, fields: Sequence[str]) -> dict:
    """Content must be an object with exactly these fields."""
    if not isinstance(content, dict):
        raise BallotError("not_an_object", "A ballot must be a JSON object.")
    for name in fields:
        if name not in content:
            raise BallotError("missing_field", f"The ballot needs a {name!r} field.")
    extra = [key for key in content if key not in fields]
    if extra:
        raise BallotError("unknown_field", f"Unexpected field {str(extra[0])!r} in the ballot.")
    return content


def option_id(value: Any, known: Mapping[str, Any] | set[str], where: str = "ballot") -> str:
    """A known option id; checks the type first so junk raises BallotError, not TypeError."""
    if not isinstance(value, str):
        raise BallotError("wrong_type", f"Options in the {where} must be given by their id.")
    if value not in known:
        raise BallotError("unknown_option", f"There is no option {value!r} in this vote.")
    return value


def whole_number(value: Any, what: str) -> int:
    """A plain int (booleans and floats refused: a phone sending 2.5 dots is a bug to surface)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise BallotError("wrong_type", f"{what} must be a whole number.")
    return value


def params_dict(data: Any) -> dict:
    """Stored parameters as a dict; None means all defaults. Unknown keys are left alone."""
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise BallotError("invalid_params", "Method parameters must be an object.")
    return data


def int_param(data: dict, key: str, default: int, minimum: int) -> int:
    """An integer parameter of at least ``minimum``."""
    value = optional_int_param(data, key, minimum)
    return default if value is None else value


def optional_int_param(data: dict, key: str, minimum: int) -> int | None:
    """An integer parameter of at least ``minimum``, or None when absent or null."""
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise BallotError(
            "invalid_params", f"Parameter {key!r} must be a whole number ≥ {minimum}."
        )
    return value


def option_amounts(value: Any, options: Sequence[str], field_name: str) -> dict[str, int]:
    """An ``{option id: whole number ≥ 0}`` map, zeros dropped, keys in option order."""
    if not isinstance(value, dict):
        raise BallotError("wrong_type", f"{field_name!r} must map option ids to numbers.")
    position = {option: index for index, option in enumerate(options)}
    amounts: dict[str, int] = {}
    for key, amount in value.items():
        option = option_id(key, position)
        number = whole_number(amount, f"The amount for {option!r}")
        if number < 0:
            raise BallotError("negative_amount", f"The amount for {option!r} cannot be negative.")
        if number:
            amounts[option] = number
    return dict(sorted(amounts.items(), key=lambda item: position[item[0]]))
