"""`python -m wuxiao_cli` and the `wuxiao` command.

`wuxiao --version` is answered here before the command line (Typer, which builds every option) is
imported: it is what installers and scripts call to see that the tool runs, and it should be instant.
"""

import sys


def main() -> None:
    if getattr(sys, "frozen", False):  # a frozen wuxiao.exe: its batch workers must not re-run the CLI
        import multiprocessing

        multiprocessing.freeze_support()
        if len(sys.argv) == 1:  # double-clicked, not typed: open the app (a terminal `wuxiao` shows help)
            sys.argv.append("gui")
    if sys.argv[1:] == ["--version"]:
        from wuxiao_cli import __version__

        print(f"wuxiao {__version__}")
        return
    from wuxiao_cli.cli import main as cli_main

    cli_main()


if __name__ == "__main__":
    main()
