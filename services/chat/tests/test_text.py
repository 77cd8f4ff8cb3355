"""Fast tier: model output made storable, and the typed cursors, without servers."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime
from uuid import UUID, uuid4

import pytest

from sessionhub.chat.cursors import encode_cursor, read_cursor
from sessionhub.chat.text import storable
from sessionhub.common.errors import BadRequest


class TestStorable:
    def test_model_output_is_made_storable(self) -> None:
        assert storable("a\x00b") == "a\ufffdb"
        assert storable("x\ud800y") == "x?y"
        assert storable("fine ✓ 𝄞") == "fine ✓ 𝄞"


def raw(values: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


class TestCursors:
    def test_round_trip(self) -> None:
        at, ident = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC), uuid4()
        assert read_cursor(encode_cursor(at.isoformat(), ident), datetime, UUID) == (at, ident)
        assert read_cursor(encode_cursor(7, ident), int, UUID) == (7, ident)
        assert read_cursor(encode_cursor(0.25), float) == (0.25,)

    @pytest.mark.parametrize(
        ("cursor", "kinds"),
        [
            (raw([2**63]), (int,)),
            (raw([1.5]), (int,)),
            (raw([True]), (int,)),
            ("W05hTl0", (float,)),  # [NaN]
            (raw(["2020-01-01"]), (datetime,)),
            (raw(["9999-12-31T23:59:59-23:59"]), (datetime,)),
            (raw(["0001-01-01T00:00:00+00:00"]), (datetime,)),
            (raw(["nope"]), (UUID,)),
            (raw([[1]]), (UUID,)),
            ("%%%", (int,)),
            ("A" * 600, (int,)),
            (raw([[[[[[[[1]]]]]]]]), (int,)),
        ],
    )
    def test_anything_else_is_a_400(self, cursor: str, kinds: tuple[type, ...]) -> None:
        with pytest.raises(BadRequest):
            read_cursor(cursor, *kinds)
