"""Benchmarks: ours vs the official `cloudflare` package vs raw httpx (run by `make bench`)."""
