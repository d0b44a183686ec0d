"""Text that XML 1.0 can hold: a character it cannot (a control character, a lone surrogate
from a file name that is not UTF-8) becomes U+FFFD, so the report stays well-formed."""

from __future__ import annotations

import re

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)
