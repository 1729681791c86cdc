"""The app is a server, so every request proves it comes from the page this launch opened.

- the per-launch token: in the URL the terminal printed (then kept in an HttpOnly cookie), else 403;
- the Host header must name this server (a rebound DNS name pointing at 127.0.0.1 is refused);
- a request that changes anything is a POST carrying the page's CSRF token in a header, and a
  browser's Origin / Sec-Fetch-Site, when sent, must be this server's own.
"""

from __future__ import annotations

import secrets
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse

SAFE_METHODS = {"GET", "HEAD"}
CSRF_HEADER = "x-wuxiao-csrf"


class Secrets:
    """What one launch knows: its token (for the URL), its CSRF token (for the page) and its port."""

    def __init__(self, port: int, token: str | None = None):
        self.port = port
        self.token = token or secrets.token_urlsafe(32)
        self.csrf = secrets.token_urlsafe(32)
        self.cookie = f"wuxiao_token_{port}"
        self.hosts = {f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"}
        self.origins = {f"http://{h}" for h in self.hosts}

    def url(self, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}/?{urlencode({'token': self.token})}"


class Guard:
    """ASGI middleware: refuses (403, nothing run) whatever does not pass the checks above."""

    def __init__(self, app, keys: Secrets):
        self.app = app
        self.keys = keys

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        request = Request(scope)
        refusal = self.refusal(request)
        if refusal:
            return await PlainTextResponse(refusal, status_code=403)(scope, receive, send)
        if request.query_params.get("token") and request.method in SAFE_METHODS:
            # Jupyter's way: the token moves from the address bar into a cookie for this server only
            rest = {k: v for k, v in request.query_params.items() if k != "token"}
            target = request.url.path + (f"?{urlencode(rest)}" if rest else "")
            response = RedirectResponse(target, status_code=303)
            response.set_cookie(self.keys.cookie, self.keys.token, httponly=True, samesite="strict")
            return await response(scope, receive, send)
        return await self.app(scope, receive, send)

    def refusal(self, request: Request) -> str | None:
        keys = self.keys
        if request.headers.get("host", "") not in keys.hosts:
            return "拒绝：Host 不是本机地址（只接受 127.0.0.1 / localhost）"
        given = request.query_params.get("token") or request.cookies.get(keys.cookie, "")
        if not secrets.compare_digest(given.encode(), keys.token.encode()):
            if given:  # a page or an address from an earlier launch: each launch has its own token
                return "拒绝：令牌已失效，工具已重新启动过。请用启动窗口里的新网址打开（含 ?token=…）"
            return "拒绝：缺少或错误的令牌。请使用 wuxiao gui 启动时显示的完整网址（含 ?token=…）"
        if request.method in SAFE_METHODS:
            return None
        if request.method != "POST":
            return "拒绝：不支持的请求方法"
        origin = request.headers.get("origin")
        if origin is not None and origin not in keys.origins:
            return "拒绝：跨站请求（Origin 不是本页面）"
        if request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
            return "拒绝：跨站请求"
        if not secrets.compare_digest(request.headers.get(CSRF_HEADER, "").encode(), keys.csrf.encode()):
            return "拒绝：缺少页面的 CSRF 令牌（请从本工具的页面操作）"
        return None
