"""Delivery backends for tests: the SMTP edge is the only thing the outbox tests fake.

They deliver into Django's locmem outbox (what the `mailoutbox` fixture reads) after failing the
way a real SMTP server fails. State lives on the class because the outbox builds a new backend
instance per delivery, in the worker's thread.
"""

import smtplib
import threading

from django.core.mail.backends.locmem import EmailBackend as LocmemBackend


class FlakySMTPBackend(LocmemBackend):
    """Drops the connection for the first `failures` deliveries, then delivers."""

    failures = 0
    calls = 0
    _lock = threading.Lock()

    @classmethod
    def reset(cls, failures):
        with cls._lock:
            cls.failures = failures
            cls.calls = 0

    def send_messages(self, messages):
        cls = type(self)
        with cls._lock:
            cls.calls += 1
            fail = cls.calls <= cls.failures
        if fail:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


class RejectingSMTPBackend(LocmemBackend):
    """Answers 550 for every recipient, as a server does for an unknown mailbox."""

    def send_messages(self, messages):
        recipients = dict.fromkeys(messages[0].recipients(), (550, b"5.1.1 User unknown"))
        raise smtplib.SMTPRecipientsRefused(recipients)


class BrokenBackend(LocmemBackend):
    """Fails with something that is not a mail error: a bug, not an outage."""

    def send_messages(self, messages):
        raise ValueError("bug in a delivery backend")
