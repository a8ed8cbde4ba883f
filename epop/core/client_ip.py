"""The client's address, derived from one setting: how many proxies in front of the site are
trusted to append to ``X-Forwarded-For`` (``EPOP_TRUSTED_PROXIES``, docs/deployment.md).

Every limiter uses it: allauth's login and sign-up limits (through the account adapter), and
DRF's throttles (``REST_FRAMEWORK["NUM_PROXIES"]`` is set from the same value, and DRF reads
the header the same way). With 0 (gunicorn reached directly) the header is ignored: anyone
can write it. With N, the address is the N-th from the right, the one the outermost trusted
proxy saw; anything to its left was written by the client and is ignored.
"""

import ipaddress

from django.conf import settings


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = settings.EPOP_TRUSTED_PROXIES
    if trusted <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [hop for hop in hops if hop]
    if len(hops) < trusted:
        # The request did not come through every trusted proxy: only the peer is known.
        return remote
    candidate = hops[-trusted]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
