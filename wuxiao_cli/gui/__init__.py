"""`wuxiao gui`: the same operations as the command line (wuxiao_cli.ops), in a browser window on this computer.

A Starlette app served by uvicorn on 127.0.0.1 only. guard.py keeps other sites and other users out,
jobs.py runs checks in the background with progress, app.py maps pages and buttons to ops, server.py
starts it and prints its URL with the per-launch token.
"""
