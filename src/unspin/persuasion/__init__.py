"""PTC (SemEval-2020 Task 11) corpus formats, scorers and evaluation helpers; the tagger runtime is :mod:`unspin.ml`."""
