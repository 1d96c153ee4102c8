"""The whole-event archive: export, import as a new event, and the round trip between them."""

from __future__ import annotations

import copy
import io
import json

from sqlalchemy import func, select

from hackkit.archive.schema import MAX_ARCHIVE_BYTES
from hackkit.archive.tables import FORMAT, SECTIONS, VERSION
from hackkit.events.models import Event
from hackkit.extensions import db
from hackkit.teams import uploads
from tests.archive.conftest import RichEvent, comparable
from tests.voting.conftest import add_ideas, quick_facilitator


def _import(rich: RichEvent, document, token: str | None = None):
    return rich.api.call("POST", "/api/events/import", token or rich.fac, document)


def test_archive_holds_every_section_of_the_event(rich: RichEvent):
    archive = rich.api.ok("GET", rich.path("/archive"), rich.fac)
    assert archive["format"] == FORMAT and archive["version"] == VERSION
    for section in SECTIONS:
        assert archive[section.name], f"{section.name} is empty in the archive"
    assert archive["event"]["name"] == "Rehearsal"
    assert set(archive["pictures"]) == {rich.picture}
    assert len(archive["results"]) == 3
    assert [p["body"] for p in archive["progress_posts"]] == ["Grace fixed the compiler at 3am"]


def test_round_trip_gives_the_same_archive_but_ids_codes_and_vote_ids(rich: RichEvent):
    first = rich.api.ok("GET", rich.path("/archive"), rich.fac)
    made = rich.api.ok("POST", "/api/events/import", rich.fac, first)
    assert made["id"] != rich.id and made["code"] != rich.event["code"]
    second = rich.api.ok("GET", f"/api/events/{made['id']}/archive", rich.fac)
    assert comparable(second) == comparable(first)
    # A second import of the same archive is another event again (vote ids cannot collide).
    again = rich.api.ok("POST", "/api/events/import", rich.fac, first)
    assert again["id"] not in (rich.id, made["id"])


def test_imported_results_are_recounted_the_same(rich: RichEvent):
    first = rich.api.ok("GET", rich.path("/archive"), rich.fac)
    made = rich.api.ok("POST", "/api/events/import", rich.fac, first)
    second = rich.api.ok("GET", f"/api/events/{made['id']}/archive", rich.fac)
    # The new ideas in the order of the old ones: the tallies must agree through that map.
    new_of = {
        str(a["id"]): str(b["id"]) for a, b in zip(first["ideas"], second["ideas"], strict=True)
    }
    for old_ballot, new_ballot in zip(first["ballots"], second["ballots"], strict=True):
        old = rich.api.ok("GET", rich.path(f"/ballots/{old_ballot['id']}/result"), rich.fac)
        new = rich.api.ok(
            "GET", f"/api/events/{made['id']}/ballots/{new_ballot['id']}/result", rich.fac
        )
        assert new["turnout"] == old["turnout"]
        mapped = json.dumps(old["tally"], sort_keys=True)
        for old_id, new_id in sorted(new_of.items(), key=lambda kv: -len(kv[0])):
            mapped = mapped.replace(f'"{old_id}"', f'"@{new_id}"')
        assert json.loads(mapped.replace('"@', '"')) == new["tally"]


def test_imported_event_belongs_to_the_importing_facilitator(rich: RichEvent):
    archive = rich.api.ok("GET", rich.path("/archive"), rich.fac)
    other = quick_facilitator("olga")
    made = rich.api.ok("POST", "/api/events/import", other, archive)
    assert db.session.get(Event, made["id"]).owner_id != db.session.get(Event, rich.id).owner_id
    rich.api.error("GET", f"/api/events/{made['id']}/archive", rich.fac, None, 403)


def _events() -> int:
    return db.session.execute(select(func.count(Event.id))).scalar_one()


def test_bad_archives_get_a_clear_error_and_change_nothing(rich: RichEvent):
    good = rich.api.ok("GET", rich.path("/archive"), rich.fac)
    before = _events()
    cases = {
        "archive_format": {**good, "format": "something-else"},
        "archive_version": {**good, "version": 99},
    }
    broken_ref = copy.deepcopy(good)
    broken_ref["team_members"][0]["team_id"] = 999_999
    cases["archive_invalid"] = broken_ref
    for code, document in cases.items():
        response = _import(rich, document)
        assert response.status_code == 422, response.get_json()
        assert response.get_json()["error"]["code"] == code
    too_long = copy.deepcopy(good)
    too_long["teams"][0]["name"] = "x" * 500
    error = _import(rich, too_long).get_json()["error"]
    assert error["code"] == "archive_invalid" and "teams[0].name" in error["message"]
    unknown = copy.deepcopy(good)
    unknown["ideas"][0]["owner"] = "someone"
    assert "ideas[0].owner" in _import(rich, unknown).get_json()["error"]["message"]
    # Over the team's size: the database refuses it, and the event made first is rolled back.
    crowded = copy.deepcopy(good)
    crowded["teams"][0]["max_size"] = 1
    assert _import(rich, crowded).get_json()["error"]["code"] == "archive_invalid"
    assert _events() == before


def test_malformed_and_oversize_files_are_refused(rich: RichEvent):
    headers = {"Authorization": f"Bearer {rich.fac}", "Content-Type": "application/json"}
    client = rich.api.app.test_client()
    bad = client.post("/api/events/import", data="{not json", headers=headers)
    assert bad.status_code == 400 and bad.get_json()["error"]["code"] == "invalid_json"
    huge = client.post("/api/events/import", data=b" " * (MAX_ARCHIVE_BYTES + 1), headers=headers)
    assert huge.status_code == 413 and huge.get_json()["error"]["code"] == "too_large"
    assert _events() == 1


def test_only_the_events_facilitator_may_export_or_import(rich: RichEvent):
    archive = rich.api.ok("GET", rich.path("/archive"), rich.fac)
    participant = rich.people["Ada Lovelace"]["token"]
    display = rich.api.display_token(rich.id)
    other = quick_facilitator("olga")
    for token in (participant, display):
        rich.api.error("GET", rich.path("/archive"), token, None, 403)
        assert _import(rich, archive, token).status_code == 403
    rich.api.error("GET", rich.path("/archive"), other, None, 403)
    assert rich.api.call("GET", rich.path("/archive"), None).status_code == 401
    assert rich.api.call("POST", "/api/events/import", None, archive).status_code == 401


def _csrf(html: str) -> str:
    import re

    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def test_console_downloads_and_imports_an_archive(rich: RichEvent, client):
    from tests.teams.conftest import sign_in

    sign_in(client)
    page = client.get(f"/console/events/{rich.id}/data")
    assert page.status_code == 200 and b"Download archive" in page.data
    download = client.get(f"/console/events/{rich.id}/archive.json")
    assert "attachment" in download.headers["Content-Disposition"]
    archive = json.loads(download.data)
    home = client.get("/console/").get_data(as_text=True)
    upload = client.post(
        "/console/import",
        data={"csrf_token": _csrf(home), "archive": (io.BytesIO(download.data), "a.json")},
        content_type="multipart/form-data",
    )
    assert upload.status_code == 302, upload.get_data(as_text=True)
    assert _events() == 2
    broken = client.post(
        "/console/import",
        data={"csrf_token": _csrf(home), "archive": (io.BytesIO(b'{"format": 1}'), "a.json")},
        content_type="multipart/form-data",
    )
    assert broken.status_code == 422
    assert b"not a hackkit event archive" in broken.data
    assert _events() == 2
    assert archive["format"] == FORMAT


def test_pictures_travel_in_the_archive_and_are_stored_anew(rich: RichEvent):
    archive = rich.api.ok("GET", rich.path("/archive"), rich.fac)
    made = rich.api.ok("POST", "/api/events/import", rich.fac, archive)
    copied = rich.api.ok("GET", f"/api/events/{made['id']}/archive", rich.fac)
    [name] = copied["pictures"]
    assert name != rich.picture and uploads.image_exists(name)
    assert copied["ideas"][0]["image"] == name


def test_values_of_the_wrong_shape_and_bad_pictures_are_refused_cleanly(rich: RichEvent):
    good = rich.api.ok("GET", rich.path("/archive"), rich.fac)
    before = _events()
    shapes = {
        ("ballots", "options"): 7,
        ("ballots", "shortlist"): ["x"],
        ("walls", "options"): "ballot 1",
        ("profiles", "preferences"): {"a": 1},
        ("stored_ballots", "content"): [1, 2],
    }
    for (section, field), value in shapes.items():
        document = copy.deepcopy(good)
        document[section][0][field] = value
        response = _import(rich, document)
        assert response.status_code == 422, (section, field, response.get_json())
        assert f"{section}[0].{field}" in response.get_json()["error"]["message"]
    pictures = {"not base64": "%%%", "not a picture": "aGVsbG8="}
    for what, encoded in pictures.items():
        document = copy.deepcopy(good)
        document["pictures"][rich.picture] = encoded
        error = _import(rich, document).get_json()["error"]
        assert error["code"] == "archive_invalid" and "picture" in error["message"], what
    assert _events() == before


def test_pairwise_slots_and_contents_name_the_new_ideas():
    from hackkit.archive.importing import _Remap, _remap_content, _slot

    remap = _Remap()
    remap.ids["ideas"] = {3: 30, 12: 4}
    options = {"3", "12"}
    assert _slot(remap, options, "pairwise", "3|12") == "4|30"  # a pair's key is ordered anew
    assert _slot(remap, options, "rubric", "12") == "4"
    assert _slot(remap, options, "single", "") == ""
    content = {"winner": "3", "loser": "12", "points": {"3": 12, "12": 3}, "note": "3 ideas"}
    assert _remap_content(remap, options, content) == {
        "winner": "30",
        "loser": "4",
        "points": {"30": 12, "4": 3},
        "note": "3 ideas",
    }


def test_setup_only_import_copies_the_set_up_for_the_real_day(rich: RichEvent):
    archive = rich.api.ok("GET", rich.path("/archive"), rich.fac)
    made = rich.api.ok("POST", "/api/events/import-setup", rich.fac, archive)
    copied = rich.api.ok("GET", f"/api/events/{made['id']}/archive", rich.fac)
    for gone in ("participants", "profiles", "teams", "ideas", "progress_posts", "jury_members"):
        assert copied[gone] == [], gone
    assert copied["stored_ballots"] == copied["vote_receipts"] == copied["announcements"] == []
    assert copied["pictures"] == {}
    assert [c["title"] for c in copied["challenges"]] == ["Water", "Energy"]
    assert [(p["name"], p["status"], p["checklist"]) for p in copied["phases"]] == [
        ("Hack", "pending", ["Wi-Fi up"])
    ]
    assert [(b["method"], b["status"], b["options"]) for b in copied["ballots"]] == [
        ("single", "draft", []),
        ("approval", "draft", []),
        ("budget", "draft", []),
    ]
    assert copied["ballots"][2]["params"] == archive["ballots"][2]["params"]
    assert [w["name"] for w in copied["walls"]] == ["Main"]
    assert copied["walls"][0]["options"]["ballot_id"] is None
    assert len(copied["wall_screens"]) == 1
    # The copy is open for the real day's people, whatever state the rehearsal was left in.
    participant = rich.api.join(made["code"], "Real Day Person")
    assert participant["event_id"] == made["id"]
    # A copied ballot opens on the day's ideas, like any draft.
    ideas = add_ideas(made["id"], ("Real idea", "Another"))
    ballot = copied["ballots"][0]["id"]
    opened = rich.api.ok("POST", f"/api/events/{made['id']}/ballots/{ballot}/open", rich.fac, {})
    assert opened["status"] == "open" and [str(o["id"]) for o in opened["options"]] == ideas


def test_console_refuses_an_oversize_upload_with_a_message(rich: RichEvent, client):
    from tests.teams.conftest import sign_in

    sign_in(client)
    home = client.get("/console/").get_data(as_text=True)
    # The multipart body written out by hand: the test client would spool a body this large
    # to a temporary file of its own and leave it open when the server does not read it.
    boundary = "hackkitboundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n'
            f'{_csrf(home)}\r\n--{boundary}\r\nContent-Disposition: form-data; name="archive"; '
            f'filename="big.json"\r\nContent-Type: application/json\r\n\r\n'
        ).encode()
        + b" " * (MAX_ARCHIVE_BYTES + 128 * 1024)
        + f"\r\n--{boundary}--\r\n".encode()
    )
    response = client.post(
        "/console/import", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    assert response.status_code == 422
    assert b"larger than 64 MB" in response.data
    assert _events() == 1


def test_console_import_without_the_forms_token_is_refused(rich: RichEvent, client):
    from tests.teams.conftest import sign_in

    sign_in(client)
    archive = json.dumps(rich.api.ok("GET", rich.path("/archive"), rich.fac)).encode()
    response = client.post(
        "/console/import",
        data={"archive": (io.BytesIO(archive), "a.json")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400 and b"Reload the page" in response.data
    assert _events() == 1
