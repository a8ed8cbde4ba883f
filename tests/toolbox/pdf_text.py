"""Read the text of a WeasyPrint PDF with pikepdf: glyph codes through each font's ToUnicode map.

Enough for our own PDFs (two-byte Identity-H codes, bfchar and bfrange maps); not a general
text extractor.
"""

import re

import pikepdf

_HEX_PAIR = re.compile(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>")
_RANGE = re.compile(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>")


def _unicode(hex_text: str) -> str:
    return bytes.fromhex(hex_text).decode("utf-16-be")


def _cmap(font) -> dict[int, str]:
    text = font.ToUnicode.read_bytes().decode("latin-1")
    mapping = {}
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for start, end, target in _RANGE.findall(block):
            first = int(target, 16)
            for offset, code in enumerate(range(int(start, 16), int(end, 16) + 1)):
                mapping[code] = chr(first + offset)
    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for source, target in _HEX_PAIR.findall(block):
            mapping[int(source, 16)] = _unicode(target)
    return mapping


def page_text(pdf: pikepdf.Pdf) -> str:
    chunks = []
    for page in pdf.pages:
        fonts = {str(name): _cmap(font) for name, font in page.Resources.Font.items()}
        current = {}
        for operands, operator in pikepdf.parse_content_stream(page):
            op = str(operator)
            if op == "Tf":
                current = fonts.get(str(operands[0]), {})
            elif op in ("Tj", "TJ"):
                items = operands[0] if op == "TJ" else [operands[0]]
                for item in items:
                    if isinstance(item, pikepdf.String):
                        raw = bytes(item)
                        for i in range(0, len(raw) - 1, 2):
                            chunks.append(current.get(int.from_bytes(raw[i : i + 2]), ""))
            elif op in ("ET", "Td", "TD", "T*"):
                chunks.append("\n")
    return "".join(chunks)
