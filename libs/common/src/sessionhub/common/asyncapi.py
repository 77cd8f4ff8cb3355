"""AsyncAPI 3.1 document generated from the event registry."""

from __future__ import annotations

from typing import Any

import yaml
from pydantic.json_schema import models_json_schema

from sessionhub.common.events.envelope import Envelope
from sessionhub.common.events.examples import EXAMPLES, example_envelope
from sessionhub.common.events.registry import Event, catalog_events

REF = "#/components/schemas/{model}"
ASYNCAPI_VERSION = "3.1.0"
AMQP_BINDING = "0.3.0"


def _message_name(cls: type[Event]) -> str:
    return cls.__name__


def build(exchange: str = "sessionhub.events") -> dict[str, Any]:
    events = catalog_events()
    _, defs = models_json_schema(
        [(Envelope, "validation"), *((cls, "validation") for cls in events)],
        ref_template=REF,
    )
    schemas: dict[str, Any] = dict(defs.get("$defs", {}))
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    amqp_exchange = {
        "name": exchange,
        "type": "topic",
        "durable": True,
        "autoDelete": False,
        "vhost": "/",
    }
    for cls in events:
        name = _message_name(cls)
        schemas[f"{name}Envelope"] = {
            "allOf": [
                {"$ref": REF.format(model="Envelope")},
                {
                    "type": "object",
                    "properties": {
                        "type": {"const": cls.event_type},
                        "schemaversion": {"const": cls.event_version},
                        "source": {"const": f"sessionhub/{cls.producer}"},
                        "data": {"$ref": REF.format(model=cls.__name__)},
                    },
                },
            ]
        }
        messages[name] = {
            "name": name,
            "title": f"{cls.event_type} v{cls.event_version}",
            "summary": (cls.__doc__ or "").strip().splitlines()[0] if cls.__doc__ else "",
            "contentType": "application/cloudevents+json",
            "payload": {"$ref": REF.format(model=f"{name}Envelope")},
            "examples": [
                {
                    "name": f"{name}Example",
                    "summary": EXAMPLES[(cls.event_type, cls.event_version)].summary,
                    "payload": example_envelope(cls),
                }
            ],
            "bindings": {"amqp": {"messageType": cls.event_type, "bindingVersion": AMQP_BINDING}},
        }
        channel = channels.setdefault(
            cls.event_type,
            {
                "address": cls.event_type,
                "description": f"Routing key {cls.event_type} on the {exchange} topic exchange.",
                "messages": {},
                "bindings": {
                    "amqp": {
                        "is": "routingKey",
                        "exchange": amqp_exchange,
                        "bindingVersion": AMQP_BINDING,
                    }
                },
            },
        )
        channel["messages"][name] = {"$ref": f"#/components/messages/{name}"}
        op_id = "publish" + "".join(
            p.capitalize() for p in cls.event_type.replace("_", ".").split(".")
        )
        operations.setdefault(
            op_id,
            {
                "action": "send",
                "summary": f"{cls.producer} publishes {cls.event_type}.",
                "channel": {"$ref": f"#/channels/{cls.event_type.replace('/', '~1')}"},
                "messages": [],
                # Persistence is a property of publishing, so AMQP puts it on the operation.
                "bindings": {"amqp": {"deliveryMode": 2, "bindingVersion": AMQP_BINDING}},
            },
        )["messages"].append({"$ref": f"#/channels/{cls.event_type}/messages/{name}"})
    return {
        "asyncapi": ASYNCAPI_VERSION,
        "info": {
            "title": "SessionHub events",
            "version": "1.0.0",
            "description": (
                "Events SessionHub publishes on one topic exchange. Every message is a "
                "CloudEvents 1.0 envelope in structured JSON mode; the routing key is the "
                "event type. `schemaversion` versions the `data` contract; `correlationid` "
                "follows one user action across services. Delivery is at-least-once: "
                "deduplicate on `id`."
            ),
        },
        "defaultContentType": "application/cloudevents+json",
        "servers": {
            "rabbitmq": {
                "host": "rabbitmq:5672",
                "protocol": "amqp",
                "protocolVersion": "0.9.1",
                "description": "The broker of the distributed topology.",
            }
        },
        "channels": channels,
        "operations": operations,
        "components": {"messages": messages, "schemas": schemas},
    }


# libyaml's emitter when PyYAML was built with it (the wheels are): the pure-Python one
# is two thirds of `sessionhub asyncapi`'s CPU, for the same bytes.
_SafeDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _PlainDumper(_SafeDumper):  # type: ignore[misc,valid-type]
    """Readers of the document should not meet YAML anchors and aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def render_yaml(exchange: str = "sessionhub.events") -> str:
    return yaml.dump(
        build(exchange), Dumper=_PlainDumper, sort_keys=False, allow_unicode=True, width=100
    )
