"""The appeal pack: from a rights owner's complaint notice to a swept catalog and a plan of action.

Amazon expects a seller who received an IP complaint to (1) contact the rights owner, (2) screen
the whole catalog and remove or fix everything that might infringe, and (3) send a plan of action
in three parts: root cause, actions taken, preventive measures. This package carries that path:

- `notices`: read complaint notices as sellers receive them (e-mail text, account-health page).
- `complaints`: the complaints file (CSV) those notices become, and how scans read it back.
- `watch`: what a scan with `--complaints` adds: complained brands and owners at high risk, the
  complained listings' pictures as protected images.
- `review`, `plan`, `document`, `evidence`, `delete_files`, `pack`: the `appeal` command's outputs.
"""
