"""Turn a plan in the plan vocabulary into the values a learner would pick in the plan editor:
this client's sites by name where the editor offers them, otherwise the body areas they cover
(as a therapist would pick them), and one state per area."""

from playwright.sync_api import Page

from quizzes.engine.facts import derive, normalize_facts
from quizzes.engine.sites import SiteResolver, parent
from quizzes.forms import ALL_AREAS, case_sites

LEVEL_FIELDS = ("max_pressure_global", "joint_movement", "infection_control")


def form_values(plan: dict, facts: dict, *, by_name: bool = False) -> dict:
    """``by_name``: pick this client's sites by name where the editor offers them (a form
    built without the case's sites, ``PlanForm(sections=...)``, takes the areas they cover)."""
    normalized = normalize_facts(facts)
    sites = SiteResolver(normalized, derive(normalized))
    offered = set(case_sites(facts)) if by_name else set()

    def areas(tokens):
        result = set()
        for token in tokens or []:
            if token in ALL_AREAS or token in offered or token == "global":
                result.add(token)
            else:
                result |= {parent(site) for site in sites.resolve(token)}
        return sorted(result)

    states: dict[str, str] = {}
    for token, level in (plan.get("site_limits") or {}).items():
        for area in areas([token]):
            states[area] = str(min(level, int(states.get(area, 5))))
    for area in areas(plan.get("avoid_sites")):
        states[area] = "avoid"  # an avoided area takes no other state
    strokes = plan.get("stroke_direction") or []
    constraints = plan.get("product_constraints") or []
    thermal = plan.get("thermal") or {}
    positions = plan.get("positions") or {}
    return {
        "postpone": bool(plan.get("postpone")),
        "services_postponed": plan.get("services_postponed") or [],
        "refer": plan.get("refer") or [],
        "md_release_required": bool(plan.get("md_release_required")),
        "max_pressure_global": plan.get("max_pressure_global", 5),
        "states": states,
        "positions_use": positions.get("use") or [],
        "positions_prohibited": positions.get("prohibited") or [],
        "techniques": plan.get("techniques") or [],
        "joint_movement": plan.get("joint_movement") or "none",
        "no_joint_movement": areas(
            token
            for token, level in (plan.get("joint_movement_on") or {}).items()
            if level == "none"
        ),
        "no_heat": areas(thermal.get("no_heat")),
        "no_cold": areas(thermal.get("no_cold")),
        "centripetal_light": "centripetal_light" in strokes,
        "no_drainage_toward": [s.split(":", 1)[1] for s in strokes if s.startswith("no_drainage")],
        "drainage_toward": [s.split(":", 1)[1] for s in strokes if s.startswith("drainage_toward")],
        "products_used": plan.get("products_used") or [],
        "product_constraints": [c for c in constraints if not c.startswith("no_product_on:")],
        "no_product_on": areas(
            c.split(":", 1)[1] for c in constraints if c.startswith("no_product_on:")
        ),
        "max_duration_min": plan.get("max_duration_min"),
        "infection_control": plan.get("infection_control") or "standard",
        "ppe": plan.get("ppe") or [],
        "process": plan.get("process") or [],
    }


def as_post(key: str, values: dict) -> dict:
    """The same values as form data (for checking them without a browser)."""
    data = {}
    for name, value in values.items():
        if name == "states":
            for area, state in value.items():
                data[f"q-{key}-limit__{area}"] = [state]
        elif isinstance(value, bool):
            if value:
                data[f"q-{key}-{name}"] = ["on"]
        elif isinstance(value, list):
            data[f"q-{key}-{name}"] = value
        elif value is not None:
            data[f"q-{key}-{name}"] = [str(value)]
    return data


def fill_plan(page: Page, key: str, values: dict) -> None:
    """Fill a question's plan editor with the mouse, as a learner would: a collapsed group
    is opened before its controls are used."""
    form = page.locator("form.quiz-form")
    prefix = f"q-{key}-"

    def reveal(control):
        """Open the collapsed groups around a control by clicking their summaries (works with
        or without the page's scripts)."""
        closed = control.locator("xpath=ancestor::details[not(@open)]")
        for _ in range(closed.count()):
            closed.nth(0).locator("xpath=./summary").click()

    postponing = bool(values.get("postpone"))

    def usable(control) -> bool:
        """Reveal a control; a postponed plan skips what the editor hides once the session
        is postponed (pressure, areas, techniques...), as a learner would not see them."""
        if not control.count():
            return False
        reveal(control)
        return not (postponing and control.is_hidden())

    def tick(name, value):
        box = form.locator(f'input[name="{prefix}{name}"][value="{value}"]')
        if usable(box):
            box.check()

    for name, value in values.items():
        if name == "states":
            for area, state in value.items():
                select = form.locator(f'select[name="{prefix}limit__{area}"]')
                if usable(select):
                    select.select_option(state)
        elif name in LEVEL_FIELDS:
            tick(name, value)
        elif isinstance(value, bool):
            box = form.locator(f'input[name="{prefix}{name}"]')
            if usable(box):
                box.set_checked(value)
        elif isinstance(value, list):
            for item in value:
                tick(name, item)
        elif name == "max_duration_min" and value is not None:
            field = form.locator(f'input[name="{prefix}{name}"]')
            if usable(field):
                field.fill(str(value))


# Keyboard only ------------------------------------------------------------------------------

# What the focused element is, and which pending target (if any) it lets the keyboard reach.
FOCUS = """(selectors) => {
  const el = document.activeElement;
  const targets = selectors.map((s) => document.querySelector(s));
  const info = {tag: el.tagName.toLowerCase(), type: el.type || "", target: -1, open: -1};
  if (info.tag === "summary") {
    const details = el.parentElement;
    if (!details.open) info.open = targets.findIndex((t) => t && details.contains(t));
    return info;
  }
  info.target = targets.indexOf(el);
  if (info.target === -1 && el.type === "radio") {
    info.target = targets.findIndex((t) => t && t.type === "radio" && t.name === el.name);
  }
  if (info.target !== -1 && el.type === "radio") {
    const group = [...el.form.querySelectorAll(`input[type=radio][name="${el.name}"]`)];
    info.delta = group.indexOf(targets[info.target]) - group.indexOf(el);
  }
  if (info.target !== -1 && info.tag === "select") {
    const texts = [...el.options].map((o) => o.text.trim().toLowerCase());
    const goal = [...el.options].findIndex((o) => o.value === targets[info.target].dataset.goal);
    info.delta = goal - el.selectedIndex;
    info.last = texts.length - 1 - goal;
    info.first = goal;
    const letter = texts[goal][0];
    info.letter = texts.findIndex((t) => t[0] === letter) === goal
      && texts[el.selectedIndex][0] !== letter ? letter : "";
  }
  return info;
}"""
ORDER = """(selectors) => {
  const all = [...document.querySelectorAll("*")];
  return selectors.map((s) => all.indexOf(document.querySelector(s)));
}"""


def keyboard_targets(page: Page, key: str, values: dict) -> list[tuple[str, str, str]]:
    """(selector, kind, goal) for every control the values change, in page order."""
    prefix = f"q-{key}-"
    found = []
    for name, value in values.items():
        if name in ("states", "limits"):
            for area, state in value.items():
                found.append((f'select[name="{prefix}limit__{area}"]', "select", str(state)))
        elif name in LEVEL_FIELDS:
            found.append((f'input[name="{prefix}{name}"][value="{value}"]', "check", ""))
        elif isinstance(value, bool):
            if value:
                found.append((f'input[name="{prefix}{name}"]', "check", ""))
        elif isinstance(value, list):
            found += [(f'input[name="{prefix}{name}"][value="{v}"]', "check", "") for v in value]
        elif name == "max_duration_min" and value is not None:
            found.append((f'input[name="{prefix}{name}"]', "text", str(value)))
    present = [t for t in found if page.locator(t[0]).count()]
    for selector, kind, goal in present:
        if kind == "select":
            page.locator(selector).evaluate("(el, goal) => el.dataset.goal = goal", goal)
    pending = [t for t in present if not _done(page, t)]
    order = page.evaluate(ORDER, [t[0] for t in pending])
    return [t for _, t in sorted(zip(order, pending, strict=True))]


def _done(page: Page, target) -> bool:
    selector, kind, goal = target
    control = page.locator(selector)
    if kind == "check":
        return control.is_checked()
    return control.input_value() == goal


def press_to_option(info: dict, press) -> None:
    """The fewest presses that choose a closed select's option: arrows, Home or End then
    arrows, or the option's first letter when no option before it starts with that letter."""
    ways = [
        (abs(info["delta"]), []),
        (1 + info["last"], ["End"]),
        (1 + info["first"], ["Home"]),
    ]
    if info["letter"]:
        ways.append((1, [info["letter"]]))
    count, keys = min(ways, key=lambda way: way[0])
    for key in keys:
        press(key)
    rest = count - len(keys)
    if keys in (["End"], ["Home"]):
        press("ArrowUp" if keys == ["End"] else "ArrowDown", rest)
    elif not keys:
        press("ArrowDown" if info["delta"] > 0 else "ArrowUp", rest)


def keyboard_fill(page: Page, targets: list, *, limit: int = 3000) -> int:
    """Reach and set every target with Tab, Enter, Space, arrows and typing only, from where
    the focus is; returns the number of key presses (a typed character is one press). A
    "press" target (a button) is only reached: the caller presses it."""
    presses, pending = 0, list(targets)

    def press(key, times=1):
        nonlocal presses
        for _ in range(times):
            page.keyboard.press(key)
        presses += times

    while pending:
        assert presses < limit, f"{len(pending)} controls not reached: {pending[:3]}"
        press("Tab")
        info = page.evaluate(FOCUS, [t[0] for t in pending])
        if info["open"] != -1:
            press("Enter")
            continue
        if info["target"] == -1:
            continue
        _, kind, goal = pending[info["target"]]
        if kind == "press":  # a button reached: the caller presses it
            pending.pop(info["target"])
            continue
        if info["type"] == "radio" and info["delta"]:
            press("ArrowDown" if info["delta"] > 0 else "ArrowUp", abs(info["delta"]))
        elif kind == "check":
            press("Space")
        elif kind == "select":
            press_to_option(info, press)
        else:
            page.keyboard.type(goal)
            presses += len(goal)
        assert _done(page, pending[info["target"]]), pending[info["target"]]
        pending.pop(info["target"])
    return presses
