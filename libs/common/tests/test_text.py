"""The boundary text types and scans: pure logic, no servers."""

from __future__ import annotations

import json
import math
import random

import pytest
from pydantic import BaseModel, Field, ValidationError

from sessionhub.common.text import (
    SAFE_JSON_MAX_DEPTH,
    SAFE_JSON_MAX_NUMBER,
    SafeJson,
    SafeStr,
    find_unstorable,
    json_too_deep,
    needs_text_check,
    unstorable_reason,
)

pytestmark = pytest.mark.unit  # pure logic: `make test-fast` runs it without servers


class Model(BaseModel):
    title: SafeStr = Field(max_length=10)
    metadata: SafeJson = None


def _nested(depth: int) -> object:
    """``depth`` containers, alternating objects and arrays."""
    value: object = "leaf"
    for i in range(depth):
        value = {"k": value} if i % 2 else [value]
    return value


class TestSafeStr:
    @pytest.mark.parametrize("bad", ["a\x00b", "é\x00", "\ud800", "x\udfff", "\x00"])
    def test_unstorable_text_is_a_field_error(self, bad: str) -> None:
        with pytest.raises(ValidationError) as info:
            Model(title=bad)
        (error,) = info.value.errors()
        assert error["loc"] == ("title",)
        # Pydantic itself refuses surrogates in a str; SafeStr adds NUL.
        assert error["type"] in {"unstorable_text", "string_unicode"}

    @pytest.mark.parametrize("good", ["héllo", "日本", "😀", "t\tn\nl", ""])
    def test_ordinary_text_passes(self, good: str) -> None:
        assert Model(title=good).title == good

    def test_constraints_still_apply(self) -> None:
        with pytest.raises(ValidationError):
            Model(title="x" * 11)

    def test_paired_surrogates_from_json_are_one_character(self) -> None:
        decoded = json.loads('"\\ud83d\\ude00"')
        assert unstorable_reason(decoded) is None


class TestSafeJson:
    def test_nul_in_a_deep_key_names_the_path(self) -> None:
        with pytest.raises(ValidationError) as info:
            Model(title="t", metadata={"a": [{"ok": 1}, {"b\x00": 2}]})
        (error,) = info.value.errors()
        assert error["loc"] == ("metadata",)
        assert "a.1.b\\u0000" in error["msg"]

    def test_a_surrogate_key_is_named_escaped_so_the_answer_encodes(self) -> None:
        with pytest.raises(ValidationError) as info:
            Model(title="t", metadata={"k\ud800": 1})
        (error,) = info.value.errors()
        assert "k\\ud800" in error["msg"]
        error["msg"].encode("utf-8")

    @pytest.mark.parametrize(
        "bad",
        [
            ["\ud800"],
            {"x": math.inf},
            {"x": math.nan},
            _nested(SAFE_JSON_MAX_DEPTH + 1),
            {"x": [SAFE_JSON_MAX_NUMBER + 1]},
            {"x": -(2**64)},
            {"x": 1e300},
        ],
    )
    def test_refused(self, bad: object) -> None:
        with pytest.raises(ValidationError):
            Model(title="t", metadata=bad)

    def test_depth_at_the_limit_and_plain_values_pass(self) -> None:
        deep = _nested(SAFE_JSON_MAX_DEPTH)
        assert Model(title="t", metadata=deep).metadata == deep
        edges = (SAFE_JSON_MAX_NUMBER, -SAFE_JSON_MAX_NUMBER, 1e-300)
        for value in (None, 1, 2.5, "s", True, {"a": ["b", 1, None]}, *edges):
            assert Model(title="t", metadata=value).metadata == value

    def test_a_very_deep_value_does_not_exhaust_the_stack(self) -> None:
        assert find_unstorable(_nested(100_000), max_depth=5) is not None
        assert find_unstorable(_nested(100_000)) is None


class TestScans:
    @pytest.mark.parametrize(
        ("body", "limit", "deep"),
        [
            (b"[[[]]]", 3, False),
            (b"[[[[]]]]", 3, True),
            (b'{"a": "[[[[[[[[", "b": {"c": []}}', 3, False),
            (b'["\\"[[[[[", [[1]]]', 3, False),
            (b"[{}, {}, {}, {}, {}]", 2, False),
            (b"[" * 100_000, 64, True),
        ],
    )
    def test_json_too_deep(self, body: bytes, limit: int, deep: bool) -> None:
        assert json_too_deep(body, limit) is deep

    def test_json_too_deep_agrees_with_the_decoded_depth(self) -> None:
        # Escaped quotes and backslashes next to brackets inside strings are what a
        # byte scan can get wrong; compare with the depth of the decoded value.
        rng = random.Random(8)
        texts = ['a"[', "\\[", "x", "[[{", "]]}}", '\\"]', '\\\\"', "\u005c"]

        def value(depth: int) -> object:
            roll = rng.random()
            if depth > 10 or roll < 0.3:
                return rng.choice(texts)
            if roll < 0.65:
                return [value(depth + 1) for _ in range(rng.randint(0, 3))]
            return {rng.choice(texts) + str(i): value(depth + 1) for i in range(rng.randint(0, 3))}

        def depth_of(item: object) -> int:
            if isinstance(item, list):
                return 1 + max(map(depth_of, item), default=0)
            if isinstance(item, dict):
                return 1 + max(map(depth_of, item.values()), default=0)
            return 0

        for _ in range(2_000):
            item = value(0)
            body = json.dumps(item, ensure_ascii=rng.random() < 0.5).encode()
            for limit in (0, 2, 5, 8):
                assert json_too_deep(body, limit) is (depth_of(item) > limit), body

    @pytest.mark.parametrize(
        ("body", "risky"),
        [
            (b'{"a": "plain"}', False),
            ('{"a": "é"}'.encode(), False),
            (b'{"a": "\\u00e9"}', False),
            (b'{"a": "\\u0000"}', True),
            (b'{"a": "\\uD800"}', True),
            (b'{"a": "\xed\xa0\x80"}', True),
            (b'{"a": "\xff"}', True),
        ],
    )
    def test_needs_text_check(self, body: bytes, risky: bool) -> None:
        assert needs_text_check(body) is risky
