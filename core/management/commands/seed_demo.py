from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.services import admin_ensure

LOCAL_ADMIN_PASSWORD = "admin"  # noqa: S105 - local demo only, refused when DEBUG is off


class Command(BaseCommand):
    help = (
        "Load the demo data of every app that has a demo.py, in INSTALLED_APPS order. "
        "Safe to run again: a second run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--admin-password",
            help=(
                "Password for the 'admin' account if it does not exist yet. Defaults to "
                "'admin' on a DEBUG (local) machine; required otherwise."
            ),
        )
        parser.add_argument(
            "--no-admin", action="store_true", help="Do not create the admin account."
        )

    def handle(self, *args, no_admin: bool, admin_password: str | None, **options):
        if no_admin:
            admin_password = None
        elif admin_password is None:
            if not settings.DEBUG:
                raise CommandError(
                    "Refusing to create an admin with a known password when DEBUG is off; "
                    "pass --admin-password or --no-admin."
                )
            admin_password = LOCAL_ADMIN_PASSWORD

        def log(line: str) -> None:
            self.stdout.write(f"  {line}")

        with transaction.atomic():
            if admin_password:
                admin_ensure(username="admin", password=admin_password, log=log)
            for config in apps.get_app_configs():
                try:
                    module = import_module(f"{config.name}.demo")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{config.name}.demo":
                        raise
                    continue
                self.stdout.write(f"{config.verbose_name}:")
                module.seed(log=log)
        self.stdout.write(self.style.SUCCESS("Demo data is in place."))
