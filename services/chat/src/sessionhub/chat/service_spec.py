"""The chat service as the runtime sees it."""

from sessionhub.chat.endpoints import build_router
from sessionhub.chat.handlers import on_chat_message_posted
from sessionhub.chat.state import prepare, shutdown
from sessionhub.chat.tasks import sweep_expired_sessions
from sessionhub.common.events.catalog.chat import ChatMessagePostedV1
from sessionhub.common.events.consumer import Subscription
from sessionhub.common.service import ServiceSpec

PERSIST_BATCH = 500

spec = ServiceSpec(
    name="chat",
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
