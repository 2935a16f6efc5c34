"""The beat schedule names only tasks the workers know."""

from importlib import import_module

import pytest
from django.conf import settings


@pytest.mark.parametrize(
    "task", sorted({entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()})
)
def test_every_scheduled_task_exists(task):
    module, _, name = task.rpartition(".")

    assert getattr(import_module(module), name).name == task


def test_letters_follow_their_deliveries_on_the_beat():
    tasks = {entry["task"]: entry for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert tasks["campaigns.tasks.letter_outreaches_sync"]["schedule"] <= 5 * 60
