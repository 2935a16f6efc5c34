"""An advocate finds whom to call by ZIP code, reports a call, and the whip count shows it."""

import pytest

from campaigns.models import Outreach, Target
from tests.e2e.conftest import new_context

pytestmark = pytest.mark.django_db(transaction=True)

SLUG = "call-congress-abolition-amendment"


def _whip_cells(browser, site, target_id: int) -> list[str]:
    context = new_context(browser, site, staff=True)
    page = context.new_page()
    page.goto(f"/admin/campaigns/callaction/?q={SLUG}")
    page.get_by_role("link", name="Call Congress: pass the Abolition Amendment").click()
    page.get_by_role("link", name="Whip count: outcomes and stances per target").click()
    row = page.locator(f"#whip-{target_id}")
    cells = row.locator("td").all_inner_texts() if row.count() else ["0"] * 8
    context.close()
    return cells


def test_advocate_records_a_call_outcome_and_the_whip_count_shows_it(browser, page, site):
    sally = Target.objects.get(official__name="Sally Senior")
    before = _whip_cells(browser, site, sally.pk)

    page.goto(f"/calls/{SLUG}/?source=e2e")
    page.fill("[name=zip]", "98101")
    page.fill("[name=name]", "Ana")
    with page.expect_navigation():
        page.get_by_role("button", name="Show my officials").click()
    card = page.locator(f"#target-{sally.pk}")
    assert "Hello, my name is Ana" in card.inner_text()
    assert card.locator('a[href="tel:+12022240001"]').count() == 1

    card.get_by_label("reached a person").check()
    card.get_by_label("supports").check()
    card.get_by_label("First name").fill("Ana")
    card.get_by_label("Last name").fill("Caller")
    card.get_by_label("Email address").fill("ana.caller@example.org")
    with page.expect_navigation():
        card.get_by_role("button", name="Report this call").click()
    assert page.get_by_text("Thank you. Your call is counted.").is_visible()

    outreach = Outreach.objects.get(person__email="ana.caller@example.org")
    assert (outreach.outcome, outreach.stance, outreach.source) == ("reached", "supports", "e2e")
    after = _whip_cells(browser, site, sally.pk)
    # calls, reached, voicemail, busy, supports, opposes, undecided, did not say
    assert int(after[0]) == int(before[0]) + 1
    assert int(after[1]) == int(before[1]) + 1
    assert int(after[4]) == int(before[4]) + 1
