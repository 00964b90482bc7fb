"""Weekly scans: what changed since the last scan, and the team's decisions that stick.

- `store`: every scan's JSON kept in a history folder (`--history DIR`, by default
  `.listing-audit/history/` beside the report), and the earlier scan to compare with.
- `diff`: this scan against an earlier one, as set algebra on finding IDs (the detect-secrets
  baseline idea, STYLE.md): new and resolved findings, listings whose level went up or down,
  new and removed listings.
- `decisions`: `listing-audit decisions import REPORT.xlsx` turns the Decision / Assignee / Notes
  columns a team filled in into a decisions file (CSV, reviewable in git); `load_decisions` reads
  it back; later scans accept the findings marked "Keep - authorized" or "Keep - false alarm"
  until the finding changes or the decision expires.
"""
