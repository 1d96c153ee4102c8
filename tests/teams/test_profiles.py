"""Profiles: skills from the event's list, tags, ranked preferences, optional fields."""

from __future__ import annotations


def test_participant_saves_a_profile_with_skills_from_the_event_list(hack):
    hack.person("Ada")
    hack.settings(skills=["Design", "Code", "Code", "Pitching"])
    assert hack.snapshot("Ada")["team_settings"]["skills"] == ["Design", "Code", "Pitching"]
    saved = hack.ok(
        "PUT",
        "/profile",
        "Ada",
        {
            "skills": ["code", "Design"],
            "tags": ["  rust ", "rust", "maps"],
            "interests": "Cities",
            "preferences": [hack.challenges[1], hack.challenges[0], hack.challenges[1]],
        },
    )
    assert saved["skills"] == ["Code", "Design"]
    assert saved["tags"] == ["rust", "maps"]
    assert saved["preferences"] == [hack.challenges[1], hack.challenges[0]]
    assert hack.snapshot("Ada")["profile"] == saved


def test_unknown_skills_and_challenges_are_refused(hack):
    hack.person("Ada")
    hack.settings(skills=["Design"])
    error = hack.error("PUT", "/profile", "Ada", {"skills": ["Juggling"]}, 400)
    assert error["code"] == "unknown_skill"
    assert "Juggling" in error["message"]
    draft = hack.ok("POST", "/challenges", None, {"title": "Draft", "published": False})
    assert hack.error("PUT", "/profile", "Ada", {"preferences": [draft["id"]]}, 404)
    too_many = [hack.challenges[0], hack.challenges[1], draft["id"], 99]
    assert (
        hack.error("PUT", "/profile", "Ada", {"preferences": too_many}, 400)["code"]
        == "invalid_payload"
    )
    assert (
        hack.error("PUT", "/profile", "Ada", {"tags": ["t"] * 11}, 400)["code"] == "invalid_payload"
    )
    assert (
        hack.error("PUT", "/profile", "Ada", {"interests": "i" * 501}, 400)["code"]
        == "invalid_payload"
    )


def test_optional_fields_are_kept_only_when_switched_on(hack):
    hack.person("Ada")
    saved = hack.ok("PUT", "/profile", "Ada", {"organisation": "ACME", "country": "NL"})
    assert (saved["organisation"], saved["country"]) == (None, None)
    hack.settings(profile_fields=["organisation", "role"])
    saved = hack.ok(
        "PUT", "/profile", "Ada", {"organisation": "ACME", "country": "NL", "role": "Nurse"}
    )
    assert (saved["organisation"], saved["country"], saved["role"]) == ("ACME", None, "Nurse")
    assert hack.error("PATCH", "/team-settings", None, {"profile_fields": ["shoe size"]}, 400)


def test_facilitators_see_every_profile_and_participants_only_their_own(hack):
    hack.person("Ada")
    hack.person("Bob")
    hack.ok("PUT", "/profile", "Ada", {"tags": ["maps"]})
    console = hack.snapshot()
    assert [(p["name"], p["tags"]) for p in console["profiles"]] == [("Ada", ["maps"]), ("Bob", [])]
    bob = hack.snapshot("Bob")
    assert bob["profile"]["tags"] == []
    assert "profiles" not in bob
