"""The persister: competing consumers storing posted messages in PostgreSQL in batches."""

from __future__ import annotations

from sessionhub.chat.messages import repository
from sessionhub.common.events.catalog.chat import ChatMessagePostedV1
from sessionhub.common.events.consumer import BatchContext, Delivery


async def on_chat_message_posted(
    ctx: BatchContext, deliveries: list[Delivery[ChatMessagePostedV1]]
) -> None:
    """One transaction per batch, with the inbox rows: a batch cut short by a crash is
    redelivered whole, and inserting by message id makes any replay a no-op."""
    await repository.persist_messages(ctx.session, [d.event for d in deliveries])
