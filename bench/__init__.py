"""Benchmark and synthetic data for jxcheck (see bench/README.md)."""
