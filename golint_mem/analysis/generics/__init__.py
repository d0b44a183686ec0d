"""Analyses for generics (GM201): what a []any holds, and when an interface dictates a signature."""
