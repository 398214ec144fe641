"""Certificate and transcript PDFs (WeasyPrint), rendered from frozen data only."""

from __future__ import annotations

import segno
from django.template.loader import render_to_string
from weasyprint import HTML


def qr_data_uri(url: str) -> str:
    """An SVG QR code of ``url`` as a data URI (dark on white, quiet zone included)."""
    return segno.make(url, error="m").svg_data_uri(scale=4, border=4)


def certificate_pdf(certificate) -> bytes:
    """The certificate as issued; a revoked or replaced one prints its status across the
    page, so it can never pass for a valid certificate."""
    snapshot = certificate.snapshot
    html = render_to_string(
        "courses/certificate_pdf.html",
        {
            "c": snapshot,
            "qr": qr_data_uri(snapshot["verification_url"]),
            "void": certificate_void_notice(certificate),
        },
    )
    return HTML(string=html).write_pdf()


def certificate_void_notice(certificate) -> str:
    """Why a certificate is not valid, in a sentence; empty for a valid one."""
    if certificate.status == "revoked":
        when = certificate.revoked_at.date().isoformat() if certificate.revoked_at else ""
        return f"Revoked {when}: not valid".replace("  ", " ")
    if certificate.status == "replaced":
        successor = getattr(certificate, "replaced_by", None)
        return (
            f"Replaced by certificate {successor.code}: not valid"
            if successor
            else ("Replaced: not valid")
        )
    return ""


def transcript_pdf(context: dict) -> bytes:
    html = render_to_string("courses/transcript_pdf.html", context)
    return HTML(string=html).write_pdf()
