"""Business rules of drafts: autosave, undo, snapshots, inline validation. Never commits."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError
from pydantic_core import to_json
from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from sessionhub.builder.drafts import readiness as rules
from sessionhub.builder.drafts import repository
from sessionhub.builder.drafts.repository import DraftRepository
from sessionhub.builder.drafts.schemas import (
    DraftDocument,
    DraftPublic,
    DraftSummary,
    Issue,
    SnapshotPublic,
    VersionSummary,
)
from sessionhub.builder.errors import PreconditionFailed
from sessionhub.builder.state import BuilderState
from sessionhub.common.auth import User
from sessionhub.common.errors import Conflict, NotFound, UnprocessableEntity
from sessionhub.common.pagination import Page, decode_cursor, encode_cursor
from sessionhub.common.timestamps import format_timestamp

KIND = "Draft"


class DraftArchived(Conflict):
    code = "draft-archived"


def subject(draft_id: uuid.UUID) -> str:
    return f"draft/{draft_id}"


def _validated(raw: bytes) -> tuple[DraftDocument, bool]:
    """A document or merge patch from a request body, and whether any section was given
    an id; malformed input is a 422."""
    try:
        doc = DraftDocument.model_validate_json(raw or b"{}", strict=True)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        if any(e["type"] == "json_invalid" for e in errors):
            raise RequestValidationError(errors) from exc
        raise RequestValidationError([{**e, "loc": ("body", *e["loc"])} for e in errors]) from exc
    added = False
    if doc.outline is not None:
        seen: set[str] = set()
        for index, section in enumerate(doc.outline.sections):
            if section.id is None:
                section.id = uuid.uuid4().hex[:12]
                added = True
            if section.id in seen:
                raise UnprocessableEntity(
                    f"Section ids must be unique; {section.id!r} repeats at index {index}.",
                    extra={"errors": [{"field": f"outline.sections.{index}.id"}]},
                )
            seen.add(section.id)
    return doc, added


def parse_document(raw: bytes) -> DraftDocument:
    """A document or merge patch from a request body; malformed input is a 422."""
    return _validated(raw)[0]


def parse_patch(raw: bytes) -> tuple[DraftDocument, str]:
    """A merge patch from a request body (a 422 when malformed) and the text to merge.

    The text is the body itself when the patch holds nothing but what the body says:
    dumping the validated patch again cost autosave a third of its validation, to
    write the same values (every reader of a draft's document, in SQL or through
    ``load_document``, reads values, not their spelling, e.g. ``09:00`` or
    ``09:00:00``). Dumped instead when sections were given ids, and when it sets
    ``selected_version_id``: the statement casts that to ``uuid`` in SQL, which refuses
    spellings Pydantic accepts (``urn:uuid:…``).
    """
    patch, added = _validated(raw)
    if added or not raw or patch.selected_version_id is not None:
        return patch, as_patch(patch)
    return patch, raw.decode()


def as_patch(doc: DraftDocument) -> str:
    """Only what the client sent, ``null`` kept: the RFC 7396 patch to merge, as JSON."""
    return doc.model_dump_json(exclude_unset=True)


def as_document(doc: DraftDocument) -> dict[str, Any]:
    stored: dict[str, Any] = doc.model_dump(mode="json", exclude_none=True)
    return stored


def load_document(raw: dict[str, Any]) -> DraftDocument:
    return DraftDocument.model_validate(raw)


def issues_of(metadata: rules.SessionMetadata, *, unknown_selection: bool) -> list[Issue]:
    issues = rules.validate(metadata)
    if unknown_selection:
        issues.append(
            Issue(
                field="selected_version_id",
                code="unknown_version",
                message="The selected version is not one of this draft's AI versions.",
            )
        )
    return issues


def public(row: Row[Any], threshold: int) -> DraftPublic:
    doc = load_document(row.doc)
    metadata = doc.metadata or rules.SessionMetadata()
    versions = [VersionSummary.model_validate(v) for v in row.versions]
    issues = issues_of(
        metadata,
        unknown_selection=doc.selected_version_id is not None
        and doc.selected_version_id not in {v.id for v in versions},
    )
    return DraftPublic(
        id=row.id,
        owner_id=row.owner_id,
        status=row.status,
        revision=row.revision,
        metadata=metadata,
        outline=doc.outline,
        ai_prompt=doc.ai_prompt or "",
        ai_versions=versions,
        accepted_version_id=row.accepted_version_id,
        selected_version_id=doc.selected_version_id,
        readiness=rules.readiness(
            metadata,
            rules.section_facts(doc),
            issues,
            accepted=row.accepted_version_id is not None,
            threshold=threshold,
        ),
        validation=issues,
        last_autosave_at=row.last_autosave_at,
        published_session_id=row.published_session_id,
        published_revision=row.published_revision,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def patched_sections(patch: DraftDocument) -> list[rules.SectionFacts] | None:
    """The sections after merging ``patch``, when it decides them (it removes the
    outline, or replaces the array whole, as RFC 7396 does with arrays); else None."""
    if "outline" not in patch.model_fields_set:
        return None
    if patch.outline is None:
        return []
    if "sections" not in patch.outline.model_fields_set:
        return None
    return rules.section_facts(patch)


def saved(
    row: Mapping[str, Any], threshold: int, sections: list[rules.SectionFacts] | None
) -> bytes:
    """Autosave's answer (``DraftSaved``) as JSON, from the few fields its statement
    returns (and the sections, when the patch decided them).

    Written as plain values: building the answer's eight models only to dump them
    again cost autosave more than computing the checklist.
    """
    metadata = (
        rules.SessionMetadata.model_validate(row["metadata"])
        if row["metadata"] is not None
        else rules.SessionMetadata()
    )
    issues = issues_of(
        metadata,
        unknown_selection=row["selected_version_id"] is not None and not row["selected_known"],
    )
    if sections is None:
        # Members a patch left out are the model's defaults: no title, no minutes.
        sections = [(title or "", minutes or 0) for title, minutes in row["sections"]]
    items = rules.checklist(
        metadata, sections, issues, accepted=row["accepted_version_id"] is not None
    )
    score = rules.score(items)
    return to_json(
        {
            "id": row["id"],
            "revision": row["revision"],
            "validation": [
                {"field": i.field, "code": i.code, "message": i.message} for i in issues
            ],
            "readiness": {
                "score": score,
                "threshold": threshold,
                "ready": score >= threshold,
                "checklist": [
                    {
                        "key": key,
                        "label": label,
                        "passed": passed,
                        "weight": weight,
                        "message": text,
                    }
                    for key, label, weight, passed, text in items
                ],
            },
            "last_autosave_at": format_timestamp(row["last_autosave_at"]),
            "updated_at": format_timestamp(row["updated_at"]),
        }
    )


def missed(draft_id: uuid.UUID, state: Mapping[Any, Any] | None) -> Exception:
    """Why a conditional write matched no row, from the draft's revision and status:
    absent, archived, or a stale revision."""
    if state is None:
        return NotFound.resource(KIND, draft_id)
    if state["status"] == "archived":
        return DraftArchived(f"Draft {draft_id} is archived; it can no longer be edited.")
    return PreconditionFailed(state["revision"])


def summary(row: Row[Any], threshold: int) -> DraftSummary:
    doc = load_document(row.doc)
    metadata = doc.metadata or rules.SessionMetadata()
    issues = rules.validate(metadata)
    score = rules.readiness(
        metadata,
        rules.section_facts(doc),
        issues,
        accepted=row.accepted_version_id is not None,
        threshold=threshold,
    ).score
    return DraftSummary(
        id=row.id,
        status=row.status,
        revision=row.revision,
        title=metadata.title,
        session_type=metadata.sessionType,
        readiness_score=score,
        published_session_id=row.published_session_id,
        last_autosave_at=row.last_autosave_at,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


class DraftService:
    async def create(
        self, db: AsyncSession, st: BuilderState, user: User, doc: DraftDocument
    ) -> DraftPublic:
        row = await DraftRepository(db).create(user.id, as_document(doc))
        return public(row, st.settings.readiness_threshold)

    async def row(self, db: AsyncSession, user: User, draft_id: uuid.UUID) -> Row[Any]:
        row = await DraftRepository(db).get(draft_id, user.id)
        if row is None:
            raise NotFound.resource(KIND, draft_id)
        return row

    async def get(
        self, db: AsyncSession, st: BuilderState, user: User, draft_id: uuid.UUID
    ) -> DraftPublic:
        return public(await self.row(db, user, draft_id), st.settings.readiness_threshold)

    async def page(
        self,
        db: AsyncSession,
        st: BuilderState,
        user: User,
        *,
        status: str | None,
        cursor: str | None,
        limit: int,
    ) -> Page[DraftSummary]:
        after = None
        if cursor is not None:
            at, ident = decode_cursor(cursor, datetime, uuid.UUID)
            after = (at, ident)
        rows = await DraftRepository(db).page(user.id, status=status, after=after, limit=limit + 1)
        more = len(rows) > limit
        rows = rows[:limit]
        threshold = st.settings.readiness_threshold
        return Page(
            data=[summary(r, threshold) for r in rows],
            next_cursor=encode_cursor(rows[-1].created_at, rows[-1].id) if more else None,
        )

    async def delete(self, db: AsyncSession, user: User, draft_id: uuid.UUID) -> None:
        if not await DraftRepository(db).delete(draft_id, user.id):
            raise NotFound.resource(KIND, draft_id)

    async def _missed(self, repo: DraftRepository, user: User, draft_id: uuid.UUID) -> Exception:
        state = await repo.state(draft_id, user.id)
        return missed(draft_id, None if state is None else state._mapping)

    async def autosave(
        self,
        st: BuilderState,
        user: User,
        draft_id: uuid.UUID,
        patch: DraftDocument,
        text: str,
        expected: int | None,
    ) -> tuple[int, bytes]:
        """The new revision and the answer (``DraftSaved``'s JSON).

        One statement sent alone: no unit of work (nor Session) around it.
        """
        database = st.ctx.db
        sections = patched_sections(patch)
        row = await repository.autosave(
            database,
            draft_id,
            user.id,
            expected=expected,
            keep=st.settings.snapshots_kept,
            patch=text,
            read_sections=sections is None,
        )
        if row is None:
            raise missed(draft_id, await repository.autosave_state(database, draft_id, user.id))
        return row["revision"], saved(row, st.settings.readiness_threshold, sections)

    async def replace(
        self,
        db: AsyncSession,
        st: BuilderState,
        user: User,
        draft_id: uuid.UUID,
        doc: DraftDocument,
        expected: int | None,
        *,
        accepted: uuid.UUID | None = None,
    ) -> DraftPublic:
        """Store ``doc`` as the next revision (section operations, selections)."""
        repo = DraftRepository(db)
        row = await repo.write(
            draft_id,
            user.id,
            expected=expected,
            keep=st.settings.snapshots_kept,
            doc=as_document(doc),
            accepted=accepted,
        )
        if row is None:
            raise await self._missed(repo, user, draft_id)
        return public(row, st.settings.readiness_threshold)

    async def undo(
        self,
        db: AsyncSession,
        st: BuilderState,
        user: User,
        draft_id: uuid.UUID,
        *,
        expected: int | None,
        to_revision: int | None,
    ) -> DraftPublic:
        """Restore a snapshot as a new revision, so the undo itself can be undone.

        By default it walks back: undoing an undo's result goes to the snapshot before
        the one that undo restored, not back to where it started.
        """
        repo = DraftRepository(db)
        current = await self.row(db, user, draft_id)
        if expected is not None and current.revision != expected:
            raise PreconditionFailed(current.revision)
        floor = current.revision - st.settings.snapshots_kept
        if to_revision is not None:
            target = await repo.snapshot(draft_id, to_revision, floor)
            if target is None:
                raise NotFound(f"Draft {draft_id} has no snapshot of revision {to_revision}.")
        else:
            head = await repo.snapshot(draft_id, current.revision, floor)
            start = head.restores if head is not None and head.restores else current.revision
            target = await repo.snapshot_before(draft_id, start, floor)
            if target is None:
                raise Conflict("There is nothing left to undo.", extra={"code": "nothing-to-undo"})
        row = await repo.write(
            draft_id,
            user.id,
            expected=current.revision,
            keep=st.settings.snapshots_kept,
            doc=target.doc,
            accepted=target.accepted_version_id,
            restores=target.revision,
        )
        if row is None:
            raise await self._missed(repo, user, draft_id)
        return public(row, st.settings.readiness_threshold)

    async def snapshots(
        self, db: AsyncSession, st: BuilderState, user: User, draft_id: uuid.UUID
    ) -> list[SnapshotPublic]:
        current = await self.row(db, user, draft_id)
        floor = current.revision - st.settings.snapshots_kept
        rows = await DraftRepository(db).snapshots(draft_id, floor)
        return [SnapshotPublic.model_validate(dict(r._mapping)) for r in rows]


drafts = DraftService()
