"""Periodic forum jobs. Thin: the work is in forum.notify."""

from celery import shared_task

from . import notify


@shared_task(name="forum.tasks.send_digests")
def send_digests(frequency: str) -> int:
    """Daily or weekly digest mails; a rerun in the same period sends nothing (Digest rows)."""
    return notify.send_digests(frequency)
