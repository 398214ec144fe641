"""Certificate and transcript PDFs (WeasyPrint), rendered from frozen data only."""

from __future__ import annotations

import segno
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher


def render_pdf(html: str) -> bytes:
    """A PDF from ``html``, loading nothing from outside it: the certificate's images are
    data URIs, so the fetcher refuses every other scheme (no file:// read, no request to
    any host, whatever text a name or title smuggles in)."""
    fetcher = URLFetcher(allowed_protocols={"data"}, allow_redirects=False)
    return HTML(string=html, url_fetcher=fetcher).write_pdf()


def qr_data_uri(url: str) -> str:
    """An SVG QR code of ``url`` as a data URI (dark on white, quiet zone included)."""
    return segno.make(url, error="m").svg_data_uri(scale=4, border=4)


def certificate_pdf(certificate) -> bytes:
    """The certificate as issued; a revoked or replaced one prints its status across the
    page, so it can never pass for a valid certificate."""
    return render_pdf(certificate_html(certificate))


def certificate_html(certificate) -> str:
    snapshot = certificate.snapshot
    return render_to_string(
        "courses/certificate_pdf.html",
        {
            "c": snapshot,
            "qr": qr_data_uri(snapshot["verification_url"]),
            "void": certificate_void_notice(certificate),
        },
    )


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
    return render_pdf(render_to_string("courses/transcript_pdf.html", context))
