"""The internal site: a thin MkDocs adapter over the packet and approval functions."""
