"""Blitz AR packets: turn a finance handoff folder into a review packet kept in git.

The pipeline is intake → analyze → draft → render (see ``generator.build``);
approvals are read from git by ``generator.approvals`` and shown on the site by
``generator.site``. Nothing here sends email, moves money or touches a ledger.
"""

__version__ = "0.1.0"
