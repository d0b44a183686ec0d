"""Analyses that serve one family of rules each, built on golint_mem.go."""
