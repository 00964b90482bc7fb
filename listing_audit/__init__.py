"""listing-audit: find listings whose words or pictures could draw an IP complaint."""

__version__ = "0.1.0"
