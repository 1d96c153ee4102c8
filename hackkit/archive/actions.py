"""The archive's actions: export, import, retention and the deletion of personal data."""

from __future__ import annotations

from typing import Any

from hackkit.actions import Ctx, action
from hackkit.archive import service
from hackkit.archive.export import export_archive
from hackkit.archive.schema import MAX_ARCHIVE_BYTES
from hackkit.archive.schemas import ArchiveUpload, ConfirmErase, RetentionFields
from hackkit.errors import ServiceError
from hackkit.events.lifecycle import event_dict

FACILITATOR = {"facilitator"}
BASE = "/api/events/<int:event_id>"


@action("archive.export", roles=FACILITATOR, http=f"GET {BASE}/archive", socket=False)
def export(ctx: Ctx) -> dict[str, Any]:
    """The whole event as one archive (format in docs/archive.md)."""
    return export_archive(ctx.session, ctx.event)


@action(
    "archive.import",
    roles=FACILITATOR,
    body=ArchiveUpload,
    http="POST /api/events/import",
    socket=False,  # archives are far larger than a Socket.IO message may be
    max_body=MAX_ARCHIVE_BYTES,
)
def import_(ctx: Ctx, body: ArchiveUpload) -> dict[str, Any]:
    """Create a new event from an archive (new code and ids), owned by the caller."""
    event = service.import_event(ctx.session, ctx.principal.subject_id, body.model_dump())
    return event_dict(event)


@action(
    "archive.import_setup",
    roles=FACILITATOR,
    body=ArchiveUpload,
    http="POST /api/events/import-setup",
    socket=False,
    max_body=MAX_ARCHIVE_BYTES,
)
def import_setup(ctx: Ctx, body: ArchiveUpload) -> dict[str, Any]:
    """Create a new event from an archive's set-up only: no people, ideas or votes."""
    document = body.model_dump()
    event = service.import_event(ctx.session, ctx.principal.subject_id, document, only_setup=True)
    return event_dict(event)


@action("retention.get", roles=FACILITATOR, http=f"GET {BASE}/retention")
def get_retention(ctx: Ctx) -> dict[str, Any]:
    """How long the event keeps personal data, and when it falls due."""
    return service.retention_dict(ctx.session, ctx.event)


@action("retention.set", roles=FACILITATOR, body=RetentionFields, http=f"PUT {BASE}/retention")
def set_retention(ctx: Ctx, body: RetentionFields) -> dict[str, Any]:
    """Set how many days after the event its personal data is deleted."""
    return service.set_retention(ctx.session, ctx.event, body.days)


@action(
    "personal_data.delete",
    roles=FACILITATOR,
    body=ConfirmErase,
    http=f"POST {BASE}/personal-data/delete",
)
def delete_personal_data(ctx: Ctx, body: ConfirmErase) -> dict[str, Any]:
    """Delete names, profiles and pictures now; results and counts stay."""
    if not body.confirm:
        raise ServiceError("confirm_required", "Tick the box to confirm: this cannot be undone.")
    return service.erase_personal_data(ctx.session, ctx.event)
