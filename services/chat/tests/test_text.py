"""Fast tier: model output made storable, without servers."""

from __future__ import annotations

import pytest

from sessionhub.chat.text import storable

pytestmark = pytest.mark.unit  # pure logic: `make test-fast` runs it without servers


class TestStorable:
    def test_model_output_is_made_storable(self) -> None:
        assert storable("a\x00b") == "a\ufffdb"
        assert storable("x\ud800y") == "x?y"
        assert storable("fine ✓ 𝄞") == "fine ✓ 𝄞"
