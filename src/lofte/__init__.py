"""lofte: a medborgarlöfte kept as a plain-text ledger in git."""

__version__ = "0.2.0"
