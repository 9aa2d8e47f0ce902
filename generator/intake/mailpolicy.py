"""The email policy intake reads mail with: the standard library's default, remembering parsed headers.

``email.policy.default`` parses a header every time it is read, and learning one
MIME part's type, charset, file name and disposition reads its Content-Type
several times; the same Content-Type and Content-Transfer-Encoding values also
recur across thousands of messages. Parsed headers are immutable, so this policy
keeps the most recently used ones by name and raw value and hands the same
object back: the same results, without parsing the same text again.
"""

from __future__ import annotations

from email.policy import EmailPolicy
from functools import lru_cache
from typing import Any


class RememberingPolicy(EmailPolicy):
    """``email.policy.default`` with a cache in front of header parsing."""

    def header_fetch_parse(self, name: str, value: str) -> Any:
        if hasattr(value, "name"):  # already a parsed header object
            return value
        return _parsed(self, name, value)


@lru_cache(maxsize=4096)
def _parsed(policy: RememberingPolicy, name: str, value: str) -> Any:
    return EmailPolicy.header_fetch_parse(policy, name, value)


MAIL_POLICY = RememberingPolicy()
