"""The `wuxiao` command line (see cli.app); `wuxiao_cli.cli:main` and `wuxiao_cli.cli.app` stay importable here."""

from wuxiao_cli.cli.app import app, main

__all__ = ["app", "main"]
