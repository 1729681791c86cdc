"""The package a clerk sends (SPEC §6): naming, deterministic zip writing, manifest, splitting, e-mail, verify."""
