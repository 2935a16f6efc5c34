import datetime as dt

import factory

from legislation.models import (
    Bill,
    BillAction,
    Chamber,
    Jurisdiction,
    LegislativeSession,
    Sponsorship,
    Subject,
)
from legislation.reference import reference_data_ensure


def jurisdiction(slug: str = "us") -> Jurisdiction:
    """The reference jurisdictions, which a data migration creates outside tests."""
    reference_data_ensure(jurisdiction_model=Jurisdiction, subject_model=Subject)
    return Jurisdiction.objects.get(slug=slug)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LegislativeSession
        django_get_or_create = ("jurisdiction", "identifier")

    jurisdiction = factory.LazyFunction(jurisdiction)
    identifier = "115"
    name = factory.LazyAttribute(lambda o: f"{o.identifier}th Congress")
    start_date = dt.date(2017, 1, 3)


class BillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bill

    session = factory.SubFactory(SessionFactory)
    identifier = factory.Sequence(lambda n: f"S. {1000 + n}")
    title = factory.LazyAttribute(lambda o: f"A bill numbered {o.identifier}.")
    classification = Bill.Classification.BILL
    from_chamber = Chamber.UPPER
    introduced_on = dt.date(2017, 8, 1)


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BillAction

    bill = factory.SubFactory(BillFactory)
    date = dt.date(2017, 8, 1)
    order = factory.Sequence(int)
    chamber = Chamber.UPPER
    description = factory.Sequence(lambda n: f"Action number {n}.")
    classification = factory.LazyFunction(list)


class SponsorshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sponsorship

    bill = factory.SubFactory(BillFactory)
    name = factory.Sequence(lambda n: f"Legislator {n}")
    party = "Democratic"
    classification = Sponsorship.Classification.COSPONSOR
    joined_on = dt.date(2017, 9, 1)
