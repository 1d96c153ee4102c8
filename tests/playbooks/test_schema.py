"""The front matter models: enums, limits and cross-field rules the app relies on."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from hackkit.playbooks.pages import parse_page
from hackkit.playbooks.schema import TeamSize, Template, VotingMethod, WallMode


def template(**changes: object) -> dict:
    data: dict = {
        "kind": "template",
        "title": "T",
        "agenda": [{"name": "Hack", "minutes": 60}],
    }
    data.update(changes)
    return data


def test_wall_modes_and_voting_methods_are_exactly_what_the_app_knows() -> None:
    assert {m.value for m in WallMode} == {
        "join",
        "ideas",
        "results",
        "agenda",
        "announcement",
        "teams",
        "identify",
        "progress",
        "survey",
    }
    assert {m.value for m in VotingMethod} == {
        "single",
        "approval",
        "dots",
        "budget",
        "ranked",
        "rubric",
        "pairwise",
    }


def test_defaults_fill_team_size_wall_skills_and_ballots() -> None:
    meta = Template.model_validate(template())
    assert (meta.team_size.min, meta.team_size.max) == (3, 5)
    assert meta.agenda[0].wall is WallMode.AGENDA
    assert meta.skills == () and meta.ballots == ()
    assert meta.total_minutes == 60


@settings(max_examples=100, deadline=None)
@given(st.integers(-10, 1500))
def test_minutes_accepted_only_from_1_to_1440(minutes: int) -> None:
    data = template(agenda=[{"name": "Hack", "minutes": minutes}])
    if 1 <= minutes <= 1440:
        assert Template.model_validate(data).agenda[0].minutes == minutes
    else:
        with pytest.raises(ValidationError):
            Template.model_validate(data)


@settings(max_examples=100, deadline=None)
@given(st.integers(-2, 22), st.integers(-2, 22))
def test_team_size_within_1_to_20_and_min_not_above_max(low: int, high: int) -> None:
    valid = 1 <= low <= high <= 20
    try:
        TeamSize.model_validate({"min": low, "max": high})
    except ValidationError:
        assert not valid
    else:
        assert valid


@pytest.mark.parametrize(
    "changes",
    [
        {"title": "x" * 81},
        {"agenda": [{"name": f"P{i}", "minutes": 1} for i in range(41)]},
        {"agenda": []},
        {"agenda": [{"name": "Hack", "minutes": 60, "checklist": ["x"] * 51}]},
        {"agenda": [{"name": "Hack", "minutes": True}]},
        {"agenda": [{"name": "Hack", "minutes": 2.5}]},
        {"skills": [f"s{i}" for i in range(61)]},
        {"skills": ["data", "Data"]},
        {"agenda": [{"name": "A", "minutes": 1}, {"name": "A", "minutes": 1}]},
        {"ballots": [{"title": "B", "method": "dots", "phase": "Elsewhere"}]},
        {"ballots": [{"title": "B", "method": "dots", "rubric": "impact"}]},
        {"ballots": [{"title": "B", "method": "rubric"}]},
        {"ballots": [{"title": "B", "method": "borda"}]},
        {"colour": "red"},
    ],
)
def test_out_of_bounds_or_inconsistent_templates_are_rejected(changes: dict) -> None:
    with pytest.raises(ValidationError):
        Template.model_validate(template(**changes))


def test_ballot_params_are_kept_loosely_for_the_voting_module() -> None:
    meta = Template.model_validate(
        template(ballots=[{"title": "B", "method": "dots", "params": {"dots": 3, "extra": [1]}}])
    )
    assert meta.ballots[0].params == {"dots": 3, "extra": [1]}


def test_ballot_params_must_be_json_data() -> None:
    import datetime

    data = template(
        ballots=[{"title": "B", "method": "dots", "params": {"when": datetime.date(2025, 1, 1)}}]
    )
    with pytest.raises(ValidationError):
        Template.model_validate(data)


def test_schema_doc_examples_validate_and_list_every_enum_value() -> None:
    doc = (Path(__file__).parents[2] / "docs" / "playbook-schema.md").read_text(encoding="utf-8")
    examples = re.findall(r"```yaml\n(.*?)```", doc, re.DOTALL)
    assert len(examples) >= 3
    for example in examples:
        page, problems = parse_page(example + "# Example\n", Path("doc.md"), "doc")
        assert problems == [] and page.meta is not None, example
    for value in [*WallMode, *VotingMethod]:
        assert f"`{value.value}`" in doc


def test_a_survey_must_name_a_phase_of_the_agenda_and_keys_must_not_repeat() -> None:
    from hackkit.playbooks.schema import COLLECT_ISSUES, Template, consistency_issues

    data = template(
        surveys=[
            {"title": "Feedback", "phase": "Closing"},
            {
                "title": "Mine",
                "questions": [
                    {"key": "a", "kind": "rating", "label": "A?"},
                    {"key": "a", "kind": "nps", "label": "B?"},
                ],
            },
        ]
    )
    meta = Template.model_validate(data, context={COLLECT_ISSUES: True})
    messages = [issue.message for issue in consistency_issues(meta)]
    assert any("names phase 'Closing', which is not in the agenda" in m for m in messages)
    assert "question key 'a' is used twice" in messages
