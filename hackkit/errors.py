"""Errors that services raise for people: a stable code, a readable message, an HTTP status.

The same error reaches a phone as JSON (HTTP) or as an error ack (Socket.IO), so clients can
switch on ``code`` and show ``message``.
"""

from __future__ import annotations

from typing import Any


class ServiceError(Exception):
    """A refusal that the user should see; nothing was changed."""

    status = 400

    def __init__(self, code: str, message: str, *, status: int | None = None, **extra: Any):
        super().__init__(message)
        self.code = code
        self.message = message
        if status is not None:
            self.status = status
        self.extra = extra

    def to_dict(self) -> dict[str, Any]:
        """The wire form: ``{"code": ..., "message": ..., **extra}``."""
        return {"code": self.code, "message": self.message, **self.extra}


class NotFound(ServiceError):
    status = 404

    def __init__(self, what: str = "That", code: str = "not_found"):
        super().__init__(code, f"{what} was not found.")


class Forbidden(ServiceError):
    status = 403

    def __init__(self, message: str = "You are not allowed to do that.", code: str = "forbidden"):
        super().__init__(code, message)


class Unauthorised(ServiceError):
    status = 401

    def __init__(self, message: str = "Please sign in or join the event first."):
        super().__init__("unauthorised", message)


class Conflict(ServiceError):
    status = 409


class RateLimited(ServiceError):
    status = 429

    def __init__(self, retry_after: float):
        super().__init__(
            "rate_limited",
            "Too many requests; please wait a moment and try again.",
            retry_after=round(retry_after, 1),
        )
