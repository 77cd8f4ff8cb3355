"""The builder service as the runtime sees it (a skeleton until its issue lands)."""

from sessionhub.common.service import ServiceSpec

spec = ServiceSpec(
    name="builder",
    schema="builder",
    migrations="sessionhub.builder:migrations",
    description="**builder** — session-builder drafts, outline variants, versions, publish.",
)
