"""Plans graded per second by the rule engine (pure Python, every rule and part), over the 30 graded
checks of the domain specification (tests/data/domain). Run by tests/perf/bench.py."""

import statistics
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from quizzes.engine.grader import grade  # noqa: E402
from tests.rules import load_rule_files  # noqa: E402


def main(seconds: float = 3.0) -> dict:
    rules = load_rule_files(ROOT / "content" / "rules")
    checks = [
        yaml.safe_load(path.read_text())
        for path in sorted((ROOT / "tests" / "data" / "domain" / "checks").glob("*.yaml"))
    ]
    timings = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        for check in checks:
            began = time.perf_counter()
            grade(check["facts"], check["plan"], rules)
            timings.append(time.perf_counter() - began)
    return {
        "plans": len(timings),
        "per_second": len(timings) / sum(timings),
        "p50_ms": statistics.median(timings) * 1000,
        "p99_ms": sorted(timings)[int(0.99 * len(timings))] * 1000,
        "rules": len(rules),
    }


if __name__ == "__main__":
    result = main()
    print(
        f"rule engine: {result['per_second']:.0f} plans/s graded against {result['rules']} rules "
        f"(p50 {result['p50_ms']:.2f} ms, p99 {result['p99_ms']:.2f} ms, {result['plans']} plans)"
    )
