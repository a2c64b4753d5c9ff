"""Figures as embedded HTML: a PNG in a data URI with alt text and a caption."""

from __future__ import annotations

import base64
import io

import matplotlib.pyplot as plt

from analysis.report.html import esc


def figure_html(fig, alt: str, caption: str | None = None) -> str:
    """Render a matplotlib figure to a self-contained <figure> and close it.

    PNG metadata is fixed (no software/date stamp) so identical figures give
    identical bytes.
    """
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    plt.close(fig)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    cap = f"<figcaption>{esc(caption)}</figcaption>" if caption else ""
    return (
        f"<figure class='pe-figure'><img src='data:image/png;base64,{data}' "
        f"alt='{esc(alt)}'>{cap}</figure>"
    )
