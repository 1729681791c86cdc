"""wuxiao: offline checker and packager for workers' "五小" innovation submissions."""

__version__ = "0.1.0"
