"""The registry of page types every quality gate runs over.

Accessibility (axe-core), HTML validity (Nu Html Checker), security headers, page weight,
third-party requests and screenshots all read this one list. A test fails when a named
route has no entry here, so a page a later feature adds cannot escape the gates: add it
below with the demo data that makes it render.
"""

from dataclasses import dataclass, field
from datetime import date

from campaigns.demo import demo_email
from campaigns.events import event_host_token
from campaigns.forms import started_stamp
from campaigns.models import Event, Person, PostcardPledge, Signature
from campaigns.postcards import pledge_token
from campaigns.services import participation_consents_token, signature_confirm_token
from legislation.alerts import confirm_token, unsubscribe_token
from legislation.models import AlertSubscriber
from representatives.tokens import handoff_token

# The registry's demo letter (tests/conftest.py) and a key to it that never expires.
HANDOFF_DELIVERY_PK = 9001
HANDOFF_TOKEN = handoff_token(delivery_id=HANDOFF_DELIVERY_PK, until=date(2099, 12, 31))

# The registry's demo follower (tests/conftest.py) and keys to its links.
ALERT_SUBSCRIBER_PK = 9002
ALERT_SUBSCRIBER_EMAIL = "reader@example.org"
CONFIRM_TOKEN = confirm_token(AlertSubscriber(pk=ALERT_SUBSCRIBER_PK, email=ALERT_SUBSCRIBER_EMAIL))
UNSUBSCRIBE_TOKEN = unsubscribe_token(ALERT_SUBSCRIBER_PK)

# The registry's unconfirmed signature (tests/conftest.py) and the key that confirms it.
# Far above any id the suite's own inserts reach (PostgreSQL sequences are not reset
# between transactional tests, and each registry load seeds demo signatures).
SIGNATURE_PK = 900_000_003
SIGNATURE_EMAIL = "signer@example.org"
SIGNATURE_TOKEN = signature_confirm_token(
    Signature(pk=SIGNATURE_PK, person=Person(email=SIGNATURE_EMAIL))
)

# The registry's demo event host (campaigns/demo_events.py) and the registry's postcard
# pledge (tests/conftest.py), and the keys to their pages.
EVENT_HOST_TOKEN = event_host_token(
    Event(slug="example-postcard-evening-seattle", person=Person(email=demo_email(0)))
)
POSTCARD_PLEDGE_PK = 900_000_004
POSTCARD_EMAIL = "postcards@example.org"
POSTCARD_TOKEN = pledge_token(
    PostcardPledge(pk=POSTCARD_PLEDGE_PK, person=Person(email=POSTCARD_EMAIL))
)
# The same pledge ticked its drive's consent boxes: the key that confirms them.
CONSENTS_TOKEN = participation_consents_token(
    PostcardPledge(pk=POSTCARD_PLEDGE_PK, person=Person(email=POSTCARD_EMAIL))
)


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    status: int = 200
    # Staff-only pages are checked while logged in as staff.
    staff: bool = False
    # Form pages with their errors shown are reached by POSTing this data.
    post: dict[str, str] | None = None
    # Embed views may be framed by other sites; every other page refuses framing.
    embed: bool = False
    # Route names this entry covers (the resolver's, as `namespace:name`).
    routes: tuple[str, ...] = field(default=())


PAGES: list[Page] = [
    Page("home", "/", routes=("campaigns:home",)),
    Page("home-es", "/es/"),
    Page("organisations", "/organisations/", routes=("campaigns:organisation_list",)),
    Page("organisations-es", "/es/organizaciones/"),
    Page(
        "organisation",
        "/organisations/freedom-united/",
        routes=("campaigns:organisation_detail",),
    ),
    Page("organisation-won-campaign", "/organisations/polaris/"),
    Page("campaigns", "/campaigns/", routes=("campaigns:campaign_list",)),
    Page("campaigns-filtered", "/campaigns/?issue=prison-labor&status=live"),
    Page("campaigns-none-found", "/campaigns/?status=won&issue=foster-care&action=petition"),
    Page("campaigns-es", "/es/campanas/?status=live"),
    Page("campaign", "/campaigns/amend-the-13th/", routes=("campaigns:campaign_detail",)),
    Page("campaign-won", "/campaigns/move-sesta-forward/"),
    Page("campaign-es", "/es/campanas/divest-from-prison-industry/"),
    Page("issues", "/issues/", routes=("campaigns:issue_list",)),
    Page("issue", "/issues/prison-labor/", routes=("campaigns:issue_detail",)),
    Page("issue-es", "/es/temas/cobalt-mining/"),
    Page("petition", "/petitions/amend-the-13th/", routes=("campaigns:petition_detail",)),
    Page("petition-closed", "/petitions/move-sesta-forward/"),
    Page(
        "petition-form-errors",
        "/es/peticiones/amend-the-13th/",
        status=400,
        post={
            "given_name": "Ana",
            "family_name": "",
            "email": "not-an-email",
            "started": started_stamp(),
        },
    ),
    Page(
        "petition-signed",
        "/petitions/amend-the-13th/check-your-email/",
        routes=("campaigns:petition_signed",),
    ),
    Page(
        "petition-embed",
        "/petitions/amend-the-13th/embed/",
        embed=True,
        routes=("campaigns:petition_embed",),
    ),
    Page(
        "petition-print",
        "/petitions/amend-the-13th/print/",
        staff=True,
        routes=("campaigns:petition_print",),
    ),
    Page(
        "signature-confirm",
        f"/signatures/confirm/{SIGNATURE_TOKEN}/",
        routes=("campaigns:signature_confirm",),
    ),
    Page("signature-confirm-bad-link", "/signatures/confirm/not-a-token/", status=400),
    Page(
        "consents-confirm",
        f"/consents/confirm/{CONSENTS_TOKEN}/",
        routes=("campaigns:consents_confirm",),
    ),
    Page("consents-confirm-bad-link", "/consents/confirm/not-a-token/", status=400),
    Page(
        "social",
        "/social/thank-abolition-amendment-sponsors/",
        routes=("campaigns:social_detail",),
    ),
    Page("social-for-zip", "/social/ask-congress-to-cosponsor-abolition/?zip=98101"),
    Page("social-bad-zip", "/social/ask-congress-to-cosponsor-abolition/?zip=12"),
    Page(
        "social-post-errors",
        "/es/redes/ask-congress-to-cosponsor-abolition/?zip=98101",
        status=400,
        post={"zip": "98101", "email": "not-an-email", "started": started_stamp()},
    ),
    Page("letter", "/letters/ncose-letter-companies/", routes=("campaigns:letter_detail",)),
    Page("letter-closed", "/letters/email-your-senators-sesta/"),
    Page(
        "letter-form-errors",
        "/es/cartas/ncose-letter-white-house/",
        status=400,
        post={
            "given_name": "Ana",
            "email": "not-an-email",
            "zip_code": "12",
            "started": started_stamp(),
        },
    ),
    Page(
        "letter-sent-bad-link",
        "/letters/ncose-letter-companies/sent/not-a-token/",
        status=400,
        routes=("campaigns:letter_sent",),
    ),
    Page(
        "event-action",
        "/events/host-a-gathering-for-freedom/",
        routes=("campaigns:event_detail",),
    ),
    Page(
        "event-action-form-errors",
        "/es/eventos/host-a-gathering-for-freedom/",
        status=400,
        post={
            "title": "Vigil\r\nBcc: x@example.org",
            "date": "2001-01-01",
            "start_time": "18:00",
            "end_time": "17:00",
            "email": "not-an-email",
            "started": started_stamp(),
        },
    ),
    Page("events", "/events/", routes=("campaigns:event_list",)),
    Page("events-in-state", "/events/?state=WA"),
    Page("events-none-in-state", "/events/?state=WY"),
    Page(
        "event",
        "/events/e/example-postcard-evening-seattle/",
        routes=("campaigns:event_page",),
    ),
    Page(
        "event-rsvp-errors",
        "/es/eventos/e/example-postcard-evening-seattle/",
        status=400,
        post={"given_name": "", "email": "nope", "started": started_stamp()},
    ),
    Page("event-host", f"/events/host/{EVENT_HOST_TOKEN}/", routes=("campaigns:event_host",)),
    Page("event-host-bad-link", "/events/host/not-a-token/", status=400),
    Page(
        "postcard-drive",
        "/postcards/100-postcards-to-congress/",
        routes=("campaigns:postcard_detail",),
    ),
    Page(
        "postcard-form-errors",
        "/es/postales/100-postcards-to-congress/",
        status=400,
        post={"count": "500", "zip_code": "12", "email": "nope", "started": started_stamp()},
    ),
    Page(
        "postcard-pledged",
        "/postcards/100-postcards-to-congress/check-your-email/",
        routes=("campaigns:postcard_pledged",),
    ),
    Page(
        "postcard-print",
        f"/postcards/print/{POSTCARD_TOKEN}/",
        routes=("campaigns:postcard_print",),
    ),
    Page("postcard-print-bad-link", "/postcards/print/not-a-token/", status=400),
    Page("call", "/calls/call-congress-abolition-amendment/", routes=("campaigns:call_detail",)),
    Page("call-targets", "/calls/call-congress-abolition-amendment/?zip=98101&name=Ana"),
    Page("call-split-zip", "/calls/call-congress-abolition-amendment/?zip=98052"),
    Page("call-bad-zip-es", "/es/llamadas/call-congress-abolition-amendment/?zip=99999"),
    Page(
        "call-report-errors",
        "/es/llamadas/call-congress-abolition-amendment/?zip=98101",
        status=400,
        post={"zip": "98101", "target": "0", "email": "not-an-email", "started": started_stamp()},
    ),
    Page("find-officials", "/officials/", routes=("representatives:find",)),
    Page("officials-for-zip", "/officials/?zip=98101"),
    Page("officials-split-zip", "/officials/?zip=98052"),
    Page("officials-split-zip-es", "/es/cargos-electos/?zip=98052"),
    Page("officials-bad-zip", "/officials/?zip=12"),
    Page(
        "officials-state-districts-chosen",
        "/officials/?zip=98101&sldl=ocd-division/country:us/state:wa/sldl:24"
        "&place=ocd-division/country:us/state:wa/place:tacoma",
    ),
    Page("official", "/officials/S000001/", routes=("representatives:official_detail",)),
    Page("official-without-bioguide", "/officials/govtrack-900/"),
    Page("state", "/officials/states/wa/", routes=("representatives:state_detail",)),
    Page(
        "letter-handoff",
        f"/officials/letters/{HANDOFF_TOKEN}/",
        routes=("representatives:delivery_handoff",),
    ),
    Page("letter-handoff-es", f"/es/cargos-electos/cartas/{HANDOFF_TOKEN}/"),
    Page("bills", "/bills/", routes=("legislation:bill_list",)),
    Page("bills-filtered", "/bills/?jurisdiction=us&subject=prison-labor&q=amendment"),
    Page("bills-none-found", "/bills/?q=no+such+bill+anywhere"),
    Page("bill", "/bills/us/115/hr1865/", routes=("legislation:bill_detail",)),
    Page("bill-enacted-via", "/bills/us/115/s1693/"),
    Page("bill-amendment-es", "/es/proyectos-de-ley/us/117/sjres21/"),
    Page("bill-state", "/bills/fl/2012/hb99/"),
    Page("safe-harbor-map", "/state-laws/safe-harbor/", routes=("legislation:law_topic",)),
    Page("alerts", "/alerts/?follow=subject:prison-labor", routes=("legislation:alert_follow",)),
    Page(
        "alerts-form-errors",
        "/es/alertas/",
        status=400,
        post={"follow": "subject:prison-labor", "email": "not-an-email", "frequency": "daily"},
    ),
    Page("alerts-organisation", "/alerts/?follow=organisation:freedom-united"),
    Page(
        "alerts-issue-errors",
        "/es/alertas/",
        status=400,
        post={"follow": "issue:prison-labor", "email": "not-an-email", "frequency": "weekly"},
    ),
    Page("alerts-sent", "/alerts/check-your-email/", routes=("legislation:alert_follow_sent",)),
    Page(
        "alert-confirm",
        f"/alerts/confirm/{CONFIRM_TOKEN}/",
        routes=("legislation:alert_confirm",),
    ),
    Page("alert-confirm-bad-link", "/alerts/confirm/not-a-token/", status=400),
    Page(
        "alert-unsubscribe",
        f"/alerts/unsubscribe/{UNSUBSCRIBE_TOKEN}/",
        routes=("legislation:alert_unsubscribe",),
    ),
    Page("not-found", "/no-such-page/", status=404),
    Page("not-found-es", "/es/no-existe/", status=404),
    Page("styleguide", "/styleguide/", staff=True, routes=("core:styleguide",)),
    Page(
        "styleguide-form-errors",
        "/es/styleguide/",
        staff=True,
        post={"first_name": "", "email": "nope"},
    ),
    Page("outbox", "/outbox/", staff=True, routes=("core:outbox_list",)),
]

# Routes that are not pages: machine endpoints, redirects, and views that show email
# content rather than our own markup.
NOT_PAGES = {
    "healthz",
    "api_officials",
    "api_bill",
    "api_petition_count",
    "campaigns:event_ics",
    "set_language",
    "core:outbox_detail",
    "core:outbox_html",
}
