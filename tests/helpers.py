"""Small helpers shared by test suites."""

import time


def wait_for(predicate, timeout=10.0, interval=0.05):
    """Poll until predicate() is true: a real worker runs in another thread."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()


class TaskBarrier:
    """Counts the tasks an in-process worker (a thread of this test) has finished, so a test waits
    for the duplicates it sent to have run instead of sleeping and hoping they did."""

    def __init__(self):
        import threading

        self._finished: list[str] = []
        self._condition = threading.Condition()

    def _on_postrun(self, sender=None, **kwargs):
        with self._condition:
            self._finished.append(sender.name)
            self._condition.notify_all()

    def __enter__(self):
        from celery.signals import task_postrun

        task_postrun.connect(self._on_postrun, weak=False)
        return self

    def __exit__(self, *exc):
        from celery.signals import task_postrun

        task_postrun.disconnect(self._on_postrun)

    def wait(self, task, count: int, timeout: float = 20.0) -> bool:
        """True once `count` runs of `task` (a task or its name) have finished."""
        name = getattr(task, "name", task)
        with self._condition:
            return self._condition.wait_for(
                lambda: self._finished.count(name) >= count, timeout=timeout
            )


# Mails the profile workflow itself sends the peer worker, written in the workflow's transaction:
# the submission's acknowledgement and the « profil publié » of a validation. Tests of other mails
# leave them out.
ACKNOWLEDGEMENT_SUBJECTS = ("Votre profil est bien envoyé", "Vos modifications sont bien envoyées")
PUBLISHED_SUBJECT = "Votre profil est publié dans l'annuaire EPoP"


def mails_to(email, *, published=False):
    """Outbox rows addressed to `email`, oldest first, without the submission's acknowledgement,
    and without the validation's « profil publié » unless `published` is true."""
    from epop.notifications.models import OutboxMessage

    rows = OutboxMessage.objects.filter(to=[email]).exclude(subject__in=ACKNOWLEDGEMENT_SUBJECTS)
    if not published:
        rows = rows.exclude(subject=PUBLISHED_SUBJECT)
    return list(rows.order_by("pk"))
