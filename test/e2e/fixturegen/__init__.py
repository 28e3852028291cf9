"""Generators of the end-to-end fixtures: TF graphs, their inputs and TF's outputs."""
