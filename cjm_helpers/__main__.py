"""`python -m cjm_helpers ...`: the command line (Ctrl-C while it starts ends it quietly too)."""

try:
    from .cli import main

    code = main()
except KeyboardInterrupt:
    code = 130
raise SystemExit(code)
