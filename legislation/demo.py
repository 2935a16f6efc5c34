"""Demo data for legislation: real bills with their real history, in our own words.

Facts only, each bill with its official source. Where a date or step could not be
confirmed from the public record, it is left out rather than guessed; a bill with
fewer actions shows fewer steps done. Statuses are derived from the actions by the
same service the admin uses, so the demo exercises the real path.
"""

from collections.abc import Callable
from datetime import date
from pathlib import Path

from django.conf import settings

from core.models import Organisation
from core.services import row_upsert
from legislation import services
from legislation.models import (
    Bill,
    BillAction,
    BillPosition,
    BillSource,
    Chamber,
    Jurisdiction,
    LawTopic,
    LegislativeSession,
    RelatedBill,
    Sponsorship,
    StateLaw,
    Subject,
)
from legislation.reference import reference_data_ensure
from representatives.selectors import official_pk_for_bioguide

UPPER, LOWER, EXECUTIVE = Chamber.UPPER, Chamber.LOWER, Chamber.EXECUTIVE

SESSIONS = [
    ("us", "115", "115th Congress", date(2017, 1, 3), date(2019, 1, 3)),
    ("us", "117", "117th Congress", date(2021, 1, 3), date(2023, 1, 3)),
    ("us", "118", "118th Congress", date(2023, 1, 3), date(2025, 1, 3)),
    ("fl", "2012", "2012 Regular Session", date(2012, 1, 10), date(2012, 3, 9)),
]

BILLS = [
    {
        "key": ("us", "115", "S. 1693"),
        "short_title": "Stop Enabling Sex Traffickers Act of 2017 (SESTA)",
        "title": (
            "A bill to amend the Communications Act of 1934 to clarify that section 230 of "
            "that Act does not prohibit the enforcement against providers and users of "
            "interactive computer services of Federal and State criminal and civil law "
            "relating to sex trafficking."
        ),
        "classification": Bill.Classification.BILL,
        "from_chamber": UPPER,
        "introduced_on": date(2017, 8, 1),
        "subjects": ["sex-trafficking", "online-exploitation", "human-trafficking"],
        "summary": (
            "Would let victims and state prosecutors bring sex-trafficking cases against "
            "websites that knowingly help trafficking, by narrowing the shield that "
            "section 230 of the Communications Act gives online platforms. It never "
            "passed the Senate as its own bill: its text became law inside H.R. 1865 "
            "(FOSTA) in April 2018."
        ),
        "sources": [
            ("https://www.congress.gov/bill/115th-congress/senate-bill/1693", "Congress.gov")
        ],
        "sponsors": [("Rob Portman", "Republican", "P000449", date(2017, 8, 1))],
        "cosponsors": [("Richard Blumenthal", "Democratic", "B001277", date(2017, 8, 1))],
        "actions": [
            (
                date(2017, 8, 1),
                UPPER,
                "Introduced in the Senate; read twice and referred to "
                "the Committee on Commerce, Science, and Transportation.",
                ["introduction", "referral-committee"],
            ),
            (
                date(2018, 1, 10),
                UPPER,
                "Reported by the Committee on Commerce, Science, and "
                "Transportation with an amendment in the nature of a substitute "
                "(S. Rept. 115-199); placed on the Senate calendar.",
                ["committee-passage"],
            ),
        ],
        "positions": [
            ("polaris", BillPosition.Position.SUPPORT, ""),
        ],
    },
    {
        "key": ("us", "115", "H.R. 1865"),
        "short_title": (
            "Allow States and Victims to Fight Online Sex Trafficking Act of 2017 (FOSTA)"
        ),
        "title": (
            "To amend the Communications Act of 1934 to clarify that section 230 of such Act "
            "does not prohibit the enforcement against providers and users of interactive "
            "computer services of Federal and State criminal and civil law relating to "
            "sexual exploitation of children or sex trafficking, and for other purposes."
        ),
        "classification": Bill.Classification.BILL,
        "from_chamber": LOWER,
        "introduced_on": date(2017, 4, 3),
        "subjects": ["sex-trafficking", "online-exploitation", "human-trafficking"],
        "summary": (
            "Makes it a federal crime to run a website with the intent to promote or "
            "facilitate prostitution, and lets sex-trafficking victims and state attorneys "
            "general sue or prosecute platforms that knowingly assist trafficking. The "
            "House added the Senate's SESTA text before passing it; it became Public Law "
            "115-164."
        ),
        "sources": [
            ("https://www.congress.gov/bill/115th-congress/house-bill/1865", "Congress.gov")
        ],
        "sponsors": [("Ann Wagner", "Republican", "W000812", date(2017, 4, 3))],
        "cosponsors": [],
        "actions": [
            (
                date(2017, 4, 3),
                LOWER,
                "Introduced in the House; referred to the Committee on the Judiciary.",
                ["introduction", "referral-committee"],
            ),
            (
                date(2018, 2, 20),
                LOWER,
                "Reported (amended) by the Committee on the Judiciary (H. Rept. 115-572, Part I).",
                ["committee-passage"],
            ),
            (
                date(2018, 2, 27),
                LOWER,
                "Passed the House by a recorded vote of 388 to 25.",
                ["passage"],
            ),
            (
                date(2018, 3, 21),
                UPPER,
                "Passed the Senate without amendment by a recorded vote of 97 to 2.",
                ["passage"],
            ),
            (
                date(2018, 4, 11),
                EXECUTIVE,
                "Signed by the President; became Public Law 115-164.",
                ["executive-signature"],
            ),
        ],
        "positions": [],
    },
    {
        "key": ("us", "117", "S.J.Res. 21"),
        "short_title": "Abolition Amendment",
        "title": (
            "A joint resolution proposing an amendment to the Constitution of the United "
            "States to prohibit the use of slavery and involuntary servitude as a "
            "punishment for a crime."
        ),
        "classification": Bill.Classification.CONSTITUTIONAL_AMENDMENT,
        "from_chamber": UPPER,
        "introduced_on": date(2021, 6, 17),
        "subjects": ["prison-labor", "forced-labor"],
        "summary": (
            "Would strike the exception in the 13th Amendment that still allows slavery "
            "and involuntary servitude as punishment for a crime. As a constitutional "
            "amendment it needs two-thirds of each chamber and then ratification by 38 "
            "states; the President has no part in it."
        ),
        "sources": [
            (
                "https://www.congress.gov/bill/117th-congress/senate-joint-resolution/21",
                "Congress.gov",
            ),
            (
                "https://www.govinfo.gov/app/details/BILLS-117sjres21is",
                "Text as introduced (GovInfo)",
            ),
        ],
        "sponsors": [("Jeff Merkley", "Democratic", "M001176", date(2021, 6, 17))],
        "cosponsors": [],
        "actions": [
            (
                date(2021, 6, 17),
                UPPER,
                "Introduced in the Senate; read twice and referred to "
                "the Committee on the Judiciary.",
                ["introduction", "referral-committee"],
            ),
        ],
        "positions": [("freedom-united", BillPosition.Position.SUPPORT, "")],
    },
    {
        "key": ("us", "117", "H.J.Res. 53"),
        "short_title": "Abolition Amendment",
        "title": (
            "Proposing an amendment to the Constitution of the United States to prohibit "
            "the use of slavery and involuntary servitude as a punishment for a crime."
        ),
        "classification": Bill.Classification.CONSTITUTIONAL_AMENDMENT,
        "from_chamber": LOWER,
        "introduced_on": date(2021, 6, 17),
        "subjects": ["prison-labor", "forced-labor"],
        "summary": (
            "The House version of the Abolition Amendment, led by Rep. Nikema Williams of "
            "Georgia: it would end the 13th Amendment's exception for punishment for a crime."
        ),
        "sources": [
            (
                "https://www.congress.gov/bill/117th-congress/house-joint-resolution/53",
                "Congress.gov",
            )
        ],
        "sponsors": [("Nikema Williams", "Democratic", "W000788", date(2021, 6, 17))],
        "cosponsors": [],
        "actions": [
            (
                date(2021, 6, 17),
                LOWER,
                "Introduced in the House; referred to the Committee on the Judiciary.",
                ["introduction", "referral-committee"],
            ),
        ],
        "positions": [],
    },
    {
        "key": ("us", "118", "H.J.Res. 72"),
        "short_title": "Abolition Amendment",
        "title": (
            "Proposing an amendment to the Constitution of the United States to prohibit "
            "the use of slavery and involuntary servitude as a punishment for a crime."
        ),
        "classification": Bill.Classification.CONSTITUTIONAL_AMENDMENT,
        "from_chamber": LOWER,
        "introduced_on": date(2023, 6, 14),
        "subjects": ["prison-labor", "forced-labor"],
        "summary": ("Rep. Williams reintroduced the Abolition Amendment in the 118th Congress."),
        "sources": [
            (
                "https://www.congress.gov/bill/118th-congress/house-joint-resolution/72",
                "Congress.gov",
            ),
            (
                "https://www.govinfo.gov/app/details/BILLS-118hjres72ih",
                "Text as introduced (GovInfo)",
            ),
        ],
        "sponsors": [("Nikema Williams", "Democratic", "W000788", date(2023, 6, 14))],
        "cosponsors": [],
        "actions": [
            (
                date(2023, 6, 14),
                LOWER,
                "Introduced in the House; referred to the Committee on the Judiciary.",
                ["introduction", "referral-committee"],
            ),
        ],
        "positions": [],
    },
    {
        "key": ("fl", "2012", "HB 99"),
        "short_title": "Florida Safe Harbor Act",
        "title": "An act relating to sexual exploitation.",
        "classification": Bill.Classification.BILL,
        "from_chamber": LOWER,
        "introduced_on": None,
        "subjects": ["children-and-youth", "sex-trafficking", "foster-care"],
        "summary": (
            "Treats sexually exploited children as children in need of care rather than "
            "offenders: it routes them into the child-welfare system, provides for safe "
            "houses and their assessment, and trains police who are likely to meet them."
        ),
        "sources": [
            ("https://flsenate.gov/Session/Bill/2012/99", "Florida Senate"),
            ("https://flsenate.gov/Committees/BillSummaries/2012/html/114", "Senate bill summary"),
        ],
        "sponsors": [],
        "cosponsors": [],
        "actions": [],
        "positions": [],
    },
    {
        "key": ("fl", "2012", "SB 202"),
        "short_title": "Florida Safe Harbor Act (Senate companion)",
        "title": "An act relating to sexual exploitation.",
        "classification": Bill.Classification.BILL,
        "from_chamber": UPPER,
        "introduced_on": None,
        "subjects": ["children-and-youth", "sex-trafficking", "foster-care"],
        "summary": "The Senate companion of HB 99, filed by Senator Flores.",
        "sources": [("https://flsenate.gov/Session/Bill/2012/202", "Florida Senate")],
        "sponsors": [],
        "cosponsors": [],
        "actions": [
            (
                date(2012, 3, 2),
                UPPER,
                "The Committee on Budget recommended a committee substitute.",
                ["committee-passage"],
            ),
        ],
        "positions": [],
    },
]

RELATIONS = [
    (
        ("us", "115", "S. 1693"),
        ("us", "115", "H.R. 1865"),
        RelatedBill.Relation.ENACTED_VIA,
        "The House added SESTA's text to FOSTA, which then passed both chambers.",
    ),
    (
        ("us", "117", "S.J.Res. 21"),
        ("us", "117", "H.J.Res. 53"),
        RelatedBill.Relation.COMPANION,
        "",
    ),
    (
        ("us", "118", "H.J.Res. 72"),
        ("us", "117", "H.J.Res. 53"),
        RelatedBill.Relation.PRIOR_SESSION,
        "",
    ),
    (("fl", "2012", "SB 202"), ("fl", "2012", "HB 99"), RelatedBill.Relation.COMPANION, ""),
]

SAFE_HARBOR = {
    "slug": "safe-harbor",
    "name": "Safe-harbor laws for trafficked minors",
    "subject": "children-and-youth",
    "description": (
        "A safe-harbor law treats a child bought or sold for sex as a victim, not a "
        "criminal: it keeps the child out of prostitution charges and sends them to "
        "services instead. Here is where each state stands, as far as we have reviewed it."
    ),
}
# Only states whose laws we have checked; the rest show as not yet reviewed.
SAFE_HARBOR_STATES = {
    "NY": (
        StateLaw.Status.HAS,
        "The first state to pass one, in 2008: exploited children "
        "are treated as people in need of services.",
    ),
    "FL": (
        StateLaw.Status.HAS,
        "The Florida Safe Harbor Act of 2012 sends exploited "
        "children to child welfare and safe houses.",
    ),
    "MN": (
        StateLaw.Status.HAS,
        "Minnesota's Safe Harbor law of 2011 treats sexually "
        "exploited youth as victims and funds services for them.",
    ),
    "IL": (
        StateLaw.Status.HAS,
        "The Illinois Safe Children Act of 2010 ended prostitution charges against minors.",
    ),
    "TN": (
        StateLaw.Status.HAS,
        "Since 2011, a minor found in prostitution is treated as a "
        "victim and referred to services.",
    ),
    "MA": (
        StateLaw.Status.HAS,
        "A 2011 law lets exploited children be treated as children "
        "in need of services rather than charged.",
    ),
    "CT": (
        StateLaw.Status.HAS,
        "A 2010 law presumes a minor charged with prostitution is a trafficking victim.",
    ),
}


def _bill(key: tuple[str, str, str]) -> Bill:
    jurisdiction, session, identifier = key
    return Bill.objects.get(
        session__jurisdiction__slug=jurisdiction, session__identifier=session, identifier=identifier
    )


def seed(*, log: Callable[[str], None]) -> None:
    """Load the demo bills, positions and safe-harbor map; running it again changes nothing."""
    reference_data_ensure(jurisdiction_model=Jurisdiction, subject_model=Subject)
    for slug, identifier, name, start, end in SESSIONS:
        row_upsert(
            model=LegislativeSession,
            lookup={"jurisdiction": Jurisdiction.objects.get(slug=slug), "identifier": identifier},
            values={"name": name, "start_date": start, "end_date": end},
        )
    for entry in BILLS:
        jurisdiction, session_id, identifier = entry["key"]
        session = LegislativeSession.objects.get(
            jurisdiction__slug=jurisdiction, identifier=session_id
        )
        bill, written = row_upsert(
            model=Bill,
            lookup={"session": session, "identifier": identifier},
            values={
                key: entry[key]
                for key in (
                    "short_title",
                    "title",
                    "classification",
                    "from_chamber",
                    "introduced_on",
                    "summary",
                )
            },
        )
        if written:
            log(f"Bill: {identifier}, {session.name}")
        bill.subjects.set(Subject.objects.filter(slug__in=entry["subjects"]))
        for url, note in entry["sources"]:
            row_upsert(model=BillSource, lookup={"bill": bill, "url": url}, values={"note": note})
        for order, (when, chamber, description, classification) in enumerate(entry["actions"]):
            row_upsert(
                model=BillAction,
                lookup={"bill": bill, "order": order},
                values={
                    "date": when,
                    "chamber": chamber,
                    "description": description,
                    "classification": classification,
                },
            )
        for kind, people in (
            (Sponsorship.Classification.PRIMARY, entry["sponsors"]),
            (Sponsorship.Classification.COSPONSOR, entry["cosponsors"]),
        ):
            for name, party, bioguide_id, joined in people:
                row_upsert(
                    model=Sponsorship,
                    lookup={"bill": bill, "name": name},
                    values={
                        "party": party,
                        "classification": kind,
                        "joined_on": joined,
                        "official_id": official_pk_for_bioguide(bioguide_id=bioguide_id),
                    },
                )
        for org_slug, position, statement in entry["positions"]:
            organisation = Organisation.objects.filter(slug=org_slug).first()
            if organisation:
                row_upsert(
                    model=BillPosition,
                    lookup={"bill": bill, "organisation": organisation},
                    values={"position": position, "statement": statement},
                )
    for source, target, relation, note in RELATIONS:
        row_upsert(
            model=RelatedBill,
            lookup={"bill": _bill(source), "related_bill": _bill(target), "relation": relation},
            values={"note": note},
        )
    # Enacting bills first, so the bills enacted through them see their status.
    for entry in sorted(BILLS, key=lambda e: e["key"] != ("us", "115", "H.R. 1865")):
        services.bill_refresh(bill_id=_bill(entry["key"]).pk)

    topic, _written = row_upsert(
        model=LawTopic,
        lookup={"slug": SAFE_HARBOR["slug"]},
        values={
            "name": SAFE_HARBOR["name"],
            "description": SAFE_HARBOR["description"],
            "subject": Subject.objects.get(slug=SAFE_HARBOR["subject"]),
        },
    )
    for state, (status, summary) in SAFE_HARBOR_STATES.items():
        row_upsert(
            model=StateLaw,
            lookup={"topic": topic, "state": state},
            values={"status": status, "summary": summary},
        )
    StateLaw.objects.get(topic=topic, state="FL").bills.set([_bill(("fl", "2012", "HB 99"))])

    shapes = Path(settings.PUBLIC_DATA_DIR) / "maps" / "us-atlas" / "states-albers-10m.json"
    if shapes.is_file():
        log(f"State outlines: {services.state_shapes_import(location=str(shapes))}")
    else:
        log(f"State outlines skipped: {shapes} not found (manage.py import_state_shapes)")
