"""The public charter page: the current version, its body in blocks, its easy-to-read summary."""

from django.views.decorators.http import require_GET

from epop.accounts.permissions import is_peer_worker
from epop.core.shortcuts import render_page

from .models import CharterAcceptance, CharterVersion

# --- Charter (public) ---------------------------------------------------------------------------


def charter_blocks(body: str) -> list[dict]:
    """The charter's plain-text body as blocks: « ## Titre » lines are headings, « - » lines list
    items, other lines paragraphs (a blank line ends one). Rendered with autoescaping: the text
    never goes through |safe."""
    blocks: list[dict] = []
    paragraph: list[str] = []

    def end_paragraph():
        if paragraph:
            blocks.append({"kind": "p", "text": " ".join(paragraph)})
            paragraph.clear()

    for raw in body.splitlines():
        line = raw.strip()
        if not line:
            end_paragraph()
        elif line.startswith("## "):
            end_paragraph()
            blocks.append({"kind": "h2", "text": line[3:].strip()})
        elif line.startswith("- "):
            end_paragraph()
            if not blocks or blocks[-1]["kind"] != "ul":
                blocks.append({"kind": "ul", "items": []})
            blocks[-1]["items"].append(line[2:].strip())
        else:
            paragraph.append(line)
    end_paragraph()
    return blocks


@require_GET
def charter(request):
    version = CharterVersion.current()
    accepted = None
    if version and request.user.is_authenticated:
        accepted = CharterAcceptance.objects.filter(user=request.user, version=version).first()
    context = {
        "charter": version,
        "blocks": charter_blocks(version.body) if version else [],
        "falc_lines": [line.strip() for line in version.falc_summary.splitlines() if line.strip()]
        if version
        else [],
        "accepted": accepted,
        "peer_worker": is_peer_worker(request.user),
    }
    return render_page(request, "directory:charter", "directory/charter.html", context)
