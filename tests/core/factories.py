import factory

from core.models import Organisation


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    website = factory.LazyAttribute(lambda o: f"https://{o.slug}.example.org/")
    description = "Works to end forced labor in supply chains."
