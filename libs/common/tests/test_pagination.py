"""Keyset cursors: property tests of the round trip and of every forged cursor."""

from __future__ import annotations

import base64
import contextlib
import json
import uuid
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sessionhub.common.errors import BadRequest
from sessionhub.common.pagination import (
    MAX_CURSOR_CHARS,
    Int32,
    InvalidCursor,
    decode_cursor,
    encode_cursor,
    keyset_page,
)

pytestmark = pytest.mark.unit  # pure logic: `make test-fast` runs it without servers

INT64 = st.integers(-(2**63), 2**63 - 1)
STORABLE_TEXT = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"))
ZONES = st.builds(
    lambda minutes: timezone(timedelta(minutes=minutes)), st.integers(-23 * 60, 23 * 60)
)
AWARE = st.datetimes(min_value=datetime(2, 1, 1), max_value=datetime(9998, 12, 31), timezones=ZONES)
FINITE = st.floats(allow_nan=False, allow_infinity=False)

KINDS: dict[Any, st.SearchStrategy[Any]] = {
    int: INT64,
    Int32: st.integers(-(2**31), 2**31 - 1),
    str: STORABLE_TEXT,
    uuid.UUID: st.uuids(),
    datetime: AWARE,
    float: FINITE,
}


def _raw(value: object) -> str:
    """A cursor made by hand from any JSON text: what a forger sends."""
    text = value if isinstance(value, str) else json.dumps(value)
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


@st.composite
def typed_keys(draw: st.DrawFn) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    kinds = tuple(draw(st.lists(st.sampled_from(list(KINDS)), min_size=1, max_size=4)))
    return kinds, tuple(draw(KINDS[k]) for k in kinds)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
)


class TestProperties:
    @given(typed_keys())
    def test_round_trip(self, case: tuple[tuple[Any, ...], tuple[Any, ...]]) -> None:
        kinds, values = case
        cursor = encode_cursor(*values)
        if len(cursor) > MAX_CURSOR_CHARS:
            # Only free text can make a key this long, and no listing sorts by one.
            with pytest.raises(InvalidCursor):
                decode_cursor(cursor, *kinds)
            return
        decoded = decode_cursor(cursor, *kinds)
        assert decoded == values
        for kind, value in zip(kinds, decoded, strict=True):
            if kind is datetime:
                assert value.utcoffset() is not None

    @settings(max_examples=300)
    @given(typed_keys(), st.one_of(JSON, st.text()))
    def test_any_forged_cursor_is_a_400_or_values_of_the_right_types(
        self, case: tuple[tuple[Any, ...], tuple[Any, ...]], forged: object
    ) -> None:
        kinds, _ = case
        try:
            values = decode_cursor(_raw(forged), *kinds)
        except InvalidCursor:
            return
        for kind, value in zip(kinds, values, strict=True):
            assert isinstance(value, int if kind is Int32 else kind)

    @given(st.text(max_size=80))
    def test_random_text_is_never_worse_than_a_400(self, cursor: str) -> None:
        with contextlib.suppress(BadRequest):
            decode_cursor(cursor, int, uuid.UUID)


class TestForged:
    @pytest.mark.parametrize(
        ("forged", "kinds"),
        [
            (["abc"], (int,)),
            ([1e20], (int,)),
            ("[1e400]", (float,)),
            ("[NaN]", (float,)),
            ('[Infinity, "00000000-0000-0000-0000-000000000000"]', (float, uuid.UUID)),
            ([[1]], (int,)),
            (["2020-01-01", 5], (datetime, int)),
            (["2020-01-01T00:00:00+00:00", 5], (datetime, uuid.UUID)),
            (["0001-01-01T00:00:00+01:00"], (datetime,)),
            (["9999-12-31T23:59:59-23:59"], (datetime,)),
            (["99999-01-01T00:00:00+00:00"], (datetime,)),
            ([2**63], (int,)),
            ([2**31], (Int32,)),
            ([True], (int,)),
            (["a\u0000b"], (str,)),
            ([1, 2], (int,)),
            ({"a": 1}, (int,)),
            ("[" + "1" * 5000 + "]", (int,)),
            ("[" * 5000, (int,)),
            ("%%%", (int,)),
            ("é", (int,)),
        ],
    )
    def test_is_400(self, forged: object, kinds: tuple[Any, ...]) -> None:
        cursor = forged if forged in ("%%%", "é") else _raw(forged)
        assert isinstance(cursor, str)
        with pytest.raises(InvalidCursor) as info:
            decode_cursor(cursor, *kinds)
        assert info.value.status_code == 400

    def test_oversized_cursor_is_400(self) -> None:
        with pytest.raises(InvalidCursor):
            decode_cursor("A" * 5000, int)

    def test_untyped_form_still_refuses_the_dangerous_values(self) -> None:
        assert decode_cursor(encode_cursor("x", 5), 2) == ("x", 5)
        for forged in ("[NaN]", [[1]], [2**64], ["\u0000"], [None]):
            with pytest.raises(InvalidCursor):
                decode_cursor(_raw(forged), 1)

    def test_encode_refuses_what_it_could_not_decode(self) -> None:
        with pytest.raises(ValueError):
            encode_cursor(datetime(2026, 1, 1))
        with pytest.raises(ValueError):
            encode_cursor(float("nan"))
        with pytest.raises(TypeError):
            encode_cursor([1])
        assert decode_cursor(encode_cursor(datetime(2026, 1, 1, tzinfo=UTC)), datetime)


def test_keyset_page_shows_limit_rows_and_a_cursor_only_when_more_follow() -> None:
    rows = [(n, f"row {n}") for n in range(5)]

    def page(fetched: list[tuple[int, str]]) -> tuple[list[str], str | None]:
        result = keyset_page(fetched, 3, lambda r: r[1], lambda r: (r[0],))
        return result.data, result.next_cursor

    data, cursor = page(rows[:4])
    assert data == ["row 0", "row 1", "row 2"]
    assert cursor is not None
    assert decode_cursor(cursor, int) == (2,)
    assert page(rows[:3]) == (["row 0", "row 1", "row 2"], None)
    assert page([]) == ([], None)
