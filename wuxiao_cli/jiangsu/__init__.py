"""Jiangsu provincial nominations (profile jiangsu-2023): the nominator's file and the 提名函 (附件1)."""
