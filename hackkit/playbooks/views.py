"""The playbook library in the console: contents, search, pages, print, handbook, and tips.

* ``/console/playbooks``: the table of contents, a search box with results, the templates.
* ``/console/playbooks/<slug>``: one page, with its headings as an in-page contents list;
  a template page also shows what an event made from it gets, and the form to create one.
* ``/console/playbooks/-/print``: every page in order, for printing the whole manual.
* ``/console/playbooks/-/handbook.html``: the self-contained HTML handbook, as a download.
* ``/console/events/<id>/playbook``: the event's checklists by phase, ticked live.

The ``-/`` paths cannot clash with a page: a page's slug comes from a ``.md`` file's path.
"""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from pydantic import ValidationError

from hackkit.auth import token_for_facilitator
from hackkit.errors import ServiceError
from hackkit.extensions import db
from hackkit.pages import current_facilitator, owned_event_or_404, page
from hackkit.playbooks import service
from hackkit.playbooks.cache import app_library
from hackkit.playbooks.export import (
    chapter,
    chapter_anchors,
    contents,
    export_handbook,
)
from hackkit.playbooks.library import Library
from hackkit.playbooks.pages import MAX_SLUG_CHARS, Playbook
from hackkit.playbooks.schema import Template
from hackkit.playbooks.schemas import CreateFromTemplate

bp = Blueprint("playbooks", __name__, url_prefix="/console")

SEARCH_MAX_CHARS = 200
SEARCH_RESULTS = 30
PROBLEMS_SHOWN = 20


def format_minutes(minutes: int) -> str:
    """A duration for people: "45 min", "3 h", "7 h 30 min"."""
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest} min" if rest else f"{hours} h"


def _page_url(slug: str) -> str:
    return url_for("playbooks.page_view", slug=slug)


def _templates(library: Library) -> list[dict[str, Any]]:
    return [
        {
            "slug": p.slug,
            "title": p.title,
            "summary": p.summary,
            "length": format_minutes(p.meta.total_minutes),
        }
        for p in library.templates
        if isinstance(p.meta, Template)
    ]


@bp.app_context_processor
def _template_choices() -> dict[str, Any]:
    # Lazy: the library is read only by pages that list templates (the console home).
    return {"playbook_templates": lambda: _templates(app_library())}


@bp.route("/playbooks", endpoint="library")
@page("facilitator")
def library_view():
    """The table of contents, search, and the templates events are made from."""
    library = app_library()
    query = request.args.get("q", "")[:SEARCH_MAX_CHARS].strip()
    hits = library.search(query, SEARCH_RESULTS) if query else []
    return render_template(
        "playbooks/library.html",
        toc=library.toc(),
        template_slugs={p.slug for p in library.templates},
        templates=_templates(library),
        query=query,
        hits=hits,
        problems=library.problems[:PROBLEMS_SHOWN],
        problem_count=len(library.problems),
    )


def _section_of(library: Library, slug: str) -> str | None:
    for section in library.toc():
        if any(entry.slug == slug for entry in section.entries):
            return section.title
    return None


def _neighbours(library: Library, slug: str) -> tuple[Playbook | None, Playbook | None]:
    pages = library.pages
    slugs = [p.slug for p in pages]
    if slug not in slugs:
        return None, None
    index = slugs.index(slug)
    before = pages[index - 1] if index > 0 else None
    after = pages[index + 1] if index + 1 < len(pages) else None
    return before, after


@bp.route("/playbooks/<path:slug>", endpoint="page_view")
@page("facilitator")
def page_view(slug: str):
    """One page of the manual, with links between pages leading to their app pages."""
    library = app_library()
    found = library.get(slug) if len(slug) <= MAX_SLUG_CHARS else None
    if found is None:
        abort(404)
    html, headings = library.render(slug, _page_url)
    template = found.meta if isinstance(found.meta, Template) else None
    previous, following = _neighbours(library, slug)
    return render_template(
        "playbooks/page.html",
        page=found,
        html=html,
        headings=[h for h in headings if h.level in (2, 3)],
        section=_section_of(library, slug),
        template=template,
        template_length=format_minutes(template.total_minutes) if template else "",
        rubrics=library.rubrics,
        previous=previous,
        following=following,
        format_minutes=format_minutes,
    )


@bp.route("/playbooks/-/print", endpoint="print_all")
@page("facilitator")
def print_view():
    """Every page in reading order on one page, for printing the whole manual."""
    library = app_library()
    pages = library.pages
    order = [p.slug for p in pages]
    anchors = chapter_anchors(order)
    return render_template(
        "playbooks/print.html",
        sections=contents(library, order),
        anchors=anchors,
        chapters=[chapter(p, anchors) for p in pages],
    )


@bp.route("/playbooks/-/handbook.html", endpoint="handbook")
@page("facilitator")
def handbook_download():
    """The manual (or one page, ``?page=slug``) as one self-contained HTML file."""
    library = app_library()
    only = request.args.get("page")
    if only is not None and only not in library:
        abort(404)
    html = export_handbook(library, [only] if only else None)
    name = "hackkit-handbook.html"
    if only:
        name = "hackkit-" + "".join(c if c.isalnum() else "-" for c in only) + ".html"
    response = Response(html, mimetype="text/html")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@bp.route("/playbooks/-/create", methods=["POST"], endpoint="create_event")
@page("facilitator")
def create_event_view():
    """The console's "create an event from this template" form (the same service as the API)."""
    account = current_facilitator()
    library = app_library()
    slug = request.form.get("template", "")[:MAX_SLUG_CHARS]
    back = (
        url_for("console.home")
        if request.form.get("back") == "home" or slug not in library
        else _page_url(slug)
    )
    try:
        fields = CreateFromTemplate(
            template=slug, name=request.form.get("name", "")[:200].strip() or None
        )
    except ValidationError:
        flash(_("Pick a template, and give the event a name of at most 120 characters."))
        return redirect(back)
    session = db.session()
    try:
        event = service.create_event_from_template(
            session, account.id, library, fields.template, fields.name
        )
        session.commit()
    except ServiceError as exc:
        session.rollback()
        flash(exc.message)
        return redirect(back)
    return redirect(url_for("console.event", event_id=event.id))


@bp.route("/events/<int:event_id>/playbook", endpoint="tips")
@page("facilitator")
def tips_view(event_id: int):
    """The event's checklists, phase by phase (the one under way first), ticked live."""
    account = current_facilitator()
    event = owned_event_or_404(event_id)
    library = app_library()
    source = library.get(event.playbook) if event.playbook else None
    boot = {
        "token": token_for_facilitator(account),
        "eventId": event.id,
        "me": account.username,
        "labels": {
            "by": _("by"),
            "now": _("now"),
            "nowTitle": _("Now"),
            "next": _("Next"),
            "paused": _("Paused"),
            "pending": _("to come"),
            "done": _("done"),
            "skipped": _("skipped"),
            "nothing": _("Nothing running"),
            "noChecklist": _("No checklist for this phase."),
            "signedOut": _("Your session ended; please sign in again."),
        },
    }
    return render_template(
        "playbooks/tips.html",
        event=event,
        boot=boot,
        source=source,
    )
