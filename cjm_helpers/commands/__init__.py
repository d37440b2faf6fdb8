"""Subcommands of `python -m cjm_helpers` (one module each, discovered by cli)."""
