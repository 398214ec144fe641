"""Accessibility checks for the browser tests: axe-core (vendored, never from a CDN) and
sideways scrolling.

axe runs with the WCAG 2.0, 2.1 A and AA rules and axe's best practices. A violation is
returned as one readable line per element: the rule id, its impact, the CSS target and what
the rule asks for, so that a failing test says what to fix and where.
"""

from pathlib import Path

from playwright.sync_api import Page

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]

RUN_AXE = """tags => axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
}).then(result => result.violations.map(v => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    targets: v.nodes.map(node => node.target.join(" ")),
})))"""


def format_violation(violation: dict) -> list[str]:
    """One line per element: ``rule-id (impact) at target: help``."""
    return [
        f"{violation['id']} ({violation['impact']}) at {target}: {violation['help']}"
        for target in violation["targets"]
    ]


def axe_violations(page: Page) -> list[str]:
    """Run axe on the page as it is now; every violation, formatted. Empty when clean."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    violations = page.evaluate(RUN_AXE, TAGS)
    return [line for violation in violations for line in format_violation(violation)]


def page_width(page: Page) -> int:
    """How wide the document is: more than the viewport means the page scrolls sideways."""
    return page.evaluate("document.documentElement.scrollWidth")
