import factory
from django.utils import timezone

from campaigns.models import (
    CallAction,
    Campaign,
    IssuePage,
    LetterAction,
    Outreach,
    Person,
    Petition,
    Resource,
    Signature,
    SocialAction,
    Target,
)
from tests.core.factories import OrganisationFactory


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Campaign {n}")
    slug = factory.Sequence(lambda n: f"campaign-{n}")
    summary = "Ask companies to trace cobalt to the mine."
    status = Campaign.Status.LIVE

    @factory.post_generation
    def organisations(self, create, extracted, **kwargs):
        if create:
            self.organisations.set(extracted or [OrganisationFactory()])


class PetitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Petition

    campaign = factory.SubFactory(CampaignFactory)
    kind = Petition.Kind.PETITION
    title = factory.Sequence(lambda n: f"Petition {n}")
    slug = factory.Sequence(lambda n: f"petition-{n}")
    ask = "Publish where your cobalt comes from."
    goal = 1000


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    given_name = "Ana"
    family_name = "Advocate"


class SignatureFactory(factory.django.DjangoModelFactory):
    """A confirmed signature; pass confirmed_at=None for one still waiting."""

    class Meta:
        model = Signature

    petition = factory.SubFactory(PetitionFactory)
    person = factory.SubFactory(PersonFactory)
    confirmed_at = factory.LazyFunction(timezone.now)
    # As if its link had been mailed, so only signatures a test signs are in the outbox.
    confirmation_sent_at = factory.LazyFunction(timezone.now)


class IssuePageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IssuePage

    title = factory.Sequence(lambda n: f"Issue {n}")
    slug = factory.Sequence(lambda n: f"issue-{n}")
    summary = "Where forced labor hides in what we buy."
    body = "## What happens\n\nWorkers are held by debts they cannot repay."


class ResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resource

    issue = factory.SubFactory(IssuePageFactory)
    kind = Resource.Kind.REPORT
    title = factory.Sequence(lambda n: f"Report {n}")
    publisher = "A research group"
    year = 2023
    url = factory.Sequence(lambda n: f"https://research.example.org/report-{n}")


class CallActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CallAction

    campaign = factory.SubFactory(CampaignFactory)
    title = factory.Sequence(lambda n: f"Call {n}")
    slug = factory.Sequence(lambda n: f"call-{n}")
    ask = "Call your senators before the vote."
    script = "Hello {official_salutation} {official_last_name}, I am {advocate_first_name}."
    target_levels = ["us_senate", "us_house"]


class CompanyTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    name = factory.Sequence(lambda n: f"Company {n}")
    website = "https://company.example"
    email = "policy@company.example"
    phone = "+1 (800) 555-0100"
    contact_url = "https://company.example/contact"


class SocialActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SocialAction

    campaign = factory.SubFactory(CampaignFactory)
    kind = SocialAction.Kind.SOCIAL
    title = factory.Sequence(lambda n: f"Thank them {n}")
    slug = factory.Sequence(lambda n: f"social-{n}")
    ask = "Thank the companies that publish where their cobalt comes from."
    post_text = "Thank you {handle} for publishing your cobalt suppliers."
    networks = factory.LazyFunction(lambda: ["x", "bluesky", "mastodon", "facebook"])


class LetterActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LetterAction

    campaign = factory.SubFactory(CampaignFactory)
    title = factory.Sequence(lambda n: f"Letter {n}")
    slug = factory.Sequence(lambda n: f"letter-{n}")
    ask = "Write to your senators before the vote."
    subjects = "Please act on trafficking\nA constituent asks you to act"
    body = (
        "Dear {official_salutation} {official_last_name},\n\n"
        "I live in {advocate_city} and ask you to act.\n\nThank you."
    )
    target_levels = ["us_senate"]


class OutreachFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outreach

    action = factory.SubFactory(LetterActionFactory)
    person = factory.SubFactory(PersonFactory)
    target = factory.SubFactory(CompanyTargetFactory)
    channel = Outreach.Channel.EMAIL
    status = Outreach.Status.SENT
    subject = "Please act on trafficking"
    body = "Dear Amazon, please act."
