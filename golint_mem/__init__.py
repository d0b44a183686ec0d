"""golint-mem: find memory anti-patterns in Go source, without a Go toolchain."""

__version__ = "0.1.0"
