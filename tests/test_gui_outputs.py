"""What the gui's buttons write, and where: several tabs at once, a received zip, a second press."""

from __future__ import annotations

import os
import threading
import zipfile

from wuxiao_cli.package.zipper import Item, ZipExists, staged, write_zip


def test_two_threads_writing_one_zip_never_share_a_temporary_file(tmp_path):
    """Two writers of the same zip in one process (two tabs of the gui), interleaved the worst way: A is
    half-way when B writes and publishes the whole zip. B's zip stays whole; A is told it exists."""
    dest = tmp_path / "包.zip"
    both_in = threading.Barrier(2, timeout=30)
    a_half, b_done = threading.Event(), threading.Event()
    data = {"A": os.urandom(3 << 20), "B": os.urandom(2 << 20)}  # stored (.jpg), of different sizes
    outcome: dict[str, object] = {}

    def trailer_of(tag):
        def trailer(_hashes):
            if tag == "A":
                a_half.set()
                b_done.wait(30)
            return [Item("尾.txt", 0.0, data=tag.encode())]
        return trailer

    def write(tag: str) -> None:
        try:
            with staged([dest]) as (tmp,):
                both_in.wait()  # both have their temporary name
                if tag == "B":
                    a_half.wait(30)
                write_zip(tmp, "包", [Item("大.jpg", 0.0, data=data[tag])], trailer_of(tag))
            outcome[tag] = "written"
        except ZipExists:
            outcome[tag] = "exists"
        except Exception as exc:  # noqa: BLE001 — what a torn write raises is the point of the test
            outcome[tag] = repr(exc)
        finally:
            if tag == "B":
                b_done.set()

    threads = [threading.Thread(target=write, args=(tag,)) for tag in ("A", "B")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcome == {"A": "exists", "B": "written"}
    with zipfile.ZipFile(dest) as zf:
        assert zf.testzip() is None
        assert zf.read("包/尾.txt") == b"B"
        assert zf.read("包/大.jpg") == data["B"]
    assert [p.name for p in tmp_path.iterdir()] == ["包.zip"]  # no temporary file left
