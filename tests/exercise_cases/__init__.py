"""Near misses and equivalent right answers per exercise checker (see README.md)."""
