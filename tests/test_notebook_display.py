"""Result objects display in a notebook as their headline and tidy table."""

from __future__ import annotations


def test_one_trend_model_displays_as_its_headline_and_table(dadeng_results):
    outcome = dadeng_results.trends["fraud_incidents"]
    assert outcome is dadeng_results.trends.get("fraud_incidents", "its")
    assert dadeng_results.trends["fraud_incidents", "sts"].design == "sts"
    html = outcome._repr_html_()
    assert outcome.headline().split(":")[0] in html
    assert "<table" in html and "estimate" in html
