"""Corpus analysis over a store: stats rendering and plots, search output, narrative clusters, exports."""
