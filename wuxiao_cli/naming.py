"""Names that say nothing: camera, phone and chat-app defaults (P008, V007, A004, Q019)."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

_DEFAULT_NAMES = re.compile(
    r"""^(
      (IMG|DSC|DSCN|DSCF|DCIM|PXL|MVIMG|VID|MOV|MVI|GOPR|GH|DJI|SAM|CIMG|PICT|HPIM|WP|VIDEO|AUDIO|REC)
          [_\-\s]?E?\d+ ([_\-\s.]\d+)* (_[A-Z]+)? (\s*-\s*副本)? (\s*[(（]\d+[)）])?
    | P\d{7}
    | 微信图片.* | 微信视频.* | 微信语音.* | mmexport.* | wx_camera_.* | Screenshot.* | Screen[\s_]?Shot.* | 屏幕截图.*
    | 截图.* | 截屏.* | 录屏.* | 未命名.* | 新建.* | 无标题.* | Untitled.* | 新录音.* | 录音\d* | Recording.*
    | (image|photo|picture|video|audio|movie|照片|图片|视频|音频|题库|新建文件)[\s_\-]?\d*
    | \d+ | \d{8}[_\-\s]?\d{6}.* | [0-9a-f]{16,}
    )$""",
    re.IGNORECASE | re.VERBOSE,
)


def is_default_name(filename: str) -> bool:
    """True when a file's stem is a device/app default such as IMG_1234 or 微信图片_20240501."""
    stem = PurePosixPath(filename).stem.strip()
    return not stem or bool(_DEFAULT_NAMES.match(stem))
