"""Certificate and transcript PDFs (WeasyPrint), rendered from frozen data only."""

from __future__ import annotations

import segno
from django.template.loader import render_to_string
from weasyprint import HTML


def qr_data_uri(url: str) -> str:
    """An SVG QR code of ``url`` as a data URI (dark on white, quiet zone included)."""
    return segno.make(url, error="m").svg_data_uri(scale=4, border=4)


def certificate_pdf(certificate) -> bytes:
    snapshot = certificate.snapshot
    html = render_to_string(
        "courses/certificate_pdf.html",
        {"c": snapshot, "qr": qr_data_uri(snapshot["verification_url"])},
    )
    return HTML(string=html).write_pdf()


def transcript_pdf(context: dict) -> bytes:
    html = render_to_string("courses/transcript_pdf.html", context)
    return HTML(string=html).write_pdf()
