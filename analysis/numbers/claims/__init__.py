"""Headline claims: parsed from text, judged against a value, recomputed from a study.

``parse.parse_claim`` (text → :class:`~analysis.results.claims.ParsedClaim`, via
``parse_zh`` / ``parse_en``, ``link`` and their vocabulary ``zh_words`` / ``en_words``,
``numerals``, ``text``, ``figures``), ``judge.judge`` (a figure against an observed value →
:class:`~analysis.results.claims.Verdict`) and ``recompute.check_claims`` (every claim of a
spec recomputed from the study's data → :class:`~analysis.results.claims.ClaimsTable`).
``figure_text`` writes a claim value in the claim's own terms for the stored reading
labels, notes and arithmetic.
"""
