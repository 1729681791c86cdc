"""Entry point of the frozen build (PyInstaller): the same `wuxiao` command as the installed package.

`wuxiao_cli.__main__.main` calls multiprocessing.freeze_support() in a frozen build: batch workers are
started by re-running this executable, and without it each would parse `--multiprocessing-fork` as a
wuxiao option and die.
"""

from wuxiao_cli.__main__ import main

if __name__ == "__main__":
    main()
