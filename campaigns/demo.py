"""Demo data for campaigns: issue pages, and real organisations' real campaigns.

Facts only, in our own words. Each resource is a real publication; where we could not
be sure of a report's own address, the URL is its publisher's home page. The only
made-up data are the signatures: a handful of fictional signers ("Ada Example",
demo-…@example.org, source "demo"), so that counts, the signer list and the admin's
chart have something to show. Each petition's counter equals its confirmed signatures.
"""

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import F
from django.http import Http404

from campaigns.models import Campaign, IssuePage, Person, Petition, Resource, Signature, Target
from core.models import Organisation
from core.services import row_upsert
from legislation import selectors as legislation_selectors
from representatives import selectors as representatives_selectors

WASHINGTON = ZoneInfo("America/New_York")
LAST_REVIEWED = date(2026, 12, 1)
REPORT, BLOG_POST, FILM, FACT_SHEET = (
    Resource.Kind.REPORT,
    Resource.Kind.BLOG_POST,
    Resource.Kind.FILM,
    Resource.Kind.FACT_SHEET,
)

SESTA = ("us", "115", "S. 1693")
FOSTA = ("us", "115", "H.R. 1865")
ABOLITION_AMENDMENT = [
    ("us", "117", "S.J.Res. 21"),
    ("us", "117", "H.J.Res. 53"),
    ("us", "118", "H.J.Res. 72"),
]
FLORIDA_SAFE_HARBOR = [("fl", "2012", "HB 99"), ("fl", "2012", "SB 202")]

TIP_REPORT = (
    REPORT,
    "2024 Trafficking in Persons Report",
    "U.S. Department of State",
    2024,
    "https://www.state.gov/trafficking-in-persons-report/",
)

ISSUES = [
    {
        "slug": "climate-change",
        "title": "Climate change",
        "summary": (
            "Droughts, floods and storms push people from their homes and work, and "
            "traffickers look for people who have lost both."
        ),
        "subject": "climate-displacement",
        "bills": [],
        "body": """\
Climate change does not traffic anyone, but it makes people easier to exploit. When a
drought ruins a harvest, a flood washes away a house or the sea takes farmland, families
lose their income and often have to move. People who are displaced, in debt or
desperate for work are the people that recruiters with false promises go looking for.

The danger is greatest where other protections are already thin: where migrants cannot
move or work legally, where help after a disaster is slow to arrive, and where a debt to
a labor broker ties a worker to one employer. Children separated from their families
in an emergency are especially exposed.

Researchers have begun to trace these links. Walk Free's 2023 *Global Slavery Index*
treats climate change as one of the forces that drive modern slavery, and Human
Trafficking Search's 2023 report *Human Trafficking in a Changing Climate* sets out how
the two connect.

## What helps

- Disaster plans that include trafficking: relief workers who know the signs, and people
  in shelters who know where to ask for help.
- Safe, legal routes to work abroad, so that leaving home does not mean depending on
  smugglers or brokers.
- Adaptation funding that reaches the communities most at risk before a disaster forces
  them to move.
""",
        "resources": [
            (
                REPORT,
                "Human Trafficking in a Changing Climate",
                "Human Trafficking Search",
                2023,
                "https://humantraffickingsearch.org/",
            ),
            (
                REPORT,
                "Global Slavery Index 2023",
                "Walk Free",
                2023,
                "https://www.walkfree.org/global-slavery-index/",
            ),
            (
                REPORT,
                "Climate-induced migration and modern slavery: a toolkit for policy-makers",
                "Anti-Slavery International and IIED",
                2021,
                "https://www.antislavery.org/",
            ),
        ],
    },
    {
        "slug": "cobalt-mining",
        "title": "Cobalt mining",
        "summary": (
            "The batteries in phones, laptops and electric cars need cobalt, and much of "
            "it is dug by hand in the Democratic Republic of the Congo, children among "
            "the diggers."
        ),
        "subject": "forced-labor",
        "bills": [],
        "body": """\
Cobalt goes into the rechargeable lithium-ion batteries of phones, laptops and electric
vehicles, and demand for it grows as the world moves away from fossil fuels. The
Democratic Republic of the Congo (DRC) produces most of the world's mined cobalt: around
70 percent in recent years, according to the U.S. Geological Survey's *Mineral Commodity
Summaries*.

Most of that cobalt comes from large industrial mines, but part of it is dug by hand by
artisanal miners, in tunnels and pits with little or no safety equipment. In 2016
Amnesty International and Afrewatch documented adults and children working in these
mines in dangerous conditions, and followed how their cobalt could reach the supply
chains of well-known battery and electronics companies. The U.S. Department of Labor
lists cobalt ore from the DRC among the goods produced with child labor.

Between the mine and the battery, cobalt passes through traders, smelters and
refiners, so a company at the end of the chain often cannot say where its cobalt was
dug.

## What helps

- Companies that trace their cobalt to the mine, publish what they find, and act on it.
- Laws that make companies check their supply chains for human-rights abuses.
- Support for safer, formal artisanal mining, so that the families who live from it are
  not simply cut off.
""",
        "resources": [
            (
                REPORT,
                "This is what we die for: Human rights abuses in the Democratic Republic "
                "of the Congo power the global trade in cobalt",
                "Amnesty International and Afrewatch",
                2016,
                "https://www.amnesty.org/en/documents/afr62/3183/2016/en/",
            ),
            (
                REPORT,
                "A Green Transition, but at What Cost: Cobalt Mining in the Democratic "
                "Republic of the Congo",
                "Human Trafficking Search",
                None,
                "https://humantraffickingsearch.org/",
            ),
            (
                REPORT,
                "List of Goods Produced by Child Labor or Forced Labor",
                "U.S. Department of Labor",
                2022,
                "https://www.dol.gov/agencies/ilab/reports/child-labor/list-of-goods",
            ),
            TIP_REPORT,
        ],
    },
    {
        "slug": "prison-labor",
        "title": "Prison labor",
        "summary": (
            "The 13th Amendment still allows slavery and involuntary servitude as "
            "punishment for a crime, and people in U.S. prisons can be made to work for "
            "little or no pay."
        ),
        "subject": "prison-labor",
        "bills": ABOLITION_AMENDMENT,
        "body": """\
The 13th Amendment to the U.S. Constitution, ratified in 1865, abolished slavery and
involuntary servitude "except as a punishment for crime whereof the party shall have
been duly convicted". Because of that exception, known as the punishment or exception
clause, people in prison can be required to work, and many state constitutions carry
the same exception.

Work in prison ranges from cooking, cleaning and laundry inside the facility to
manufacturing, farming and fighting wildfires. Many jobs pay cents an hour and some pay
nothing. *Captive Labor*, a 2022 report by the ACLU and the University of Chicago Law
School's Global Human Rights Clinic, found that about two in three people in state and
federal prisons work, and that many of them face punishment if they refuse.

Voters have begun to take the exception out of state constitutions: Colorado was first,
in 2018; Nebraska and Utah followed in 2020, and Alabama, Oregon, Tennessee and Vermont
in 2022. In Congress, Senator Jeff Merkley and Representative Nikema Williams introduced
the Abolition Amendment in June 2021 to strike the clause from the 13th Amendment, and
it was introduced again in 2023. A constitutional amendment needs two-thirds of both
the House and the Senate and then ratification by three-quarters of the states (38);
the President has no part in it.

People held in immigration detention are not serving any sentence, yet some detention
centers also depend on their work at very low pay.
""",
        "resources": [
            (
                REPORT,
                "Captive Labor: Exploitation of Incarcerated Workers",
                "ACLU and the University of Chicago Law School Global Human Rights Clinic",
                2022,
                "https://www.aclu.org/",
            ),
            (FILM, "13th", "Netflix", 2016, "https://www.netflix.com/title/80091741"),
        ],
    },
    {
        "slug": "foster-care",
        "title": "Foster care",
        "summary": (
            "Young people in foster care face a higher risk of trafficking; child welfare "
            "can protect them, or miss them."
        ),
        "subject": "foster-care",
        "bills": FLORIDA_SAFE_HARBOR,
        "body": """\
Children in foster care have often already lived through abuse, neglect or the loss of
their family. Many move from placement to placement, change schools and lose touch with
the adults they trust. Traffickers look for exactly these gaps: a young person who runs
away from a placement, or who leaves care at 18 with nowhere to live, is easy to reach
with an offer of shelter, affection or money.

Federal law recognises the risk. The Preventing Sex Trafficking and Strengthening
Families Act of 2014 requires state child-welfare agencies to identify and record
children in their care who are victims of sex trafficking or at risk of it, to give
them services, and to report children missing from care to the police and to the
National Center for Missing & Exploited Children.

Trafficked children who come to the attention of the police have too often been
treated as offenders. Safe-harbor laws change that: they treat a sexually exploited
child as a victim who needs care rather than someone to prosecute. Florida's Safe
Harbor Act of 2012, for example, routes these children into the child-welfare system
and provides for safe houses. The laws differ from state to state.

## What helps

- Training on the signs of trafficking for caseworkers, foster parents, group-home
  staff and judges.
- Stable placements, and support for young people as they leave care.
- A safe-harbor law in every state, with the services to carry it out.
""",
        "resources": [
            (
                FACT_SHEET,
                "Human Trafficking Issue Brief: Safe Harbor",
                "Polaris",
                2015,
                "https://polarisproject.org/",
            ),
            TIP_REPORT,
        ],
    },
]

# Custom targets, used when the officials are not imported, and companies.
WHITE_HOUSE = {
    "website": "https://www.whitehouse.gov/",
    "contact_url": "https://www.whitehouse.gov/contact/",
}
EXECUTIVE_TARGETS = {
    "President": {"name": "The President of the United States", **WHITE_HOUSE},
    "Vice President": {"name": "The Vice President of the United States", **WHITE_HOUSE},
}
COMPANY_TARGETS = [
    {"name": "Google", "website": "https://about.google/"},
    {"name": "Amazon", "website": "https://www.aboutamazon.com/"},
    {"name": "Comcast", "website": "https://corporate.comcast.com/"},
]


def _on(day: date) -> datetime:
    """Noon in Washington on a day: for dates whose hour the record does not give."""
    return datetime.combine(day, time(12), tzinfo=WASHINGTON)


FOSTA_SIGNED = _on(date(2018, 4, 11))

CAMPAIGNS = [
    {
        "slug": "move-sesta-forward",
        "title": "Move SESTA forward",
        "summary": (
            "Polaris asked the Senate to pass the Stop Enabling Sex Traffickers Act, so "
            "that websites that knowingly help sex trafficking can be held to account."
        ),
        "body": """\
Section 230 of the Communications Act shields websites from liability for what their
users post. Survivors and prosecutors argued that sites carrying advertisements for
trafficked people, children among them, were using it to escape responsibility.

The Stop Enabling Sex Traffickers Act (S. 1693), introduced by Senator Rob Portman in
August 2017, set out to narrow that shield in sex-trafficking cases. Polaris, which
runs the U.S. National Human Trafficking Hotline, asked its supporters to sign a
petition urging the Senate to move the bill forward.

The Senate Commerce Committee approved SESTA, but it never passed as a bill of its
own: the House added its text to the Allow States and Victims to Fight Online Sex
Trafficking Act (H.R. 1865, FOSTA), which passed both chambers and became law.
""",
        "organisations": ["polaris"],
        "issues": [],
        "bills": [SESTA, FOSTA],
        "status": Campaign.Status.WON,
        # Polaris's own launch date is not on the public record; the end is.
        "launched_at": None,
        "ended_at": FOSTA_SIGNED,
        "victory_message": (
            "SESTA's text became law inside FOSTA (H.R. 1865), which passed the House "
            "388 to 25 and the Senate 97 to 2, and was signed on April 11, 2018 as "
            "Public Law 115-164."
        ),
        "share_text": (
            "SESTA's protections for trafficking survivors became law through FOSTA in "
            "2018. See how Polaris's petition helped."
        ),
        "featured": False,
        "petition": {
            "slug": "move-sesta-forward",
            "title": "Pass the Stop Enabling Sex Traffickers Act",
            "ask": (
                "We ask the United States Senate to pass the Stop Enabling Sex "
                "Traffickers Act (S. 1693), so that survivors of sex trafficking and "
                "state prosecutors can bring cases against websites that knowingly "
                "help traffickers."
            ),
            "goal": 100,
            "closed_at": FOSTA_SIGNED,
            "targets": [],
            "demo_signatures": 12,
            "demo_start": date(2018, 2, 5),
        },
    },
    {
        "slug": "amend-the-13th",
        "title": "Amend the 13th: outlaw slavery in the United States",
        "summary": (
            "Freedom United calls for the punishment clause to be struck from the U.S. "
            "Constitution and from every state constitution."
        ),
        "body": """\
The 13th Amendment ended slavery in the United States, except as punishment for a
crime. That exception, the punishment clause, still allows people in prison to be
forced to work, often for a few cents an hour.

Freedom United's petition asks every state to outlaw slavery and involuntary servitude
with no exception for punishment, and asks Congress to pass the Abolition Amendment,
which would take the clause out of the U.S. Constitution.

A constitutional amendment never goes to the President. It needs a two-thirds vote in
the House and in the Senate, and then ratification by 38 states, which is why this
campaign speaks to state lawmakers as well as to Congress.
""",
        "organisations": ["freedom-united"],
        "issues": ["prison-labor"],
        "bills": ABOLITION_AMENDMENT,
        "status": Campaign.Status.LIVE,
        # When the campaign went live on this hub (demo).
        "launched_at": _on(date(2026, 10, 5)),
        "ended_at": None,
        "victory_message": "",
        "share_text": (
            "Slavery is still legal in the U.S. as punishment for a crime. Sign to strike "
            "the punishment clause from the 13th Amendment."
        ),
        "featured": True,
        "petition": {
            "slug": "amend-the-13th",
            "title": "Amend the 13th",
            "ask": (
                "We call on Congress to pass the Abolition Amendment and strike the "
                "punishment clause from the 13th Amendment, and on every state to "
                "remove the same exception from its own constitution, so that slavery "
                "and involuntary servitude are outlawed without exception."
            ),
            "goal": 100,
            "closed_at": None,
            "targets": [],
            "demo_signatures": 24,
            "demo_start": date(2026, 10, 5),
        },
    },
    {
        "slug": "divest-from-prison-industry",
        "title": "Divest from the U.S. prison and detention industry",
        "summary": (
            "Freedom United asks investors, companies and governments to stop profiting "
            "from the labor of incarcerated people and detained immigrants."
        ),
        "body": """\
Prisons and immigration detention centers in the United States, public and private,
depend on the work of the people they hold. Pay is often a few cents an hour and
sometimes nothing, and refusing to work can bring punishment. The companies and public
bodies that buy from these facilities, invest in the firms that run them or sign
contracts with them share in that exploitation.

Freedom United's petition asks them to divest from, and end their contracts with,
facilities that exploit the people held in them, and to change how contracts are
written so that incarcerated workers and detained immigrants are paid fair wages.
""",
        "organisations": ["freedom-united"],
        "issues": ["prison-labor"],
        "bills": [],
        "status": Campaign.Status.LIVE,
        "launched_at": _on(date(2026, 10, 12)),
        "ended_at": None,
        "victory_message": "",
        "share_text": (
            "Incarcerated workers and detained immigrants are paid pennies, or nothing. "
            "Sign to ask investors and governments to divest."
        ),
        "featured": True,
        "petition": {
            "slug": "divest-from-prison-industry",
            "title": "Divest from the prison and detention industry",
            "ask": (
                "We call on investors, companies and public agencies to divest from, and "
                "cancel their contracts with, prisons and detention centers that exploit "
                "the labor of the people held in them, and to require fair pay for "
                "incarcerated and detained workers in every contract they keep."
            ),
            "goal": 100,
            "closed_at": None,
            "targets": [],
            "demo_signatures": 15,
            "demo_start": date(2026, 10, 12),
        },
    },
    {
        "slug": "ijm-freedom-commons",
        "title": "Freedom Commons: act against trafficking and forced labor",
        "summary": (
            "International Justice Mission's Freedom Commons gathers ways to act against "
            "forced labor, sex trafficking and the online sexual exploitation of children."
        ),
        "body": """\
International Justice Mission works with police, courts and governments to protect
people living in poverty from violence, including forced labor, sex trafficking and the
online sexual exploitation of children.

Its Freedom Commons is where supporters find ways to act: petitions, messages to
members of Congress, events and action alerts. The petition here carries the thread
that runs through those asks: that lawmakers back the laws, and the funding, that let
justice systems protect people from these crimes.
""",
        "organisations": ["international-justice-mission"],
        "issues": [],
        "bills": [],
        "status": Campaign.Status.LIVE,
        "launched_at": _on(date(2026, 10, 19)),
        "ended_at": None,
        "victory_message": "",
        "share_text": (
            "Forced labor, sex trafficking and online exploitation of children can be "
            "stopped. Sign IJM's call to Congress."
        ),
        "featured": True,
        "petition": {
            "slug": "ijm-protect-people-from-trafficking",
            "title": "Protect people from trafficking and forced labor",
            "ask": (
                "We ask our members of Congress to support the laws and the funding that "
                "help justice systems protect people from forced labor, sex trafficking "
                "and the online sexual exploitation of children, and hold those who "
                "exploit them to account."
            ),
            "goal": 100,
            "closed_at": None,
            "targets": [],
            "demo_signatures": 9,
            "demo_start": date(2026, 10, 19),
        },
    },
    {
        # A postcard drive: its postcard action comes with the other action types.
        "slug": "100-postcards-to-congress",
        "title": "100 postcards to Congress",
        "summary": (
            "An IJM Freedom Commons drive: collect 100 handwritten postcards in your "
            "community and send them to your members of Congress."
        ),
        "body": """\
Through its Freedom Commons, International Justice Mission invites supporters to gather
100 handwritten postcards from friends, classmates or a congregation, and to send them
to their members of Congress, asking them to act against trafficking and forced labor.
""",
        "organisations": ["international-justice-mission"],
        "issues": [],
        "bills": [],
        "status": Campaign.Status.LIVE,
        "launched_at": _on(date(2026, 10, 19)),
        "ended_at": None,
        "victory_message": "",
        "share_text": (
            "Gather 100 handwritten postcards and send them to Congress with IJM's Freedom Commons."
        ),
        "featured": False,
        "petition": None,
    },
    {
        "slug": "ncose-white-house",
        "title": "Ask the White House to stand against sexual exploitation",
        "summary": (
            "NCOSE's Action Center asks supporters to urge the President and the Vice "
            "President to take a stand against sexual exploitation."
        ),
        "body": """\
The National Center on Sexual Exploitation runs an Action Center where supporters sign
up for alerts and act on the issues it works on. One of its asks goes to the White
House: that the President and the Vice President take a stand against sexual
exploitation. Supporters are encouraged to send the same message to their own members
of Congress.
""",
        "organisations": ["ncose"],
        "issues": [],
        "bills": [],
        "status": Campaign.Status.LIVE,
        "launched_at": _on(date(2026, 10, 26)),
        "ended_at": None,
        "victory_message": "",
        "share_text": (
            "Ask the President and the Vice President to take a stand against sexual exploitation."
        ),
        "featured": True,
        "petition": {
            "slug": "ncose-white-house",
            "title": "Take a stand against sexual exploitation",
            "ask": (
                "We ask the President and the Vice President of the United States to take "
                "a public stand against sexual exploitation and to make ending it a "
                "priority of their administration."
            ),
            "goal": 100,
            "closed_at": None,
            "targets": ["President", "Vice President"],
            "demo_signatures": 7,
            "demo_start": date(2026, 10, 26),
        },
    },
    {
        "slug": "ncose-corporate-policies",
        "title": "Ask companies to change policies that enable sexual exploitation",
        "summary": (
            "NCOSE presses companies such as Google, Amazon and Comcast to change the "
            "policies that let sexual exploitation and harassment spread."
        ),
        "body": """\
Companies decide what their platforms allow, what their stores sell and what their
networks carry. Through its Action Center, the National Center on Sexual Exploitation
asks supporters to press companies, among them Google, Amazon and Comcast, to change
the company policies that it says enable sexual exploitation and harassment.
""",
        "organisations": ["ncose"],
        "issues": [],
        "bills": [],
        "status": Campaign.Status.LIVE,
        "launched_at": _on(date(2026, 11, 2)),
        "ended_at": None,
        "victory_message": "",
        "share_text": (
            "Ask Google, Amazon and Comcast to change the policies that enable sexual exploitation."
        ),
        "featured": False,
        "petition": {
            "slug": "ncose-corporate-policies",
            "title": "Change the policies that enable sexual exploitation",
            "ask": (
                "We ask Google, Amazon and Comcast to review the policies that let sexual "
                "exploitation and harassment spread through their products and services, "
                "and to change them."
            ),
            "goal": 100,
            "closed_at": None,
            "targets": ["Google", "Amazon", "Comcast"],
            "demo_signatures": 6,
            "demo_start": date(2026, 11, 2),
        },
    },
]

# Fictional signers for the demo petitions: obviously made up, on example.org.
DEMO_SOURCE = "demo"
DEMO_GIVEN_NAMES = [
    "Ada", "Ben", "Cleo", "Dev", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jo", "Kai", "Lea",
    "Max", "Noa", "Oli", "Pia", "Quin", "Ray", "Sol", "Tia", "Uma", "Vic", "Wren", "Yara",
]  # fmt: skip
DEMO_PLACES = [
    ("98101", "WA"), ("10001", "NY"), ("60601", "IL"), ("30303", "GA"), ("97201", "OR"),
    ("80202", "CO"), ("73301", "TX"), ("02108", "MA"), ("33101", "FL"), ("94103", "CA"),
]  # fmt: skip
DEMO_COMMENTS = {
    1: "Nobody should be forced to work for nothing.",
    4: "Signing for my family.",
    9: "Thank you for organising this.",
    # One comment a moderator has hidden, to show how moderation looks.
    13: "(A demo comment hidden by a moderator.)",
}
DEMO_HIDDEN = {13}
# Days after the start on which the n-th demo signature was confirmed: a launch-day
# rush that tails off, as petitions tend to.
DEMO_DAYS = [0, 0, 0, 0, 1, 1, 1, 2, 2, 3, 4, 4, 5, 6, 8, 9, 9, 11, 12, 14, 15, 17, 18, 20]


def demo_email(index: int) -> str:
    return f"demo-{DEMO_GIVEN_NAMES[index].lower()}@example.org"


def seed(*, log: Callable[[str], None]) -> None:
    """Load the campaigns demo rows; running it again changes nothing."""
    issues = {entry["slug"]: _issue_seed(entry, log) for entry in ISSUES}
    people = _demo_people()
    for entry in CAMPAIGNS:
        campaign, written = row_upsert(
            model=Campaign,
            lookup={"slug": entry["slug"]},
            values={
                key: entry[key]
                for key in (
                    "title", "summary", "body", "status", "launched_at", "ended_at",
                    "victory_message", "share_text", "featured",
                )
            },
        )  # fmt: skip
        if written:
            log(f"Campaign: {campaign.title}")
        campaign.organisations.set(Organisation.objects.filter(slug__in=entry["organisations"]))
        campaign.issues.set([issues[slug] for slug in entry["issues"]])
        campaign.bills.set(_bill_ids(entry["bills"]))
        if entry["petition"]:
            _petition_seed(campaign, entry["petition"], people, log)
    # The other action types, each from a module of its own.
    from campaigns import demo_calls, demo_events, demo_letters, demo_social

    for module in (demo_letters, demo_calls, demo_events, demo_social):
        module.seed(log=log)


def _issue_seed(entry: dict, log: Callable[[str], None]) -> IssuePage:
    issue, written = row_upsert(
        model=IssuePage,
        lookup={"slug": entry["slug"]},
        values={
            "title": entry["title"],
            "summary": entry["summary"],
            "body": entry["body"],
            "last_reviewed": LAST_REVIEWED,
            "subject_id": legislation_selectors.subject_pk_for_slug(slug=entry["subject"]),
        },
    )
    if written:
        log(f"Issue page: {issue.title}")
    for kind, title, publisher, year, url in entry["resources"]:
        row_upsert(
            model=Resource,
            lookup={"issue": issue, "title": title},
            values={
                "kind": kind,
                "publisher": publisher,
                "year": year,
                "language": "en",
                "url": url,
            },
        )
    issue.bills.set(_bill_ids(entry["bills"]))
    return issue


def _bill_ids(keys: list[tuple[str, str, str]]) -> list[int]:
    """The ids of the demo bills that exist (none if legislation has no demo data)."""
    ids = []
    for jurisdiction, session, identifier in keys:
        try:
            bill = legislation_selectors.bill_get(
                jurisdiction=jurisdiction, session=session, identifier=identifier
            )
        except Http404:
            continue
        ids.append(bill.pk)
    return ids


def _targets(names: list[str]) -> list[Target]:
    """The petition's targets: imported officials where there are, custom ones otherwise."""
    executive = representatives_selectors.executive_official_pks()
    companies = {entry["name"]: entry for entry in COMPANY_TARGETS}
    targets = []
    for name in names:
        if name in executive:
            target, _written = row_upsert(
                model=Target, lookup={"official_id": executive[name]}, values={}
            )
        else:
            entry = EXECUTIVE_TARGETS.get(name) or companies[name]
            values = {key: value for key, value in entry.items() if key != "name"}
            target, _written = row_upsert(
                model=Target, lookup={"official": None, "name": entry["name"]}, values=values
            )
        targets.append(target)
    return targets


def _demo_people() -> list[Person]:
    emails = [demo_email(index) for index in range(len(DEMO_GIVEN_NAMES))]
    existing = set(Person.objects.filter(email__in=emails).values_list("email", flat=True))
    Person.objects.bulk_create(
        Person(
            email=email,
            given_name=DEMO_GIVEN_NAMES[index],
            family_name="Example",
            postal_code=DEMO_PLACES[index % len(DEMO_PLACES)][0],
            language="es" if index % 5 == 4 else "en",
        )
        for index, email in enumerate(emails)
        if email not in existing
    )
    by_email = {p.email: p for p in Person.objects.filter(email__in=emails)}
    return [by_email[email] for email in emails]


def _petition_seed(
    campaign: Campaign, entry: dict, people: list[Person], log: Callable[[str], None]
) -> None:
    petition, written = row_upsert(
        model=Petition,
        lookup={"slug": entry["slug"]},
        values={
            "campaign": campaign,
            "title": entry["title"],
            "ask": entry["ask"],
            "goal": entry["goal"],
            "closed_at": entry["closed_at"],
        },
    )
    if written:
        log(f"Petition: {petition.title}")
    petition.targets.set(_targets(entry["targets"]))
    _demo_signatures(petition, people[: entry["demo_signatures"]], entry["demo_start"])
    # The counter equals the confirmed signatures, demo and any real ones alike.
    count = petition.signatures.filter(confirmed_at__isnull=False).count()
    row_upsert(model=Petition, lookup={"pk": petition.pk}, values={"confirmed_count": count})


def _demo_signatures(petition: Petition, people: list[Person], start: date) -> None:
    """Add the fictional signers' confirmed signatures that are not there yet."""
    signed = set(petition.signatures.values_list("person_id", flat=True))
    new = [
        Signature(
            petition=petition,
            person=person,
            source=DEMO_SOURCE,
            comment=DEMO_COMMENTS.get(n, "") if petition.ask_comment else "",
            hidden=n in DEMO_HIDDEN,
            show_name=n % 3 != 2,
            region=DEMO_PLACES[n % len(DEMO_PLACES)][1],
            confirmed_at=datetime.combine(
                start + timedelta(days=DEMO_DAYS[n % len(DEMO_DAYS)]),
                time(9 + (n * 5) % 12, (n * 17) % 60),
                tzinfo=UTC,
            ),
        )
        for n, person in enumerate(people)
        if person.pk not in signed
    ]
    if new:
        Signature.objects.bulk_create(new)
        # created_at is set on insert; a demo signer signed a few minutes before confirming.
        petition.signatures.filter(source=DEMO_SOURCE, person__in=[s.person for s in new]).update(
            created_at=F("confirmed_at") - timedelta(minutes=7)
        )
