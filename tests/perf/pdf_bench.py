"""Certificate PDF generation time: median of repeated renders of the demo graduate's
certificate (WeasyPrint, warm). Run by tests/perf/bench.py through ``manage.py shell``."""

import statistics
import time

from courses.models import Certificate
from courses.pdf import certificate_pdf

certificate = Certificate.objects.filter(user__email="graduate@mantle.test").first()
certificate_pdf(certificate)  # warm fonts and caches
timings = []
for _ in range(15):
    began = time.perf_counter()
    certificate_pdf(certificate)
    timings.append(time.perf_counter() - began)
print(
    f"certificate PDF: median {statistics.median(timings) * 1000:.0f} ms, "
    f"max {max(timings) * 1000:.0f} ms over {len(timings)} renders"
)
print(f"CODE {certificate.code}")
