"""Start the app: a socket on the loopback address only, the URL with this launch's token, a browser.

Ctrl+C in the terminal or 关闭 on the page stops it; its temporary folders go with it.
"""

from __future__ import annotations

import socket
import sys
import threading
import webbrowser

LOOPBACK = "127.0.0.1"


def bind_loopback(port: int = 0) -> socket.socket:
    """A listening socket on 127.0.0.1 (port 0: a free one). Never 0.0.0.0: the app is for this computer."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        if sys.platform == "win32":
            # there SO_REUSEADDR would let another program bind the same port and take our requests
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_EXCLUSIVEADDRUSE, 1)
        else:  # `--port N` again right after 关闭: the closed connections' TIME_WAIT must not hold the port
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((LOOPBACK, port))
    except OSError:
        sock.close()
        raise
    sock.listen(64)
    return sock


def make_server(sock: socket.socket, **app_options):
    """(uvicorn server, the launch's Secrets) for an app on ``sock``."""
    import uvicorn

    from wuxiao_cli.gui.app import make_app
    from wuxiao_cli.gui.guard import Secrets

    keys = Secrets(sock.getsockname()[1])
    holder: dict = {}
    app = make_app(keys, on_shutdown=lambda: setattr(holder["server"], "should_exit", True), **app_options)
    config = uvicorn.Config(app, log_level="warning", lifespan="off", access_log=False)
    server = holder["server"] = uvicorn.Server(config)
    server.wuxiao_app = app
    return server, keys


def serve(port: int = 0, open_browser: bool = True, echo=print, own_profiles: tuple[str, ...] = ()) -> None:
    """Run until Ctrl+C or 关闭; prints the URL (with token) first, as Jupyter does."""
    from wuxiao_cli.gui.picker import Recent, state_dir

    sock = bind_loopback(port)
    server, keys = make_server(sock, recent=Recent(state_dir() / "recent.json"), own_profiles=own_profiles)
    url = keys.url()
    echo("wuxiao 图形界面已启动，在浏览器中打开（网址含本次启动的令牌，请勿转发）：")
    echo(f"    {url}")
    echo("停止：在这里按 Ctrl+C，或点页面右上角的“关闭”。")
    if open_browser:
        def open_when_ready() -> None:
            while not server.started and not server.should_exit:
                threading.Event().wait(0.05)
            if server.started:
                webbrowser.open(url)
        threading.Thread(target=open_when_ready, daemon=True).start()
    try:
        server.run(sockets=[sock])
    finally:
        server.wuxiao_app.state.cleanup()
        sock.close()
