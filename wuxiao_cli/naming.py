"""Names that say nothing: camera, phone and chat-app defaults (P008, V007, A004, Q019)."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

# What apps put after their own word: dates, times, counters, copy numbers ("(2)", "- 副本"), a
# screenshot's "at 10.10.10 PM" and the app it caught ("_WeChat"). Anything else the worker typed
# describes the file: "微信图片编辑-跟刀架安装位置说明" is a name, "新建厂房全貌" too.
_STAMP = r"[\d\s_\-.:：()（）]* ((at|AM|PM|上午|下午) [\d\s_\-.:：()（）]*)* (_[A-Za-z]+)? (\s*-\s*副本)? [\d\s_\-.:：()（）]*"
_DEFAULT_NAMES = re.compile(
    rf"""^(
      (IMG|DSC|DSCN|DSCF|DCIM|PXL|MVIMG|VID|MOV|MVI|GOPR|GH|DJI|SAM|CIMG|PICT|HPIM|WP|VIDEO|AUDIO|REC)
          [_\-\s]?E?\d+ ([_\-\s.]\d+)* (_[A-Z]+)? (\s*-\s*副本)? (\s*[(（]\d+[)）])?
    | P\d{{7}}
    | (微信图片|微信视频|微信语音|mmexport|wx_camera_|Screenshot|Screen[\s_]?Shot|屏幕截图|截图|截屏|录屏|未命名|无标题
       |Untitled|新录音|录音|Recording) {_STAMP}
    | 新建\s*(Microsoft\s*)?(BMP|Word|Excel|PowerPoint|WPS|RTF)?\s*(图像|文档|工作表|演示文稿|文本文档|文字\s*文档|表格) {_STAMP}
    | (image|photo|picture|video|audio|movie|照片|图片|视频|音频|题库|新建文件)[\s_\-]?\d*
    | \d+ | \d{{8}}[_\-\s]?\d{{6}}.* | [0-9a-f]{{16,}}
    )$""",
    re.IGNORECASE | re.VERBOSE,
)


def is_default_name(filename: str) -> bool:
    """True when a file's stem is a device/app default such as IMG_1234 or 微信图片_20240501."""
    stem = PurePosixPath(filename).stem.strip()
    return not stem or bool(_DEFAULT_NAMES.match(stem))
