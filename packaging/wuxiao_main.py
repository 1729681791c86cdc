"""Entry point of the frozen build (PyInstaller): the same `wuxiao` command as the installed package."""

import multiprocessing

from wuxiao_cli.cli import main

if __name__ == "__main__":
    # A frozen executable is its own Python: batch workers are started by re-running it, and
    # without this every worker would parse `--multiprocessing-fork` as a wuxiao option and die.
    multiprocessing.freeze_support()
    main()
