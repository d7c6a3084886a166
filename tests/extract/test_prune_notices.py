"""Page notices of extract._html_prune: the fine print of sign-up forms."""

from __future__ import annotations

import pytest

from clipper.extract._html_prune import notice_rule


@pytest.mark.parametrize(
    "text",
    [
        "By entering your email address you agree to our Terms of Use and Privacy Policy.",
        "By signing up, you agree to receive recurring automated marketing messages.",
        "New accounts only. By submitting your email you agree to our Privacy Policy",
    ],
)
def test_sign_up_fine_print_is_a_consent_notice(text: str) -> None:
    assert notice_rule(text) == "html.consent_notice"


@pytest.mark.parametrize(
    "text",
    [
        # Story prose that says "by … you agree" without a form's legal object.
        "By continuing the work, you will agree with the plan the council approved yesterday.",
        # A long paragraph is not a form's fine print, whatever it says.
        "By signing up, you agree to our terms. " + "The council met again on Friday. " * 15,
    ],
)
def test_story_prose_is_not_a_consent_notice(text: str) -> None:
    assert notice_rule(text) is None
