"""`wuxiao fix` (SPEC §7): only repairs that change nothing a reviewer would see."""
