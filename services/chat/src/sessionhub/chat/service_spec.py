"""The chat service as the runtime sees it: its routes, persister, sweeper and state."""

from fastapi import APIRouter

from sessionhub.chat.messages.handlers import on_chat_message_posted
from sessionhub.chat.messages.routes import router as messages_router
from sessionhub.chat.replies.routes import router as replies_router
from sessionhub.chat.search.routes import router as search_router
from sessionhub.chat.sessions.routes import router as sessions_router
from sessionhub.chat.sessions.tasks import sweep_expired_sessions
from sessionhub.chat.state import SERVICE, prepare, shutdown
from sessionhub.common.events.catalog.chat import ChatMessagePostedV1
from sessionhub.common.events.consumer import Subscription
from sessionhub.common.routing import combine
from sessionhub.common.service import ServiceSpec

PERSIST_BATCH = 500


def build_router() -> APIRouter:
    return combine(sessions_router, messages_router, replies_router, search_router)


spec = ServiceSpec(
    name=SERVICE,
    schema="chat",
    migrations="sessionhub.chat:migrations",
    description=(
        "**chat** — persistent chat sessions with AI personas, streamed replies, history "
        "and search; messages are persisted by `sessionhub worker chat`."
    ),
    router=build_router,
    subscriptions=(
        Subscription(
            "persister",
            (ChatMessagePostedV1,),
            batch_handler=on_chat_message_posted,
            batch_size=PERSIST_BATCH,
        ),
    ),
    background=(sweep_expired_sessions,),
    on_start=prepare,
    on_stop=shutdown,
)
