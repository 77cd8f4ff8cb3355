"""Fast tier: the storability checks and the typed cursors, without servers."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime
from uuid import UUID, uuid4

import pytest

from sessionhub.chat.cursors import encode_cursor, read_cursor
from sessionhub.chat.text import MAX_JSON_DEPTH, check_json, check_text, storable
from sessionhub.common.errors import BadRequest


class TestText:
    @pytest.mark.parametrize("value", ["a\x00", "\ud800", "x\udfff y"])
    def test_unstorable_text_is_refused(self, value: str) -> None:
        with pytest.raises(ValueError, match=r"NUL|surrogate"):
            check_text(value)

    def test_ordinary_text_passes(self) -> None:
        assert check_text("héllo ✓ 𝄞") == "héllo ✓ 𝄞"

    def test_json_is_checked_at_any_depth_and_in_keys(self) -> None:
        with pytest.raises(ValueError, match="NUL"):
            check_json({"a": [{"b": ["ok", "x\x00"]}]})
        with pytest.raises(ValueError, match="NUL"):
            check_json({"a": {"k\x00": 1}})
        assert check_json({"a": [1, 2.5, None, True, {"b": "c"}]})

    def test_nesting_is_bounded(self) -> None:
        value: object = "leaf"
        for _ in range(MAX_JSON_DEPTH):
            value = [value]
        assert check_json(value)
        with pytest.raises(ValueError, match="nested"):
            check_json([value])

    def test_model_output_is_made_storable(self) -> None:
        assert storable("a\x00b") == "a\ufffdb"
        assert storable("x\ud800y") == "x?y"
        assert storable("fine") == "fine"


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
