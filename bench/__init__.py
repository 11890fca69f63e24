"""The benchmark suite: a synthetic provincial round, measured against baselines in the same run.

Run ``python bench/run.py`` (see ``bench/README.md``). Nothing here is imported by the product.
"""
