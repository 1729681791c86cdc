"""Media facts read from headers: what a file is, never a judgement about it."""
