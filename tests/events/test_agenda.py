"""Running the agenda through the API: phases, and the shared countdown's stored state."""

from __future__ import annotations

from hackkit.realtime import server_ms


def agenda(api, fac, event, phases):
    return api.ok("PUT", f"/api/events/{event['id']}/agenda", fac, {"phases": phases})


def test_facilitator_sets_and_runs_the_agenda(api):
    fac = api.facilitator()
    event = api.event(fac)
    base = f"/api/events/{event['id']}/agenda"
    view = agenda(
        api,
        fac,
        event,
        [{"name": "Intro", "minutes": 10}, {"name": "Hack", "minutes": 60, "wall_mode": "ideas"}],
    )
    assert [p["name"] for p in view["phases"]] == ["Intro", "Hack"]
    assert view["current_id"] is None

    started = api.ok("POST", base + "/start", fac, {})
    intro = started["phases"][0]
    assert intro["status"] == "running" and started["current_id"] == intro["id"]
    assert abs(intro["ends_at_ms"] - (server_ms() + 600_000)) < 5_000

    paused = api.ok("POST", base + "/pause", fac, {})["phases"][0]
    assert paused["status"] == "paused" and 595_000 <= paused["remaining_ms"] <= 600_000
    extended = api.ok("POST", base + "/extend", fac, {"seconds": 120})["phases"][0]
    assert extended["remaining_ms"] == paused["remaining_ms"] + 120_000
    resumed = api.ok("POST", base + "/resume", fac, {})["phases"][0]
    assert resumed["status"] == "running"
    assert abs(resumed["ends_at_ms"] - (server_ms() + extended["remaining_ms"])) < 5_000

    skipped = api.ok("POST", base + "/skip", fac, {})
    assert [p["status"] for p in skipped["phases"]] == ["skipped", "running"]
    assert skipped["current_id"] == skipped["phases"][1]["id"]


def test_timer_state_is_in_the_database_so_a_new_app_sees_the_same_countdown(
    api, app, database_url, instance_path
):
    from hackkit import create_app

    fac = api.facilitator()
    event = api.event(fac)
    agenda(api, fac, event, [{"name": "Hack", "minutes": 30}])
    started = api.ok("POST", f"/api/events/{event['id']}/agenda/start", fac, {})
    other = create_app(
        {
            "testing": True,
            "async_mode": "threading",
            "database_url": database_url,
            "instance_path": instance_path,
        }
    )
    snap = (
        other.test_client()
        .get(f"/api/events/{event['id']}/snapshot", headers={"Authorization": f"Bearer {fac}"})
        .get_json()
    )
    assert (
        snap["data"]["state"]["agenda"]["phases"][0]["ends_at_ms"]
        == started["phases"][0]["ends_at_ms"]
    )


def test_timer_refusals_are_clear(api):
    fac = api.facilitator()
    event = api.event(fac)
    base = f"/api/events/{event['id']}/agenda"
    assert api.error("POST", base + "/pause", fac, {}, 409)["code"] == "no_current_phase"
    assert api.error("POST", base + "/start", fac, {}, 409)["code"] == "agenda_finished"
    error = api.error("PUT", base, fac, {"phases": [{"name": "", "minutes": 5}]}, 400)
    assert error["code"] == "invalid_payload" and "name" in error["message"]
    assert (
        api.error("PUT", base, fac, {"phases": [{"name": "x", "minutes": 0}]}, 400)["code"]
        == "invalid_payload"
    )
    assert (
        api.error(
            "PUT", base, fac, {"phases": [{"name": "x", "minutes": 5, "wall_mode": "disco"}]}, 400
        )["code"]
        == "invalid_payload"
    )
    assert (
        api.error("POST", base + "/extend", fac, {"seconds": 10**9}, 400)["code"]
        == "invalid_payload"
    )


def test_a_running_phase_cannot_be_dropped_from_the_agenda(api):
    fac = api.facilitator()
    event = api.event(fac)
    view = agenda(
        api, fac, event, [{"name": "Hack", "minutes": 30}, {"name": "Pitch", "minutes": 10}]
    )
    api.ok("POST", f"/api/events/{event['id']}/agenda/start", fac, {})
    pitch = view["phases"][1]
    error = api.error(
        "PUT",
        f"/api/events/{event['id']}/agenda",
        fac,
        {"phases": [{"id": pitch["id"], "name": "Pitch", "minutes": 10}]},
        400,
    )
    assert error["code"] == "phase_active"
    # Renaming and re-timing the running phase keeps its countdown consistent.
    hack = view["phases"][0]
    renamed = agenda(
        api,
        fac,
        event,
        [
            {"id": hack["id"], "name": "Hacking", "minutes": 40},
            {"id": pitch["id"], "name": "Pitch", "minutes": 10},
        ],
    )
    running = renamed["phases"][0]
    assert running["name"] == "Hacking" and running["status"] == "running"
    assert abs(running["ends_at_ms"] - (server_ms() + 40 * 60_000)) < 5_000


def test_participants_cannot_run_the_agenda_or_read_other_events(api):
    fac = api.facilitator()
    event = api.event(fac)
    other = api.event(api.facilitator("otto"), "Other")
    me = api.join(event["code"], "P")["token"]
    assert (
        api.error("POST", f"/api/events/{event['id']}/agenda/start", me, {}, 403)["code"]
        == "forbidden"
    )
    assert (
        api.error("GET", f"/api/events/{other['id']}/snapshot", me, None, 403)["code"]
        == "forbidden"
    )
    assert (
        api.error("GET", f"/api/events/{other['id']}/snapshot", fac, None, 403)["code"]
        == "forbidden"
    )
    assert (
        api.error("POST", f"/api/events/{event['id']}/agenda/start", None, {}, 401)["code"]
        == "unauthorised"
    )


def test_saving_the_agenda_without_checklists_keeps_them(api):
    fac = api.facilitator()
    event = api.event(fac)
    base = f"/api/events/{event['id']}/agenda"
    view = agenda(
        api, fac, event, [{"name": "Open", "minutes": 5, "checklist": ["Mic on", "QR up"]}]
    )
    phase = view["phases"][0]
    agenda(api, fac, event, [{"id": phase["id"], "name": "Opening", "minutes": 10}])
    from hackkit.events.models import Phase
    from hackkit.extensions import db

    db.session.expire_all()
    assert db.session.get(Phase, phase["id"]).checklist == ["Mic on", "QR up"]
    agenda(
        api, fac, event, [{"id": phase["id"], "name": "Opening", "minutes": 10, "checklist": []}]
    )
    db.session.expire_all()
    assert db.session.get(Phase, phase["id"]).checklist == []
    assert base
