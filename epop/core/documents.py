"""Editable copies (DOCX, ODT) of our own HTML, made by pandoc from Debian's packages.

The same HTML document feeds the page, the tagged PDF (``epop.core.pdf``) and these files, so
they never disagree (RGAA 13.3). pandoc keeps real heading styles, table headers, the title and
the language. It runs as a subprocess with a fixed argument list (no shell), a timeout, and a
temporary directory of its own as working and resource folder.
"""

import subprocess
import tempfile
from pathlib import Path

PANDOC = "pandoc"
TIMEOUT_SECONDS = 30
FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
}


class DocumentError(RuntimeError):
    """pandoc failed, timed out or is missing."""


def html_to_document(html: str, fmt: str, *, title: str = "", lang: str = "fr-FR") -> bytes:
    """Convert a whole HTML document to ``fmt`` ("docx" or "odt") and return the file's bytes."""
    if fmt not in FORMATS:
        raise ValueError(f"Unknown format: {fmt}")
    with tempfile.TemporaryDirectory(prefix="epop-doc-") as folder:
        output = Path(folder) / f"document.{fmt}"
        args = [
            PANDOC,
            "--from=html",
            f"--to={fmt}",
            # pandoc 2.17's --sandbox breaks DOCX output (it cannot read its own reference
            # document); the input is our sanitised HTML, which has no images to fetch.
            f"--resource-path={folder}",
            f"--metadata=lang:{lang}",
            f"--output={output}",
        ]
        if title:
            args.append(f"--metadata=title:{title}")
        try:
            subprocess.run(  # noqa: S603 (fixed argument list, no shell)
                args,
                input=html.encode(),
                capture_output=True,
                timeout=TIMEOUT_SECONDS,
                check=True,
                cwd=folder,
            )
        except FileNotFoundError as error:
            raise DocumentError("pandoc is not installed") from error
        except subprocess.TimeoutExpired as error:
            raise DocumentError("pandoc took too long") from error
        except subprocess.CalledProcessError as error:
            message = error.stderr.decode(errors="replace")[:500]
            raise DocumentError(f"pandoc failed: {message}") from error
        return output.read_bytes()
