"""schemathesis against /api/openapi.json: generated requests never make the server fail.

Every operation in the document gets generated requests (valid and invalid bodies, odd path
ids), sent as the event's facilitator so they reach the services, not just the access check.
A 5xx answer, or a response that is not our JSON shape, fails the test.
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings

from hackkit.extensions import db

EXAMPLES_PER_OPERATION = 15


def test_api_never_answers_5xx(app, api):
    fac = api.facilitator("fuzzer")
    event = api.event(fac, "Fuzzed")
    api.join(event["code"], "Somebody")
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    # The WSGI transport hands back the body as sent; ask for it uncompressed, as the fuzzer
    # reads it without a browser's decoding.
    headers = {"Authorization": f"Bearer {fac}", "Accept-Encoding": "identity"}
    tried: dict[str, int] = {}
    failures: list[str] = []

    def fuzz(operation) -> None:
        label = f"{operation.method.upper()} {operation.path}"

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            if case.path_parameters and "event_id" in case.path_parameters:
                case.path_parameters["event_id"] = event["id"]
            response = case.call(headers=headers)
            tried[label] = tried.get(label, 0) + 1
            db.session.rollback()
            if response.status_code >= 500:
                failures.append(f"{label}: {response.status_code} {response.text[:200]}")
                return
            body = response.json()
            if not (isinstance(body, dict) and body.get("ok") in (True, False)):
                failures.append(f"{label}: answer is not the JSON envelope: {response.text[:200]}")
            elif not body["ok"] and not {"code", "message"} <= set(body["error"]):
                failures.append(f"{label}: error without code/message: {body}")

        run()

    for result in schema.get_all_operations():
        fuzz(result.ok())
    assert failures == [], "\n".join(failures[:20])
    assert len(tried) >= 10, tried
    print(f"fuzzed {sum(tried.values())} requests over {len(tried)} operations")
