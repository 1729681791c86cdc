"""A check started from the page runs in a background thread; the page polls its progress.

Each job keeps what it wrote (HTML and Excel reports, 整改清单, packages) in its own private temporary
folder or where the user asked, and serves only those files: never a path taken from a request.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from wuxiao_cli.project import nfc
from wuxiao_cli.text import clip, safe
from wuxiao_cli.watch import Stopped, Watch

REPORTS = ("报告.html", "检查报告.xlsx", "整改清单.zip")  # what every check writes, under these names
STOPPED = "已停止检查：没有生成报告，您的文件夹没有任何改动"
READING_CHARS = 120  # the progress line's file name: a 255-character name is cut, not wrapped over the page

KEPT = 20  # finished checks whose reports stay downloadable; older ones are dropped (bounded memory and disk)
DROPPED_KEPT = 1000  # dropped checks remembered (id → what was checked) to say so and offer 重新检查


@dataclass
class CheckJob:
    given: list[Path]
    profile_id: str
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    state: str = "running"  # running | done | failed | stopped
    total: int = 0
    done: int = 0
    current: str = ""
    message: str = ""
    checked: object = None
    roots: list = field(default_factory=list)
    files: dict[str, Path] = field(default_factory=dict)  # download name → a file this job wrote
    work: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="wuxiao-gui-")))
    out: Path | None = None  # where the buttons write: a 五小-输出 folder (discover.OUTPUT_DIR)
    dropped: bool = False  # the input was dropped onto the page: it lives in the app's temporary folder
    intake: object = None  # the received archives the buttons work on, extracted at the first press
    on_done: Callable[[CheckJob], None] | None = None  # told when the check has finished with a report
    watch: Watch = field(default_factory=Watch)  # the file being read, and 停止检查
    _inside: dict = field(default_factory=dict)
    _extracting: threading.Lock = field(default_factory=threading.Lock)

    def status(self) -> dict:
        return {"state": self.state, "total": self.total, "done": self.done, "current": self.now(),
                "message": self.message}

    def now(self) -> str:
        """The progress line: the file being read (a check in this process says it), else the last project done."""
        reading = self.watch.reading
        return f"正在读取 {clip(safe(reading), READING_CHARS)}" if self.state == "running" and reading else self.current

    def stop(self) -> None:
        """停止检查: the check ends at its next file boundary (its workers are ended); no report is written."""
        self.watch.stop()

    def run(self, jobs: int | None = None) -> None:
        """Gather the projects, check them (progress per project), then write the reports."""
        from wuxiao_cli import ops
        from wuxiao_cli.engine import Options
        from wuxiao_cli.profile import ProfileError, load_profile

        try:
            prof = load_profile(self.profile_id)
            if problem := ops.video_reader_problem(prof):
                raise ops.OpError(problem)
            options = Options(lang="zh")
            self.roots = ops.gather_projects(self.given, prof)
            self.total = len(self.roots)
            self.watch()  # stopped while the projects were gathered
            self.checked = ops.check_projects(self.roots, self.given, prof, options, jobs=jobs,
                                              progress=self._tick, cards=True, watch=self.watch)
            self.watch()  # stopped after the last file: no report either
            self._write_reports(prof, jobs)
            self.state = "done"
            if self.on_done is not None:
                self.on_done(self)
        except Stopped:
            self.message, self.state = STOPPED, "stopped"
        except (ops.OpError, ProfileError) as exc:
            self.message, self.state = str(exc), "failed"
        except Exception as exc:  # a bug: said as the tool's, in one line
            self.message, self.state = f"内部错误 {type(exc).__name__}: {exc}（请反馈给开发者）", "failed"

    def _tick(self, result) -> None:
        self.done += 1
        self.current = result.path
        self.watch.reading = ""

    def _write_reports(self, prof, jobs: int | None) -> None:
        from wuxiao_cli import ops
        from wuxiao_cli.batch.fixlists import write_fixlists
        from wuxiao_cli.gui.wording import app_wording
        from wuxiao_cli.report.xlsx_report import write_xlsx

        checked = self.checked
        html = self.work / "报告.html"
        html.write_text(app_wording(ops.html_report(checked, "zh")), encoding="utf-8")  # the app's buttons, not commands
        self.files["报告.html"] = html
        xlsx = self.work / "检查报告.xlsx"
        write_xlsx(checked.data, checked.quota, xlsx)
        self.files["检查报告.xlsx"] = xlsx
        lists = self.work / "整改清单"
        if write_fixlists(checked.data, lists, prof):
            archive = shutil.make_archive(str(self.work / "整改清单"), "zip", lists)
            self.files["整改清单.zip"] = Path(archive)

    def download_name(self, name: str) -> str:
        """The name a download is saved under: the reports carry what was checked (检查报告-甲项目.xlsx), so a
        second check's does not arrive as 检查报告 (1).xlsx; packages and drafts keep their own names."""
        if name not in REPORTS:
            return name
        given = self.given[0]
        checked = nfc(given.stem if given.is_file() else given.name) or "项目"
        stem, _, ext = name.rpartition(".")
        return f"{stem}-{checked}.{ext}"

    def archive_projects(self, archive: Path, display: str) -> list[tuple[Path, str]]:
        """(project folder, display) inside a received archive, for the buttons: extracted at the first
        press and kept until the job is closed; none when the archive was refused (Z001 …)."""
        from wuxiao_cli.archive.intake import Intake
        from wuxiao_cli.engine import Options
        from wuxiao_cli.profile import load_profile

        with self._extracting:  # two tabs pressing at once extract it once
            if archive not in self._inside:
                self.intake = self.intake or Intake(load_profile(self.profile_id), Options(lang="zh"))
                self._inside[archive] = self.intake.projects(archive, display)
            return self._inside[archive]

    def close(self) -> None:
        if self.intake is not None:
            self.intake.close()
        shutil.rmtree(self.work, ignore_errors=True)


class Jobs:
    """The launch's jobs by id; all their temporary folders go when the app stops."""

    def __init__(self, jobs: int | None = None):
        self._jobs: dict[str, CheckJob] = {}
        self._dropped: dict[str, tuple[list[Path], str]] = {}
        self._workers = jobs

    def start(self, given: list[Path], profile_id: str, out: Path | None = None, dropped: bool = False,
              on_done: Callable[[CheckJob], None] | None = None) -> CheckJob:
        job = CheckJob(given, profile_id, out=out, dropped=dropped, on_done=on_done)
        finished = [j for j in self._jobs.values() if j.state != "running"]
        for old in finished[:max(0, len(finished) - KEPT + 1)]:  # dicts keep insertion order: oldest first
            old.close()
            del self._jobs[old.id]
            self._dropped[old.id] = (old.given, old.profile_id)
            if len(self._dropped) > DROPPED_KEPT:
                del self._dropped[next(iter(self._dropped))]
        self._jobs[job.id] = job
        threading.Thread(target=job.run, args=(self._workers,), name=f"check-{job.id[:8]}", daemon=True).start()
        return job

    def get(self, job_id: str) -> CheckJob | None:
        return self._jobs.get(job_id)

    def dropped(self, job_id: str) -> tuple[list[Path], str] | None:
        """What a check dropped to make room for newer ones had checked, and under which notice; None for an
        id never seen."""
        return self._dropped.get(job_id)

    def close(self) -> None:
        for job in self._jobs.values():
            job.close()
        self._jobs.clear()
