"""Pages and buttons of `wuxiao gui`, each a thin call into wuxiao_cli.ops (or a check job).

GET requests only read; everything that writes is a POST (guard.py checks token, Host and CSRF).
The server opens only paths the user typed, picked or dropped on the page, and serves only files
its own jobs wrote: no route takes a path to read or list.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from wuxiao_cli.gui import actions, picker
from wuxiao_cli.gui.guard import Guard, Secrets
from wuxiao_cli.gui.jobs import KEPT, Jobs
from wuxiao_cli.ops import OpError

HERE = Path(__file__).parent
UPLOAD_LIMIT = 4 << 30  # bytes: a dropped archive bigger than any real submission is refused
PAGE_CSP = ("default-src 'self'; img-src 'self' data:; frame-src 'self'; frame-ancestors 'none'; "
            "base-uri 'none'; form-action 'none'")
REPORT_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; frame-ancestors 'self'; sandbox"


def user_path(text: object, example: str = "D:\\五小\\新成果") -> Path:
    """A full path typed or pasted on the page; Windows' "copy as path" adds quotes, which go.

    A relative one is refused: it would mean the folder the app was started from (for a double-clicked
    wuxiao.exe, the program's own folder), which no clerk has in mind."""
    if not isinstance(text, str) or not text.strip().strip('"'):
        raise OpError("请先填写路径")
    path = Path(text.strip().strip('"').strip("'")).expanduser()
    if not path.is_absolute():
        raise OpError(f"请填写完整路径，如 {example}（“{path}”没有写从哪个盘、哪个文件夹开始）")
    return Path(os.path.abspath(path))  # D:\五小\..\新成果 is shown as the folder it is


def profiles(own: tuple[str, ...] = ()) -> list[dict]:
    """The notices the page offers: the user's own profile files given to `wuxiao gui --profile` first (what
    they started the app for; their id is the file's full path, which load_profile takes), then the
    built-in ones, the default first."""
    from wuxiao_cli.profile import DEFAULT_PROFILE, ProfileError, builtin_ids, load_profile

    out = []
    for pid in own:  # loaded at start; edited since, it is still offered, and the check says what is wrong
        try:
            data = load_profile(pid).data
        except ProfileError as exc:
            out.append({"id": pid, "title": f"规则集文件 {Path(pid).name}（现在无法使用）", "notice": str(exc)})
        else:
            out.append({"id": pid, "title": f"{data['title']}（规则集文件 {Path(pid).name}）", "notice": data["notice"]})
    for pid in sorted(builtin_ids(), key=lambda pid: pid != DEFAULT_PROFILE):
        data = load_profile(pid).data
        out.append({"id": pid, "title": data["title"], "notice": data["notice"]})
    return out


def _by_email(profile_id: str) -> bool:
    """Whether the job's notice has materials e-mailed: Jiangsu's are uploaded online, so its page has no
    打包并生成邮件草稿 button (the pack API still says why, should it be asked)."""
    from wuxiao_cli.package.delivery import by_email
    from wuxiao_cli.profile import ProfileError, load_profile

    try:
        return by_email(load_profile(profile_id))
    except ProfileError:
        return True


def again_url(given: Path, profile_id: str) -> str:
    """The home page with the path and the notice of a check filled in: 重新检查 under the notice it was
    started with, never the default one (a Jiangsu batch checked again under national rules is all false errors)."""
    return "/?" + urlencode({"path": str(given), "profile": profile_id})


class NotFound(OpError):
    """A job id this launch does not know: dropped after newer checks, or never this launch's."""


def not_kept(dropped: bool) -> str:
    """Why a job is not there; the same launch answered (a restart is refused by the guard, never seen here)."""
    if dropped:
        return f"这次检查的结果已清理（本工具只保留最近 {KEPT} 次检查的结果）：请重新检查"
    return "没有这个检查任务（网址不完整，或结果已清理）：请回首页重新检查"


def make_app(keys: Secrets, *, recent: picker.Recent | None = None, opener: Callable[[Path], None] = picker.open_folder,
             pick: Callable[[], str] = picker.pick_folder, jobs: int | None = None,
             on_shutdown: Callable[[], None] = lambda: None, downloads: Path | None = None,
             own_profiles: tuple[str, ...] = ()) -> Starlette:
    """The app for one launch; tests pass their own opener, picker, recent-folders file and 下载 folder.
    ``own_profiles``: full paths of the user's profile files, already loaded once (`wuxiao gui --profile`)."""
    templates = Jinja2Templates(directory=HERE / "templates")
    store = Jobs(jobs)
    recent = recent or picker.Recent(None)
    uploads = Path(tempfile.mkdtemp(prefix="wuxiao-upload-"))

    def page(request: Request, name: str, status_code: int = 200, **context) -> Response:
        response = templates.TemplateResponse(request, name, {"csrf": keys.csrf, **context}, status_code=status_code)
        response.headers["Content-Security-Policy"] = PAGE_CSP
        return response

    def job_or_404(request: Request):
        job = store.get(request.path_params["job"])
        if job is None:
            raise NotFound(not_kept(store.dropped(request.path_params["job"]) is not None))
        return job

    def gone(request: Request, message: str | None = None) -> Response:
        """A page (not JSON: the clerk followed a link) for a job or file that is not here, with a way back."""
        dropped = store.dropped(request.path_params["job"])
        given, profile_id = (dropped[0][0], dropped[1]) if dropped else (None, None)
        return page(request, "gone.html", status_code=404, given=given,
                    again=again_url(given, profile_id) if dropped else None,
                    message=message or not_kept(dropped is not None))

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
            except Exception as exc:  # a bug: one Chinese line on the page (the app is still running), the trace in the log
                logging.getLogger("wuxiao.gui").exception("%s %s", request.method, request.url.path)
                return JSONResponse({"error": f"内部错误 {type(exc).__name__}: {exc}（请反馈给开发者）"}, status_code=500)
        return endpoint

    def offered() -> list[dict]:
        return profiles(own_profiles)

    def sent_profile(data: dict):
        """The notice the page sent, when it is one this launch offers; else the default."""
        from wuxiao_cli.profile import load_profile

        wanted = data.get("profile")
        return load_profile(wanted if wanted in {p["id"] for p in offered()} else None)

    async def index(request: Request) -> Response:
        known = offered()
        chosen = request.query_params.get("profile")  # 重新检查 links come back with the path and notice filled in
        chosen = chosen if chosen in {p["id"] for p in known} else known[0]["id"]
        return page(request, "index.html", profiles=known, recent=recent.load(), picker=picker.has_display(),
                    path=request.query_params.get("path", ""), chosen=chosen)

    async def job_page(request: Request) -> Response:
        job = store.get(request.path_params["job"])
        if job is None:
            return gone(request)
        return page(request, "job.html", job=job, data=job.checked.data if job.checked else None,
                    eml=_by_email(job.profile_id), again=again_url(job.given[0], job.profile_id))

    async def job_status(request: Request) -> Response:
        return JSONResponse(job_or_404(request).status())

    async def job_file(request: Request) -> Response:
        job = store.get(request.path_params["job"])
        if job is None:
            return gone(request)
        name = request.path_params["name"]
        if name not in job.files:
            return gone(request, f"这次检查没有文件 {name}：请回到检查结果页面下载")
        if name.endswith(".html") and "download" not in request.query_params:
            response = FileResponse(job.files[name], media_type="text/html; charset=utf-8")
            response.headers["Content-Security-Policy"] = REPORT_CSP
            return response
        return FileResponse(job.files[name], filename=job.download_name(name))

    async def check(request: Request) -> Response:
        data = await body(request)
        path = user_path(data.get("path"), "D:\\五小\\我的成果")
        if not path.exists():
            raise OpError(f"找不到 {path}：请检查路径是否写对")
        ids = [p["id"] for p in offered()]
        profile_id = data.get("profile") or ids[0]
        if profile_id not in ids:
            raise OpError(f"没有规则集 {profile_id}")
        dropped = path.resolve().is_relative_to(uploads)
        out = actions.output_folder(path, dropped, downloads or actions.downloads_folder())

        def remember(job) -> None:  # 最近检查过 lists what was checked, not what failed to be
            if not dropped:
                recent.add(path.resolve())

        job = store.start([path], profile_id, out=out, dropped=dropped, on_done=remember)
        return JSONResponse({"job": job.id, "url": f"/jobs/{job.id}"})

    async def stop(request: Request) -> Response:
        job = job_or_404(request)
        job.stop()  # the page polls on, and shows 已停止检查 once the check has unwound
        return JSONResponse({"state": job.state})

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
        if job.dropped and not folder.is_dir():
            raise OpError(f"还没有结果：修复到副本或打包后，结果保存在 {folder}")
        try:
            await run_in_threadpool(opener, folder)
        except OSError:
            raise OpError(f"无法打开文件夹 {folder}，请在资源管理器中打开：{folder}") from None
        return JSONResponse({"lines": [f"已打开 {folder}"]})

    async def init(request: Request) -> Response:
        from wuxiao_cli.ops import init_project

        data = await body(request)
        path = user_path(data.get("path"))
        written = await run_in_threadpool(init_project, path, sent_profile(data))
        return JSONResponse({"lines": [f"已创建项目文件夹 {path}：", *[f"  {rel}" for rel in written]]})

    async def quiz_template(request: Request) -> Response:
        from wuxiao_cli.ops import quiz_template as write
        from wuxiao_cli.quiz import how_to_fill

        data = await body(request)
        path = user_path(data.get("path"), "D:\\五小\\新成果\\quizbank.xlsx")
        prof = sent_profile(data)
        await run_in_threadpool(write, path, False, prof)
        return JSONResponse({"lines": [f"已生成题库模板 {path}：{how_to_fill(prof)}"]})

    async def pick_folder(request: Request) -> Response:
        if not picker.has_display():
            raise OpError("这台电脑没有图形桌面，无法弹出选择窗口：请直接粘贴路径")
        return JSONResponse({"path": await run_in_threadpool(pick)})

    async def upload(request: Request) -> Response:
        name = Path(request.query_params.get("name", "")).name  # the file's own name, never a path
        if not name.lower().endswith((".zip", ".7z", ".rar")):
            raise OpError("只能拖入或选择压缩包（zip / 7z / rar）；文件夹请粘贴路径或点“选择文件夹…”")
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
        Route("/jobs/{job}/files/{name}", job_file),
        Route("/api/jobs/{job}", guarded(job_status)),
        Route("/api/check", guarded(check), methods=["POST"]),
        Route("/api/jobs/{job}/stop", guarded(stop), methods=["POST"]),
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
    async def no_such_page(request: Request, exc: Exception) -> Response:
        return PlainTextResponse("没有这个页面：请从本工具的首页操作", status_code=getattr(exc, "status_code", 404))

    app = Starlette(routes=routes, middleware=[Middleware(Guard, keys=keys)],
                    exception_handlers={404: no_such_page, 405: no_such_page})
    app.state.cleanup = cleanup
    app.state.jobs = store
    app.state.uploads = uploads
    return app
