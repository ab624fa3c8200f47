"""Ensemble's generators in PyTorch: train them at scale and bring the weights back to the studio."""
