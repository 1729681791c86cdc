"""Pages and buttons of `wuxiao gui`, each a thin call into wuxiao_cli.ops (or a check job).

GET requests only read; everything that writes is a POST (guard.py checks token, Host and CSRF).
The server opens only paths the user typed, picked or dropped on the page, and serves only files
its own jobs wrote: no route takes a path to read or list.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from wuxiao_cli.gui import actions, picker
from wuxiao_cli.gui.guard import Guard, Secrets
from wuxiao_cli.gui.jobs import Jobs
from wuxiao_cli.ops import OpError

HERE = Path(__file__).parent
UPLOAD_LIMIT = 4 << 30  # bytes: a dropped archive bigger than any real submission is refused
PAGE_CSP = ("default-src 'self'; img-src 'self' data:; frame-src 'self'; frame-ancestors 'none'; "
            "base-uri 'none'; form-action 'none'")
REPORT_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; frame-ancestors 'self'; sandbox"


def user_path(text: object) -> Path:
    """A path typed or pasted on the page; Windows' "copy as path" adds quotes, which go."""
    if not isinstance(text, str) or not text.strip().strip('"'):
        raise OpError("请先填写路径")
    return Path(text.strip().strip('"').strip("'")).expanduser()


def profiles() -> list[dict]:
    from wuxiao_cli.profile import DEFAULT_PROFILE, builtin_ids, load_profile

    ids = sorted(builtin_ids(), key=lambda pid: pid != DEFAULT_PROFILE)
    return [{"id": pid, "title": load_profile(pid).data["title"], "notice": load_profile(pid).data["notice"]}
            for pid in ids]


class NotFound(OpError):
    """A job id this launch does not know (the page outlived a restart)."""


def make_app(keys: Secrets, *, recent: picker.Recent | None = None, opener: Callable[[Path], None] = actions.open_folder,
             pick: Callable[[], str] = picker.pick_folder, jobs: int | None = None,
             on_shutdown: Callable[[], None] = lambda: None, downloads: Path | None = None) -> Starlette:
    """The app for one launch; tests pass their own opener, picker, recent-folders file and 下载 folder."""
    templates = Jinja2Templates(directory=HERE / "templates")
    store = Jobs(jobs)
    recent = recent or picker.Recent(None)
    uploads = Path(tempfile.mkdtemp(prefix="wuxiao-upload-"))

    def page(request: Request, name: str, **context) -> Response:
        response = templates.TemplateResponse(request, name, {"csrf": keys.csrf, **context})
        response.headers["Content-Security-Policy"] = PAGE_CSP
        return response

    def job_or_404(request: Request):
        job = store.get(request.path_params["job"])
        if job is None:
            raise NotFound("没有这个检查任务（工具重新启动过？请重新检查）")
        return job

    async def body(request: Request) -> dict:
        try:
            data = await request.json()
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}

    def guarded(handler):
        async def endpoint(request: Request) -> Response:
            try:
                return await handler(request)
            except OpError as exc:
                return JSONResponse({"error": str(exc)}, status_code=404 if isinstance(exc, NotFound) else 400)
        return endpoint

    async def index(request: Request) -> Response:
        return page(request, "index.html", profiles=profiles(), recent=recent.load(), picker=picker.has_display())

    async def job_page(request: Request) -> Response:
        job = store.get(request.path_params["job"])
        if job is None:
            return Response("没有这个检查任务（工具重新启动过？请重新检查）", status_code=404)
        return page(request, "job.html", job=job, data=job.checked.data if job.checked else None)

    async def job_status(request: Request) -> Response:
        return JSONResponse(job_or_404(request).status())

    async def job_file(request: Request) -> Response:
        job = job_or_404(request)
        name = request.path_params["name"]
        if name not in job.files:
            return Response("没有这个文件", status_code=404)
        if name.endswith(".html") and "download" not in request.query_params:
            response = FileResponse(job.files[name], media_type="text/html; charset=utf-8")
            response.headers["Content-Security-Policy"] = REPORT_CSP
            return response
        return FileResponse(job.files[name], filename=name)

    async def check(request: Request) -> Response:
        data = await body(request)
        path = user_path(data.get("path"))
        if not path.exists():
            raise OpError(f"找不到 {path}：请检查路径是否写对")
        ids = {p["id"] for p in profiles()}
        profile_id = data.get("profile") or "national-2024"
        if profile_id not in ids:
            raise OpError(f"没有规则集 {profile_id}")
        dropped = path.resolve().is_relative_to(uploads)
        if not dropped:
            recent.add(path.resolve())
        out = actions.output_folder(path, dropped, downloads or actions.downloads_folder())
        job = store.start([path], profile_id, out=out, dropped=dropped)
        return JSONResponse({"job": job.id, "url": f"/jobs/{job.id}"})

    async def fix(request: Request) -> Response:
        job = job_or_404(request)
        return JSONResponse({"lines": await run_in_threadpool(actions.fix_copies, job)})

    async def pack(request: Request) -> Response:
        job = job_or_404(request)
        eml = bool((await body(request)).get("eml"))
        lines, files = await run_in_threadpool(actions.pack_all, job, eml)
        made = [{"name": f.name, "url": f"/jobs/{job.id}/files/{f.name}"} for f in files]
        return JSONResponse({"lines": lines, "files": made})

    async def open_folder(request: Request) -> Response:
        job = job_or_404(request)
        folder = job.out if job.dropped else job.given[0].resolve().parent  # a dropped archive's is the app's own
        if not folder.is_dir():
            raise OpError(f"还没有结果：修复到副本或打包后，结果保存在 {folder}")
        await run_in_threadpool(opener, folder)
        return JSONResponse({"lines": [f"已打开 {folder}"]})

    async def init(request: Request) -> Response:
        from wuxiao_cli.ops import init_project
        from wuxiao_cli.profile import load_profile

        data = await body(request)
        path = user_path(data.get("path"))
        prof = load_profile(data.get("profile") if data.get("profile") in {p["id"] for p in profiles()} else None)
        written = await run_in_threadpool(init_project, path, prof)
        return JSONResponse({"lines": [f"已创建项目文件夹 {path}：", *[f"  {rel}" for rel in written]]})

    async def quiz_template(request: Request) -> Response:
        from wuxiao_cli.ops import quiz_template as write

        path = user_path((await body(request)).get("path"))
        await run_in_threadpool(write, path)
        return JSONResponse({"lines": [f"已生成题库模板 {path}：删除三行“(例)”示例后，每行填写一道题（不少于 20 道）"]})

    async def pick_folder(request: Request) -> Response:
        if not picker.has_display():
            raise OpError("这台电脑没有图形桌面，无法弹出选择窗口：请直接粘贴路径")
        return JSONResponse({"path": await run_in_threadpool(pick)})

    async def upload(request: Request) -> Response:
        name = Path(request.query_params.get("name", "")).name  # the file's own name, never a path
        if not name.lower().endswith((".zip", ".7z", ".rar")):
            raise OpError("只能拖入压缩包（zip / 7z / rar）；文件夹请粘贴路径或点“选择文件夹…”")
        dest = Path(tempfile.mkdtemp(dir=uploads)) / name
        size = 0
        with open(dest, "wb") as fh:
            async for chunk in request.stream():
                size += len(chunk)
                if size > UPLOAD_LIMIT:
                    fh.close()
                    shutil.rmtree(dest.parent, ignore_errors=True)
                    raise OpError(f"压缩包超过 {UPLOAD_LIMIT >> 30} GB，请解压后选择文件夹")
                fh.write(chunk)
        return JSONResponse({"path": str(dest)})

    async def shutdown(request: Request) -> Response:
        on_shutdown()
        return JSONResponse({"lines": ["已关闭。可以关掉这个浏览器标签页了。"]})

    def cleanup() -> None:
        store.close()
        shutil.rmtree(uploads, ignore_errors=True)

    routes = [
        Route("/", index),
        Route("/jobs/{job}", job_page),
        Route("/jobs/{job}/files/{name}", guarded(job_file)),
        Route("/api/jobs/{job}", guarded(job_status)),
        Route("/api/check", guarded(check), methods=["POST"]),
        Route("/api/jobs/{job}/fix", guarded(fix), methods=["POST"]),
        Route("/api/jobs/{job}/pack", guarded(pack), methods=["POST"]),
        Route("/api/jobs/{job}/open", guarded(open_folder), methods=["POST"]),
        Route("/api/init", guarded(init), methods=["POST"]),
        Route("/api/quiz-template", guarded(quiz_template), methods=["POST"]),
        Route("/api/pick", guarded(pick_folder), methods=["POST"]),
        Route("/api/upload", guarded(upload), methods=["POST"]),
        Route("/api/shutdown", shutdown, methods=["POST"]),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    app = Starlette(routes=routes, middleware=[Middleware(Guard, keys=keys)])
    app.state.cleanup = cleanup
    app.state.jobs = store
    app.state.uploads = uploads
    return app
