"""Checklist ticks: saved, shown per phase, refused for the wrong item, event or role."""

from __future__ import annotations

from hackkit.extensions import db
from hackkit.playbooks import SHIPPED_PLAYBOOK_DIR, load_library, service
from hackkit.playbooks.models import ChecklistTick

SPRINT = "formats/three-hour-sprint"
TEMPLATE = load_library([SHIPPED_PLAYBOOK_DIR]).get(SPRINT).meta


def sprint_event(api, fac: str) -> dict:
    return api.ok("POST", "/api/events/from-template", fac, {"template": SPRINT})


def test_ticks_are_saved_with_who_and_when_and_can_be_undone(api) -> None:
    fac = api.facilitator()
    event = sprint_event(api, fac)
    base = f"/api/events/{event['id']}/checklist"
    phase = api.ok("GET", base, fac)["phases"][0]
    item = phase["items"][1]["text"]
    tick = api.ok("PUT", base, fac, {"phase_id": phase["id"], "item": item, "done": True})
    assert tick["done"] is True and tick["by"] == "fran" and tick["at_ms"] > 0
    view = api.ok("GET", base, fac)
    assert [i["done"] for i in view["phases"][0]["items"]] == [False, True, False]
    assert view["phases"][0]["items"][1]["by"] == "fran"
    undone = api.ok("PUT", base, fac, {"phase_id": phase["id"], "item": item, "done": False})
    assert undone["done"] is False and undone["at_ms"] > tick["at_ms"]
    assert not any(i["done"] for i in api.ok("GET", base, fac)["phases"][0]["items"])
    assert db.session.query(ChecklistTick).count() == 1  # one row per item, updated in place


def test_the_view_lists_every_phase_and_the_one_under_way(api) -> None:
    fac = api.facilitator()
    event = sprint_event(api, fac)
    api.ok("POST", f"/api/events/{event['id']}/agenda/start", fac, {})
    view = api.ok("GET", f"/api/events/{event['id']}/checklist", fac)
    assert view["playbook"] == SPRINT
    assert [p["name"] for p in view["phases"]] == [phase.name for phase in TEMPLATE.agenda]
    assert view["current_id"] == view["phases"][0]["id"]
    assert view["phases"][0]["status"] == "running"


def test_unknown_items_and_other_events_phases_are_refused(api) -> None:
    fac = api.facilitator()
    mine, also_mine = sprint_event(api, fac), sprint_event(api, fac)
    phase = api.ok("GET", f"/api/events/{mine['id']}/checklist", fac)["phases"][0]
    base = f"/api/events/{also_mine['id']}/checklist"
    body = {"phase_id": phase["id"], "item": phase["items"][0]["text"], "done": True}
    assert api.error("PUT", base, fac, body, 404)["code"] == "not_found"
    body = {"phase_id": phase["id"], "item": "Invented item", "done": True}
    error = api.error("PUT", f"/api/events/{mine['id']}/checklist", fac, body, 404)
    assert error["code"] == "unknown_item" and "Invented item" in error["message"]
    assert db.session.query(ChecklistTick).count() == 0


def test_only_the_events_facilitators_see_and_tick_checklists(api) -> None:
    fac = api.facilitator()
    event = sprint_event(api, fac)
    base = f"/api/events/{event['id']}/checklist"
    phase = api.ok("GET", base, fac)["phases"][0]
    body = {"phase_id": phase["id"], "item": phase["items"][0]["text"], "done": True}
    participant = api.join(event["code"], "Ada")["token"]
    assert api.error("PUT", base, participant, body, 403)["code"] == "forbidden"
    assert api.error("PUT", base, api.facilitator("olga"), body, 403)["code"] == "forbidden"
    snapshot = api.ok("GET", f"/api/events/{event['id']}/snapshot", participant)["state"]
    assert "checklists" not in snapshot


def test_saving_the_agenda_without_checklists_keeps_the_templates_tips(api) -> None:
    fac = api.facilitator()
    event = sprint_event(api, fac)
    base = f"/api/events/{event['id']}"
    phases = api.ok("GET", f"{base}/snapshot", fac)["state"]["agenda"]["phases"]
    # What the console's agenda editor sends: names, minutes, wall modes, no checklists.
    edited = [
        {"id": p["id"], "name": p["name"], "minutes": 20, "wall_mode": p["wall_mode"]}
        for p in phases
    ]
    api.ok("PUT", f"{base}/agenda", fac, {"phases": edited})
    view = api.ok("GET", f"{base}/checklist", fac)
    assert [[i["text"] for i in p["items"]] for p in view["phases"]] == [
        list(phase.checklist) for phase in TEMPLATE.agenda
    ]
    first = view["phases"][0]
    body = {"phase_id": first["id"], "item": first["items"][0]["text"], "done": True}
    assert api.ok("PUT", f"{base}/checklist", fac, body)["done"] is True


def test_an_event_without_a_template_has_empty_checklists(api) -> None:
    fac = api.facilitator()
    event = api.event(fac)
    api.ok(
        "PUT",
        f"/api/events/{event['id']}/agenda",
        fac,
        {"phases": [{"name": "Hack", "minutes": 30, "checklist": ["Doors open"]}]},
    )
    view = api.ok("GET", f"/api/events/{event['id']}/checklist", fac)
    assert view["playbook"] is None
    assert [i["text"] for i in view["phases"][0]["items"]] == ["Doors open"]


def test_template_checklists_are_matched_by_phase_name(app) -> None:
    library = load_library([SHIPPED_PLAYBOOK_DIR])

    class Stub:
        playbook = SPRINT

    checklists = service.template_checklists(library, Stub())
    assert list(checklists) == [phase.name for phase in TEMPLATE.agenda]
    Stub.playbook = "roles"
    assert service.template_checklists(library, Stub()) == {}
    assert service.template_checklists(None, Stub()) == {}
