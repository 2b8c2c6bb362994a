"""The scheduler process registers the periodic jobs on their configured schedules (run_scheduler), unstarted."""

import logging

import pytest
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from django.core.management.base import CommandError

from core.management.commands import run_scheduler
from core.management.commands.run_scheduler import build_scheduler, run_job

pytestmark = pytest.mark.unit


def _triggers() -> dict:
    return {job.id: job.trigger for job in build_scheduler().get_jobs()}


def test_scheduler_registers_the_three_jobs_and_recovery_by_default(monkeypatch):
    for job in run_scheduler.JOBS:
        monkeypatch.delenv(job.setting, raising=False)

    triggers = _triggers()

    assert sorted(triggers) == ["recover_tasks", "send_follow_digests", "send_task_reminders", "sync_schedules"]
    assert all(isinstance(trigger, IntervalTrigger) for trigger in triggers.values())
    assert {name: trigger.interval.total_seconds() / 60 for name, trigger in triggers.items()} == {
        "send_task_reminders": 5,
        "sync_schedules": 15,
        "send_follow_digests": 10,
        "recover_tasks": 1,
    }


def test_scheduler_jobs_never_overlap_and_collapse_missed_runs():
    for job in build_scheduler().get_jobs():
        assert (job.max_instances, job.coalesce, job.misfire_grace_time) == (1, True, None)


def test_scheduler_takes_a_crontab_line_from_the_environment(monkeypatch):
    monkeypatch.setenv("SCHEDULE_FOLLOW_DIGESTS", "30 7 * * *")

    trigger = _triggers()["send_follow_digests"]

    assert isinstance(trigger, CronTrigger)
    assert str(trigger) == "cron[month='*', day='*', day_of_week='*', hour='7', minute='30']"
    assert str(trigger.timezone) == "Asia/Taipei"


def test_scheduler_setting_wins_over_the_environment(monkeypatch, settings):
    monkeypatch.setenv("SCHEDULE_SYNC_SCHEDULES", "30")
    settings.SCHEDULE_SYNC_SCHEDULES = "60"

    assert _triggers()["sync_schedules"].interval.total_seconds() == 3600


def test_scheduler_refuses_a_bad_schedule_naming_its_variable(monkeypatch):
    monkeypatch.setenv("SCHEDULE_TASK_REMINDERS", "every 5")

    with pytest.raises(CommandError, match="SCHEDULE_TASK_REMINDERS"):
        build_scheduler()


# Committed for real: a run checks its connection first, as a request does, which on PostgreSQL would close
# the connection of a test wrapped in a transaction.
@pytest.mark.django_db(transaction=True)
def test_scheduler_run_logs_the_commands_output(caplog):
    with caplog.at_level(logging.INFO, logger=run_scheduler.__name__):
        run_job("recover_tasks")

    assert [record.getMessage().split(" (")[0] for record in caplog.records] == ["recover_tasks"]
    assert "Requeued 0 background job(s)" in caplog.records[0].getMessage()


@pytest.mark.django_db
def test_scheduler_run_logs_a_failing_command_and_goes_on(caplog):
    with caplog.at_level(logging.INFO, logger=run_scheduler.__name__):
        run_job("no_such_command")

    assert [(record.levelname, record.getMessage()) for record in caplog.records] == [
        ("ERROR", "no_such_command failed: ")
    ]


@pytest.mark.django_db
def test_scheduler_run_outlives_a_command_that_exits(caplog, monkeypatch):
    # sync_schedules ends with SystemExit(1) when an import failed: that must not end the scheduler.
    def exits(command, stdout, stderr):
        stdout.write("2027: failed: Pretalx answered 500")
        raise SystemExit(1)

    monkeypatch.setattr(run_scheduler, "call_command", exits)
    with caplog.at_level(logging.INFO, logger=run_scheduler.__name__):
        run_job("sync_schedules")

    assert [(record.levelname, record.getMessage()) for record in caplog.records] == [
        ("ERROR", "sync_schedules exited with status 1: 2027: failed: Pretalx answered 500")
    ]
