"""Throughput of Mantle CE pages, as ratios to a bare Django view: ``make bench``.

Starts gunicorn (2 sync workers, the production settings made to run on loopback:
``cms.settings.bench``) on a free 127.0.0.1 port, against a throwaway SQLite database with
the content imported and the demo accounts created, then loads each endpoint in turn with a
small asyncio HTTP client: a fixed number of concurrent connections, for a bounded time and a
bounded number of requests, loopback only. Prints requests/s, p50 and p99 latency and the
ratio of each page's throughput to the bare view's. Stops the server it started.

Not a test: numbers vary by ±30 % on a shared 2-core machine. Compare ratios, not absolutes.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from http.cookiejar import CookieJar
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
WORKDIR = PROJECT / ".bench"
PYTHON = sys.executable
LEARNER = ("learner@mantle.test", "mantle-learner")


@dataclass
class Endpoint:
    name: str
    path: str
    logged_in: bool = False


ENDPOINTS = [
    Endpoint("bare Django view", "/bench/bare/"),
    Endpoint("home page", "/"),
    Endpoint("login page", "/accounts/login/"),
    Endpoint("dashboard (learner)", "/dashboard/", logged_in=True),
    Endpoint("course catalogue", "/courses/"),
    Endpoint("course page (learner)", "/courses/oncology-care/", logged_in=True),
    Endpoint(
        "module page (learner)", "/courses/oncology-care/oncology-adaptations/", logged_in=True
    ),
    Endpoint(
        "module quiz page (learner)",
        "/courses/oncology-care/oncology-adaptations/quiz/",
        logged_in=True,
    ),
]


@dataclass
class Result:
    endpoint: Endpoint
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    elapsed: float = 0.0

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.elapsed if self.elapsed else 0.0

    def percentile(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bench_env(port: int) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.bench",
        DATABASE_URL=f"sqlite:///{WORKDIR / 'bench.sqlite3'}",
        STATIC_ROOT=str(WORKDIR / "static"),
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        WAGTAILADMIN_BASE_URL=f"http://127.0.0.1:{port}",
    )
    return env


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [PYTHON, "manage.py", *args], cwd=PROJECT, env=env, check=True, stdout=subprocess.DEVNULL
    )


def prepare(env: dict[str, str]) -> None:
    shutil.rmtree(WORKDIR, ignore_errors=True)
    WORKDIR.mkdir()
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    manage(env, "import_content")
    manage(env, "seed_demo")


def start_server(env: dict[str, str], port: int, workers: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            str(Path(PYTHON).with_name("gunicorn")),
            "cms.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--no-control-socket",
            "--log-level",
            "warning",
        ],
        cwd=PROJECT,
        env=env,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as resp:
                if resp.status == 200:
                    return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not answer /healthz within 30 s")


def log_in(port: int) -> str:
    """Log the demo learner in through allauth's form; return the Cookie header to send."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    base = f"http://127.0.0.1:{port}"
    page = opener.open(f"{base}/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode(
        {"login": LEARNER[0], "password": LEARNER[1], "csrfmiddlewaretoken": token}
    ).encode()
    request = urllib.request.Request(f"{base}/accounts/login/", data=data)
    request.add_header("Referer", f"{base}/accounts/login/")
    opener.open(request).read()
    cookies = {cookie.name: cookie.value for cookie in jar}
    if "sessionid" not in cookies:
        raise SystemExit("could not log the demo learner in")
    # Enrol, so the module page shows its body (the expensive case) to the benchmark.
    course_page = opener.open(f"{base}/courses/oncology-care/").read().decode()
    action = re.search(r'action="(/learning/enrol/\d+/)"', course_page)
    if action:
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', course_page).group(1)
        enrol = urllib.request.Request(
            base + action.group(1),
            data=urllib.parse.urlencode({"csrfmiddlewaretoken": token}).encode(),
        )
        enrol.add_header("Referer", f"{base}/courses/oncology-care/")
        opener.open(enrol).read()
        cookies = {cookie.name: cookie.value for cookie in jar}
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


async def one_request(port: int, raw: bytes) -> int:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(raw)
        await writer.drain()
        status_line = await reader.readline()
        await reader.read()  # sync workers close the connection after the response
        return int(status_line.split()[1])
    finally:
        writer.close()


async def load(port, endpoint, cookie, *, seconds, max_requests, concurrency) -> Result:
    headers = [f"GET {endpoint.path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Connection: close"]
    if endpoint.logged_in:
        headers.append(f"Cookie: {cookie}")
    raw = ("\r\n".join(headers) + "\r\n\r\n").encode()
    result = Result(endpoint)
    remaining = max_requests
    deadline = time.monotonic() + seconds

    async def worker():
        nonlocal remaining
        while remaining > 0 and time.monotonic() < deadline:
            remaining -= 1
            began = time.perf_counter()
            try:
                status = await one_request(port, raw)
            except OSError:
                result.errors += 1
                continue
            if status == 200:
                result.latencies.append(time.perf_counter() - began)
            else:
                result.errors += 1

    began = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    result.elapsed = time.perf_counter() - began
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="load time per endpoint")
    parser.add_argument("--max-requests", type=int, default=50_000, help="cap per endpoint")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    port = free_port()
    env = bench_env(port)
    engine = subprocess.run(
        [PYTHON, str(PROJECT / "tests" / "perf" / "engine_bench.py")],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=True,
    )
    print("Preparing a throwaway database (migrate, collectstatic, import, demo accounts)...")
    prepare(env)
    submit = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", "import tests.perf.quiz_submit_bench"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    pdf = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", "import tests.perf.pdf_bench"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    code = pdf.stdout.strip().splitlines()[-1].removeprefix("CODE ")
    ENDPOINTS.append(Endpoint("certificate verification", f"/certificates/verify/{code}/"))
    server = start_server(env, port, args.workers)
    try:
        cookie = log_in(port)
        results = []
        for endpoint in ENDPOINTS:
            # a short warm-up so every worker has loaded templates and caches
            asyncio.run(load(port, endpoint, cookie, seconds=0.5, max_requests=200, concurrency=4))
            results.append(
                asyncio.run(
                    load(
                        port,
                        endpoint,
                        cookie,
                        seconds=args.seconds,
                        max_requests=args.max_requests,
                        concurrency=args.concurrency,
                    )
                )
            )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    bare = results[0].rps or float("nan")
    print(
        f"\ngunicorn {args.workers} sync workers, {args.concurrency} connections, "
        f"{args.seconds:g} s per endpoint, 127.0.0.1:{port}\n"
    )
    print(f"{'endpoint':<28}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}{'ratio':>8}")
    for result in results:
        print(
            f"{result.endpoint.name:<28}{result.rps:>9.0f}{result.percentile(0.5):>9.1f}"
            f"{result.percentile(0.99):>9.1f}{result.errors:>8}{result.rps / bare:>8.2f}"
        )
    print()
    print(engine.stdout.strip())
    print(submit.stdout.strip().splitlines()[-1])
    print(pdf.stdout.strip().splitlines()[-2])
    if any(result.errors for result in results):
        print("\nSome requests failed (non-200): the figures above exclude them.")
        sys.exit(1)


if __name__ == "__main__":
    main()
