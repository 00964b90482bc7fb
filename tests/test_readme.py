"""The README is the front door: every command, option and rule ID the tool has is in it."""

from __future__ import annotations

import re
from pathlib import Path

import click

from listing_audit.cli import cli
from listing_audit.config import load_rules

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_quick_start_is_exactly_two_commands() -> None:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```bash\n(.*?)\n```", section, flags=re.S)
    assert commands == ['pip install . && listing-audit demo', 'pip install ".[test]" && pytest']


def test_every_command_and_option_is_documented() -> None:
    assert isinstance(cli, click.Group)
    for name, command in cli.commands.items():
        assert f"listing-audit {name}" in README, name
        for param in command.params:
            for opt in getattr(param, "opts", []):
                if opt.startswith("--") and opt != "--help":
                    assert f"`{opt}" in README, f"{name} {opt}"


def test_every_rule_id_is_documented() -> None:
    for rule_id in load_rules().table("actions"):
        assert f"`{rule_id}`" in README, rule_id
