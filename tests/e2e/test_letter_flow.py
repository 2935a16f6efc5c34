"""An advocate enters a ZIP code, reads their letters, and sends all three at once."""

import pytest

from campaigns.models import Campaign, LetterAction, Outreach, Target
from representatives.models import Official

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_letter_to_three_targets_emails_one_and_hands_two_to_the_advocate(
    page, site, mailoutbox, settings
):
    settings.SIGN_MIN_FILL_SECONDS = 0
    action = LetterAction.objects.create(
        campaign=Campaign.objects.get(slug="amend-the-13th"),
        title="Write to your senators and your state representative",
        slug="e2e-letter",
        ask="Ask them to act.",
        subjects="Please act on forced labor",
        body="Dear {official_salutation} {official_last_name},\n\nPlease act.\n\nThank you.",
        target_levels=["us_senate"],
    )
    action.targets.add(Target.objects.create(official=Official.objects.get(name="Lee Lower")))

    page.goto("/letters/e2e-letter/?source=e2e")
    page.fill("[name=given_name]", "Ana")
    page.fill("[name=family_name]", "Reyes")
    page.fill("[name=email]", "ana.writer@example.org")
    page.fill("[name=street]", "12 Pine St")
    page.fill("[name=city]", "Seattle")
    page.fill("[name=zip_code]", "98101")
    with page.expect_navigation():
        page.get_by_role("button", name="Show my letters").click()

    letters = page.locator("section.letter")
    assert letters.count() == 3
    assert page.get_by_text("Dear Representative Lower,").count() == 1
    with page.expect_navigation():
        page.get_by_role("button", name="Send all my letters").click()

    assert "where your letters went" in page.locator("main h1").inner_text()
    assert page.get_by_text("Your turn:").count() == 2
    to = sorted(message.to[0] for message in mailoutbox)
    assert to == ["ana.writer@example.org", "lee.lower@leg.wa.example"]
    receipt = next(m for m in mailoutbox if m.to == ["ana.writer@example.org"])
    assert receipt.body.count("YOUR TURN") == 2
    assert Outreach.objects.filter(action=action, source="e2e").count() == 3
