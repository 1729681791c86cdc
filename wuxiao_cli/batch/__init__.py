"""Batch checking: many project folders in parallel processes, cross-project facts, baselines, 整改清单."""
