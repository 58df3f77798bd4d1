"""Benchmarks that print numbers (never asserted in tests): `python -m bench --help`.

query.py      seed-corpus query latency: API, CLI batch mode, cold start, each beside its yardstick
build.py      build stages' throughput and rebuilds after a one-document change
scale.py      synthetic 10k/100k/1M-chunk corpora: dense index types, BM25, the whole pipeline
synthetic.py  the synthetic corpora, recombined from the seed corpus's sentences
yardsticks.py numpy brute force, the memory-bandwidth bound, rank_bm25
"""
