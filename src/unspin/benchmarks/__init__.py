"""Benchmark task file formats and scorers, re-implemented from the task papers (no model code, no Document).

* PTC (SemEval-2020 Task 11): :mod:`~unspin.benchmarks.ptc` (article folders, SI/FLC/TC label files),
  :mod:`~unspin.benchmarks.ptc_scoring` (SI, FLC, TC scores) and :mod:`~unspin.benchmarks.ptc_evaluation` (a tagger
  scored on PTC articles, used by training and ``bench/eval_ptc.py``);
* SemEval-2023 Task 3 and CheckThat! task 1: :mod:`~unspin.benchmarks.formats` (their files) and
  :mod:`~unspin.benchmarks.scoring` (macro-F1, micro-F1, positive-class F1).

Their commands (``unspin eval ptc|semeval23|checkthat``, ``unspin persuasion tag|classify``) are in
:mod:`unspin.cli.benchmarks` and :mod:`unspin.cli.persuasion`: the CLI is one package.
"""
