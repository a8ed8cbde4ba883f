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
