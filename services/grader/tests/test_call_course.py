"""Readings of the call's course: when it ended, when the chat gave way to business, and
when a slot was put up and fixed."""

from __future__ import annotations

import pytest

from sessionhub.grader.graders.dialogue import sentences

from .support import grade

pytestmark = pytest.mark.unit


# --------------------------------------------------------------------------- farewells

_HAULAGE = (
    "T: Hi Mr Pascoe, it's Wren from Coldline Trailers. How's the yard this week?",
    "C: Busy. What can I do for you?",
    "T: Talk me through how a load of fish gets from the quay to your cold room.",
)


@pytest.mark.parametrize(
    "line",
    [
        # "bye" as a form of address, inside a line that goes on
        "C: It's a squeeze, bye, the van takes eight boxes and the ice melts by the bridge.",
        "C: Too slow, bye. The ice is half water by the time I reach the bridge road.",
    ],
)
def test_a_bye_that_the_line_goes_on_past_is_no_farewell(line: str) -> None:
    result = grade(
        *_HAULAGE,
        line,
        "T: How much of a load do you lose when it gets that warm?",
        "C: A box in eight, some weeks two. The hotel sends back anything soft.",
        "T: And what does the hotel do when that happens?",
        "C: Knocks it off the bill, and last winter they went to Brixham for a month.",
    )
    assert not any("ended the call" in note for note in result.notes)
    assert result.verdict("discovery", "follows_up") == "passed"


def test_a_bye_that_closes_the_line_still_ends_the_call() -> None:
    result = grade(
        *_HAULAGE,
        "C: I've no time for this today. Right, bye then.",
        "T: How much of a load do you lose when it gets warm?",
        "T: And what does the hotel do when that happens?",
    )
    assert any("ended the call" in note for note in result.notes)


# --------------------------------------------------------------------------- detours


def test_a_long_answer_about_the_work_ends_the_opening_chat() -> None:
    # the chat about the show is a detour; the customer then tells at length how the work
    # goes, so the questions on it are discovery though none shares a word with the chat
    result = grade(
        "C: Hello, Ada speaking.",
        "T: Morning Ada, Priya from Halyard Gas Supply. Did the county show go well?",
        "C: Second in the gates class. What are you after?",
        "T: Walk me through a firing day for you.",
        "C: I light up at six, it takes an hour to come to heat, then I work the bar stock "
        "till the bottle runs low, usually by two.",
        "T: Runs low by two. What happens to the work when it does?",
        "C: It sits half done till the lorry brings a full one, sometimes the next morning.",
        "T: How often does that leave a job waiting overnight?",
        "C: Most weeks twice. The gate for the church sat three days last month.",
    )
    assert result.verdict("discovery", "asks_questions") == "passed"
    assert result.verdict("discovery", "open_questions") == "passed"


def test_short_answers_keep_a_chat_a_detour() -> None:
    result = grade(
        "C: Hello, Ada speaking.",
        "T: Morning Ada, Priya from Halyard Gas Supply. Did the county show go well?",
        "C: Second in the gates class. What are you after?",
        "T: Do you keep horses yourself?",
        "C: Two.",
        "T: What are they called?",
        "C: Bramble and Sid.",
        "T: Which of them is the older?",
        "C: Sid. Look, what are you selling?",
    )
    assert result.verdict("discovery", "asks_questions") != "passed"


# --------------------------------------------------------------------------- slots


@pytest.mark.parametrize(
    "text",
    [
        "How does Thursday the ninth look, once the market's packed up?",
        "How would Friday at ten suit?",
        "How does Monday work for you?",
    ],
)
def test_a_slot_put_up_to_be_weighed_is_a_proposal(text: str) -> None:
    assert sentences(text)[0].is_proposal


@pytest.mark.parametrize(
    "text",
    ["How does Monday usually go for you?", "How does the sorting work on a Monday?"],
)
def test_asking_how_a_day_goes_is_no_proposal(text: str) -> None:
    assert not sentences(text)[0].is_proposal


def test_the_customers_own_time_set_down_and_agreed_is_a_commitment() -> None:
    result = grade(
        "C: Orla, I've thought it over. We'll take the two ovens.",
        "T: Great news. Shall we fit them before the Christmas orders start?",
        "C: Yes, that makes sense.",
        "T: How does Tuesday the ninth look, after the morning bake?",
        "C: Tuesday's fine, but not before two, we're still selling till then.",
        "T: Two o'clock Tuesday the ninth, then.",
        "C: Lovely.",
        "T: So Tuesday the ninth at two, we bring both ovens and show your bakers the timers.",
    )
    assert result.verdict("closing", "commitment") == "passed"
    assert result.verdict("closing", "specific_time") == "passed"
