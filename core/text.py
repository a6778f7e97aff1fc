"""Text folded for matching: what a search and a type-ahead compare.

"Järvi", "JARVI" and "jarvi" are one name to a worker typing on a phone or
copying from a foreign document, so names are compared after :func:`fold`:
case folded, diacritics removed, letters that Unicode does not decompose
(ø, æ, ß, ł …) spelled out, and whitespace collapsed. The same folding runs
in the browser (static/js/picker.js) for the pickers' type-ahead.
"""

import unicodedata

# Letters with no canonical decomposition, as a reader without them types them.
_SPELLED = str.maketrans(
    {
        "ø": "o",
        "æ": "ae",
        "œ": "oe",
        "ß": "ss",
        "đ": "d",
        "ð": "d",
        "ł": "l",
        "ı": "i",
        "þ": "th",
        "ħ": "h",
    }
)


def fold(text: str) -> str:
    """``text`` case- and accent-folded for comparison: "Järvi  Øster" → "jarvi oster"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_SPELLED))
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.split())


def fold_words(text: str) -> list[str]:
    """The folded words of ``text``, split at spaces, commas, semicolons and line breaks."""
    return fold(text.replace(",", " ").replace(";", " ")).split()
