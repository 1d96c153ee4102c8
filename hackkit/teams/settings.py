"""The event's rules for teams, profiles and ideas, kept in ``Event.settings``.

Team size bounds, the skill list participants choose from, which optional profile fields are
asked, whether individuals may submit ideas, the stages a team moves through, whether idea
submission is open, and whether teams are locked. Every screen gets them in the snapshot and
as ``teams.settings`` when the facilitator changes them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from hackkit.auth import Principal
from hackkit.errors import ServiceError
from hackkit.events.models import Event
from hackkit.realtime import publish, snapshot_part
from hackkit.teams.schemas import PROFILE_FIELDS, TeamSettingsFields

DEFAULT_STAGES = ("idea", "prototype", "pitch ready")


@dataclass(frozen=True)
class TeamSettings:
    """The settings with their defaults filled in."""

    team_min: int = 2
    team_max: int = 5
    skills: list[str] = field(default_factory=list)
    profile_fields: list[str] = field(default_factory=list)
    individual_ideas: bool = False
    team_stages: list[str] = field(default_factory=lambda: list(DEFAULT_STAGES))
    submissions_open: bool = True
    teams_locked: bool = False

    def to_dict(self) -> dict[str, Any]:
        """JSON form, as clients get it."""
        return asdict(self)


def team_settings(event: Event) -> TeamSettings:
    """The event's team settings; missing or malformed values fall back to the defaults."""
    raw = event.settings or {}
    defaults = TeamSettings()
    values: dict[str, Any] = {}
    for name, default in asdict(defaults).items():
        value = raw.get(name, default)
        # Settings may have been written by hand or by an older version; never trust the type.
        if isinstance(default, bool):
            value = value if isinstance(value, bool) else default
        elif isinstance(default, int):
            value = value if isinstance(value, int) and not isinstance(value, bool) else default
        elif isinstance(default, list):
            value = [v for v in value if isinstance(v, str)] if isinstance(value, list) else default
        values[name] = value
    values["profile_fields"] = [f for f in values["profile_fields"] if f in PROFILE_FIELDS]
    if not values["team_stages"]:
        values["team_stages"] = list(DEFAULT_STAGES)
    if not 1 <= values["team_min"] <= values["team_max"]:
        values["team_min"], values["team_max"] = defaults.team_min, defaults.team_max
    return TeamSettings(**values)


def changed_settings(current: TeamSettings, fields: TeamSettingsFields) -> TeamSettings:
    """The settings with the fields given changed (the others kept); refused if inconsistent."""
    changes = fields.model_dump(exclude_unset=True)
    changes = {k: v for k, v in changes.items() if v is not None}
    merged = TeamSettings(**{**current.to_dict(), **changes})
    if merged.team_min > merged.team_max:
        raise ServiceError(
            "team_size_invalid",
            f"The smallest team size ({merged.team_min}) is larger than "
            f"the largest ({merged.team_max}).",
        )
    if "skills" in changes:
        merged = _replace(merged, skills=list(dict.fromkeys(merged.skills)))
    return merged


def save_team_settings(session: Session, event: Event, settings: TeamSettings) -> None:
    """Store the settings in the event and tell every screen."""
    event.settings = {**(event.settings or {}), **settings.to_dict()}
    session.flush()
    publish(session, event.id, "teams.settings", settings.to_dict())


def set_teams_locked(session: Session, event: Event, locked: bool) -> None:
    """Record that all teams are locked (no new teams, joins or leaves) or open again."""
    save_team_settings(session, event, _replace(team_settings(event), teams_locked=locked))


def _replace(settings: TeamSettings, **changes: Any) -> TeamSettings:
    return TeamSettings(**{**settings.to_dict(), **changes})


@snapshot_part
def _settings_part(session: Session, event: Event, principal: Principal) -> dict[str, Any]:
    return {"team_settings": team_settings(event).to_dict()}
