"""hypothesis against every Socket.IO action: malformed payloads get a clean error ack.

Runs as the facilitator (who may call most actions) and as a participant, so the payload
checks of every action are reached. "internal" errors (an unexpected exception) fail the test,
and after the storm the connection still answers.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hackkit.actions import ACTIONS
from hackkit.extensions import db, socketio
from hackkit.realtime import connections
from tests.test_authorisation_matrix import socket_events

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=50),
    st.sampled_from(["", " ", "<script>alert(1)</script>", "\u0000", "x" * 30_000, "🙂" * 10]),
)
payloads = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.dictionaries(st.text(max_size=15), children, max_size=6),
    ),
    max_leaves=12,
)


def _with_field_names(spec):
    """Payloads shaped like the action's own fields, with wrong values, reach deeper checks."""
    names = list(spec.path_params)
    if spec.body is not None:
        names += list(spec.body.model_fields)
    if not names:
        return payloads
    return st.one_of(
        payloads, st.dictionaries(st.sampled_from(names), payloads, max_size=len(names))
    )


def test_every_socket_action_answers_garbage_with_a_clean_error(app, api):
    fac = api.facilitator()
    event = api.event(fac)
    participant = api.join(event["code"], "Pat")["token"]
    clients = [
        socketio.test_client(app, auth={"token": fac, "event_id": event["id"]}),
        socketio.test_client(app, auth={"token": participant}),
    ]
    assert all(c.is_connected() for c in clients)
    stats = {"cases": 0, "actions": 0}
    bad: list[str] = []

    def fuzz(spec) -> None:
        @given(payload=_with_field_names(spec))
        @settings(
            max_examples=20, deadline=None, database=None, suppress_health_check=list(HealthCheck)
        )
        def run(payload):
            for client in clients:
                for conn in connections.values():  # the rate limit is tested elsewhere
                    conn.bucket.tokens = conn.bucket.burst
                reply = client.emit(spec.name, payload, callback=True)
                stats["cases"] += 1
                db.session.rollback()
                if not isinstance(reply, dict) or reply.get("ok") not in (True, False):
                    bad.append(f"{spec.name}: ack {reply!r:.200}")
                elif reply["ok"] is False:
                    error = reply.get("error") or {}
                    if error.get("code") == "internal" or not error.get("message"):
                        bad.append(f"{spec.name} {payload!r:.120}: {error}")

        run()
        stats["actions"] += 1

    # Every event the server handles, the lean vote path included (enumerated from the server).
    for name in socket_events():
        fuzz(ACTIONS[name])
    assert bad == [], "\n".join(bad[:20])
    for client in clients:
        assert client.emit("sync", {}, callback=True)["ok"] is True
        assert client.emit("clock", "garbage", callback=True)["t1"] > 0
    assert stats["actions"] >= 10
    print(f"socket fuzz: {stats['cases']} payloads over {stats['actions']} actions")
