"""`python -m listing_audit` runs the same command as `listing-audit`."""

from .cli import main

main()
