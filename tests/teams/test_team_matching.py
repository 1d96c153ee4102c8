"""Automatic team forming through the service: preview, accept, and refusing stale previews."""

from __future__ import annotations

from collections import Counter


def _people(hack, count: int, skills=("Design", "Code", "Data")):
    hack.settings(team_min=2, team_max=3, skills=list(skills))
    for n in range(count):
        name = f"P{n}"
        hack.person(name)
        prefs = [hack.challenges[n % 2], hack.challenges[(n + 1) % 2]]
        hack.ok(
            "PUT", "/profile", name, {"skills": [skills[n % len(skills)]], "preferences": prefs}
        )


def test_preview_places_everyone_without_a_team_and_changes_nothing(hack):
    _people(hack, 7)
    preview = hack.ok("POST", "/matching/preview", None, {"scope": "unassigned", "seed": 3})
    assert preview["placing"] == 7
    placed = [m["id"] for t in preview["teams"] for m in t["members"]]
    assert sorted(placed) == sorted(hack.ids.values())
    assert all(2 <= len(t["members"]) <= 3 for t in preview["teams"])
    assert all(t["team_id"] is None and t["name"].startswith("New team") for t in preview["teams"])
    assert preview["score"]["total"] >= preview["baseline_score"]["total"]
    for team in preview["teams"]:
        assert team["challenge_title"] in {"Challenge 1", "Challenge 2"}
        assert 0 <= team["coverage"] <= 1
        assert all(m["rank"] in (1, 2, None) for m in team["members"])
    assert hack.snapshot()["teams"] == []  # a preview changes nothing
    again = hack.ok("POST", "/matching/preview", None, {"scope": "unassigned", "seed": 3})
    assert again["teams"] == preview["teams"]  # deterministic for a seed


def test_accepting_forms_the_previewed_teams_and_keeps_existing_ones(hack):
    _people(hack, 7)
    kept = hack.ok(
        "POST", "/teams", "P0", {"name": "Early birds", "challenge_id": hack.challenges[0]}
    )
    hack.ok("POST", "/teams/join", "P1", {"team_id": kept["id"]})
    preview = hack.ok("POST", "/matching/preview", None, {"seed": 1})
    assert preview["placing"] == 5
    done = hack.ok("POST", "/matching/accept", None, {"proposal": preview["proposal"]})
    teams = hack.snapshot()["teams"]
    assert done["created"] == sum(1 for t in preview["teams"] if t["team_id"] is None)
    members = Counter(m["id"] for t in teams for m in t["members"])
    assert sorted(members) == sorted(hack.ids.values()) and set(members.values()) == {1}
    early = next(t for t in teams if t["id"] == kept["id"])
    assert {hack.ids["P0"], hack.ids["P1"]} <= {m["id"] for m in early["members"]}
    assert all(2 <= t["member_count"] <= 3 for t in teams)
    proposed = {frozenset(m["id"] for m in t["members"]) for t in preview["teams"]}
    assert {frozenset(m["id"] for m in t["members"]) for t in teams} == proposed


def test_a_preview_is_refused_once_teams_changed(hack):
    _people(hack, 4)
    preview = hack.ok("POST", "/matching/preview", None, {})
    hack.ok("POST", "/teams", "P0", {"name": "Impatient"})
    error = hack.error("POST", "/matching/accept", None, {"proposal": preview["proposal"]}, 409)
    assert error["code"] == "preview_stale"
    forged = preview["proposal"][:-3] + "abc"
    assert (
        hack.error("POST", "/matching/accept", None, {"proposal": forged}, 400)["code"]
        == "preview_invalid"
    )


def test_everyone_scope_reforms_unlocked_teams_but_keeps_locked_ones(hack):
    _people(hack, 6)
    locked = hack.ok("POST", "/teams", "P0", {"name": "Locked"})
    hack.ok("POST", "/teams/join", "P1", {"team_id": locked["id"]})
    hack.ok("POST", f"/teams/{locked['id']}/lock", None, {"locked": True})
    loose = hack.ok("POST", "/teams", "P2", {"name": "Loose"})
    preview = hack.ok("POST", "/matching/preview", None, {"scope": "everyone", "seed": 2})
    assert preview["placing"] == 4
    hack.ok("POST", "/matching/accept", None, {"proposal": preview["proposal"]})
    teams = {t["id"]: t for t in hack.snapshot()["teams"]}
    assert [m["name"] for m in teams[locked["id"]]["members"]] == ["P0", "P1"]
    placed = Counter(m["id"] for t in teams.values() for m in t["members"])
    assert len(placed) == 6 and set(placed.values()) == {1}
    assert loose["id"] not in teams or teams[loose["id"]]["member_count"] >= 2


def test_matching_with_nobody_to_place_proposes_nothing_new(hack):
    empty = hack.ok("POST", "/matching/preview", None, {"scope": "everyone"})
    assert (empty["placing"], empty["teams"]) == (0, [])
    assert hack.ok("POST", "/matching/accept", None, {"proposal": empty["proposal"]}) == {
        "created": 0,
        "removed": 0,
    }
    hack.person("Ada")
    team = hack.ok("POST", "/teams", "Ada", {"name": "Solo"})
    settled = hack.ok("POST", "/matching/preview", None, {})
    assert settled["placing"] == 0
    assert [(t["team_id"], [m["name"] for m in t["members"]]) for t in settled["teams"]] == [
        (team["id"], ["Ada"])
    ]


def test_the_preview_summary_uses_singular_and_plural_forms(hack):
    hack.settings(team_min=1, team_max=3)
    hack.person("Solo")
    one = hack.ok("POST", "/matching/preview", None, {"scope": "unassigned", "seed": 1})
    assert one["summary"] == "Placing 1 person into 1 team."
    for name in ("Ada", "Bob", "Cy", "Di"):
        hack.person(name)
    many = hack.ok("POST", "/matching/preview", None, {"scope": "unassigned", "seed": 1})
    assert many["summary"] == f"Placing 5 people into {len(many['teams'])} teams."
    assert len(many["teams"]) > 1
