"""Issuing, verifying, tampering, revoking and rotating, through the API as people use it."""

from __future__ import annotations

import copy
import json

from hackkit.credentials.service import app_keyring
from hackkit.extensions import db
from tests.credentials.conftest import issue_all, mine, verify


def _checks(verdict: dict) -> dict[str, bool | None]:
    return {check["name"]: check["ok"] for check in verdict["checks"]}


def test_issuing_gives_each_person_what_they_earned(api, world):
    result = issue_all(api, world)
    # 3 participated + 2 team members + 1 juror
    assert result["issued"] == 6
    ada = mine(api, world, "Ada")
    titles = sorted(item["title"] for item in ada)
    assert titles == ["Participant of Open Data Day", "Team member: Bike Map"]
    cy = mine(api, world, "Cy")
    assert [item["title"] for item in cy] == ["Participant of Open Data Day"]
    document = ada[0]["document"]
    assert document["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert document["credentialSubject"]["name"] == "Ada"
    assert document["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    # Only the display name: nothing else about the person.
    assert set(document["credentialSubject"]) == {"type", "name", "achievement"}


def test_issuing_again_gives_no_one_a_second_copy(api, world):
    issue_all(api, world)
    assert issue_all(api, world)["issued"] == 0
    assert len(mine(api, world, "Ada")) == 2


def test_one_persons_credentials_first_then_everyone_elses(api, world):
    path = f"/api/events/{world.event['id']}/credentials/issue"
    first = api.ok("POST", path, world.fac, {"participant_id": world.ids["Cy"]})
    assert [item["title"] for item in first["credentials"]] == ["Participant of Open Data Day"]
    assert issue_all(api, world)["issued"] == 5
    indexes = [
        int(item["document"]["credentialStatus"]["statusListIndex"])
        for name in ("Ada", "Bo", "Cy")
        for item in mine(api, world, name)
    ]
    assert sorted(indexes) == [0, 1, 2, 3, 4]  # each credential its own bit
    # Someone with nothing (more) to earn is told so.
    error = api.error("POST", path, world.fac, {"participant_id": 999999}, 404)
    assert error["code"] == "no_award"


def test_an_issued_credential_verifies(api, world):
    issue_all(api, world)
    verdict = verify(api, mine(api, world, "Ada")[0]["document"])
    assert verdict["valid"] is True
    assert _checks(verdict) == {
        "format": True,
        "signature": True,
        "issuer": True,
        "dates": True,
        "revocation": True,
    }
    assert verdict["summary"]["recipient"] == "Ada"


def test_a_changed_name_is_refused(api, world):
    issue_all(api, world)
    document = copy.deepcopy(mine(api, world, "Cy")[0]["document"])
    document["credentialSubject"]["name"] = "Mallory"
    verdict = verify(api, document)
    assert verdict["valid"] is False
    assert _checks(verdict)["signature"] is False


def test_a_credential_signed_by_another_key_is_not_this_instances(api, world, tmp_path):
    from hackkit.credentials import dataintegrity
    from hackkit.credentials.keys import KeyRing

    issue_all(api, world)
    document = copy.deepcopy(mine(api, world, "Cy")[0]["document"])
    stranger = KeyRing(tmp_path, None)
    key = stranger.signing_key
    document["issuer"]["id"] = stranger.issuer_id(key)
    forged = dataintegrity.sign(
        document, key.private, stranger.method_id(key), "2026-01-01T00:00:00Z"
    )
    verdict = verify(api, forged)
    assert _checks(verdict)["signature"] is True
    assert _checks(verdict)["issuer"] is False
    assert verdict["valid"] is False


def test_revoking_shows_on_verify_and_in_the_status_list(api, world, client):
    from hackkit.credentials import statuslist

    issue_all(api, world)
    item = mine(api, world, "Bo")[0]
    path = f"/api/events/{world.event['id']}/credentials/{item['id']}/revoke"
    api.ok("POST", path, world.fac, {"reason": "left before the end"})
    verdict = verify(api, item["document"])
    assert verdict["valid"] is False
    assert _checks(verdict)["revocation"] is False
    assert _checks(verdict)["signature"] is True
    # The list third parties read says the same, and is itself signed by the issuer.
    status = item["document"]["credentialStatus"]
    listed = client.get(f"/credentials/status/{world.event['id']}").get_json()
    assert listed["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    bits = statuslist.decode(listed["credentialSubject"]["encodedList"])
    assert statuslist.is_set(bits, int(status["statusListIndex"]))
    from hackkit.credentials import dataintegrity

    assert dataintegrity.verify(listed, app_keyring().resolve).ok
    # Revoking twice is refused, and changes nothing.
    api.error("POST", path, world.fac, {}, 409)


def test_an_old_credential_still_verifies_after_the_key_is_rotated(api, world):
    issue_all(api, world)
    old = mine(api, world, "Ada")[0]["document"]
    ring = app_keyring()
    ring.rotate()
    # A late joiner's credential is signed by the new key.
    world.tokens["Dee"] = api.join(world.event["code"], "Dee")["token"]
    issue_all(api, world)
    new = mine(api, world, "Dee")[0]["document"]
    assert new["proof"]["verificationMethod"] != old["proof"]["verificationMethod"]
    assert verify(api, old)["valid"] is True
    assert verify(api, new)["valid"] is True


def test_only_the_events_facilitator_issues_and_revokes(api, world):
    path = f"/api/events/{world.event['id']}/credentials/issue"
    api.error("POST", path, world.tokens["Ada"], {}, 403)
    stranger = api.facilitator("stranger")
    assert api.call("POST", path, stranger, {}).status_code in (403, 404)
    issue_all(api, world)
    item = mine(api, world, "Ada")[0]
    revoke = f"/api/events/{world.event['id']}/credentials/{item['id']}/revoke"
    api.error("POST", revoke, world.tokens["Ada"], {}, 403)
    assert api.call("POST", revoke, stranger, {}).status_code in (403, 404)
    assert verify(api, item["document"])["valid"] is True


def test_a_participant_downloads_only_their_own(api, world, app):
    issue_all(api, world)
    ada, bo = mine(api, world, "Ada")[0], mine(api, world, "Bo")[0]
    code = world.event["code"]
    client = app.test_client()
    client.set_cookie(f"hk_{code}", world.tokens["Ada"])
    assert client.get(f"/e/{code}/badges/{ada['id']}.json").status_code == 200
    assert client.get(f"/e/{code}/badges/{bo['id']}.json").status_code == 404
    page = client.get(f"/e/{code}/badges").get_data(as_text=True)
    assert "Team member: Bike Map" in page


def test_baked_badges_and_the_certificate_carry_the_credential(api, world, app):
    from hackkit.credentials import baking

    issue_all(api, world)
    item = mine(api, world, "Ada")[0]
    code = world.event["code"]
    client = app.test_client()
    client.set_cookie(f"hk_{code}", world.tokens["Ada"])
    png = client.get(f"/e/{code}/badges/{item['id']}.png").data
    assert json.loads(baking.unbake_png(png)) == item["document"]
    svg = client.get(f"/e/{code}/badges/{item['id']}.svg").get_data(as_text=True)
    assert json.loads(baking.unbake_svg(svg)) == item["document"]
    pdf = client.get(f"/e/{code}/badges/{item['id']}.pdf").data
    assert pdf.startswith(b"%PDF")
    # The verify page reads the baked badge as an upload.
    import io

    response = app.test_client().post(
        "/credentials/verify",
        data={"file": (io.BytesIO(png), "badge.png")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    assert "Verified" in response.get_data(as_text=True)


def test_the_qr_code_address_checks_the_stored_credential(api, world, client):
    issue_all(api, world)
    item = mine(api, world, "Cy")[0]
    page = client.get(f"/credentials/verify/{item['uid']}").get_data(as_text=True)
    assert "Verified" in page and "Cy" in page


def test_the_verify_page_refuses_junk_clearly(client):
    response = client.post("/credentials/verify", data={"credential": "not json"})
    assert response.status_code == 400
    assert "not JSON" in response.get_data(as_text=True)


def test_did_web_with_a_public_url(api, world, app):
    ring = app_keyring()
    ring.public_url = "https://hack.example.org"
    try:
        issue_all(api, world)
        document = mine(api, world, "Ada")[0]["document"]
        assert document["issuer"]["id"] == "did:web:hack.example.org"
        did = app.test_client().get("/.well-known/did.json").get_json()
        assert did["id"] == "did:web:hack.example.org"
        assert document["proof"]["verificationMethod"] in did["assertionMethod"]
        assert verify(api, document)["valid"] is True
    finally:
        ring.public_url = None
    db.session.rollback()


def test_a_mentor_gets_a_mentor_credential_once_and_a_revoked_one_none(api, world):
    from hackkit.credentials.models import Credential
    from hackkit.events.models import Event
    from hackkit.mentors import roster

    event = db.session.get(Event, world.event["id"])
    mona = roster.invite_mentor(db.session(), event, "Mona Mentor", [])
    gone = roster.invite_mentor(db.session(), event, "Gone Mentor", [])
    db.session.commit()
    roster.remove_mentor(db.session(), event, gone.id)
    db.session.commit()
    assert issue_all(api, world)["issued"] == 7  # the six above and Mona's
    row = db.session.query(Credential).filter_by(mentor_id=mona.id).one()
    assert (row.kind, row.title, row.participant_id, row.juror_id) == (
        "mentor",
        "Mentor at Open Data Day",
        None,
        None,
    )
    document = json.loads(row.document)
    assert document["credentialSubject"]["name"] == "Mona Mentor"
    assert verify(api, document)["valid"] is True
    assert db.session.query(Credential).filter_by(mentor_id=gone.id).count() == 0
    assert issue_all(api, world)["issued"] == 0
