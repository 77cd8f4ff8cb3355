"""Fast tier: model output made storable, without servers."""

from __future__ import annotations

from sessionhub.chat.text import storable


class TestStorable:
    def test_model_output_is_made_storable(self) -> None:
        assert storable("a\x00b") == "a\ufffdb"
        assert storable("x\ud800y") == "x?y"
        assert storable("fine ✓ 𝄞") == "fine ✓ 𝄞"
