"""Each feature wires itself: whatever a feature package declares is registered by create_app.

Declaring an action or a snapshot part registers it when its module is imported, so a module
that no feature's ``init_app`` imports (directly or through another module) is silently left
out of the app. The check runs in a fresh interpreter: build the app, note what is
registered, then import every module of every feature package and see what that adds.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import hackkit

ROOT = Path(__file__).resolve().parent.parent

# Prints what importing every feature module registers beyond what create_app registered.
# Arguments name extra feature packages (the self-test's), appended to hackkit.FEATURES.
UNWIRED = textwrap.dedent(
    """
    import importlib, json, pkgutil, sys, tempfile
    from pathlib import Path

    import hackkit
    from hackkit import actions, coalesce, realtime, roles
    from hackkit.events import agenda, joining

    hackkit.FEATURES = (*hackkit.FEATURES, *map(importlib.import_module, sys.argv[1:]))


    def name(func):
        return f"{func.__module__}.{func.__qualname__}"


    def registered():
        return {
            "actions": set(actions.ACTIONS),
            "snapshot parts": {name(part) for part, _shared in realtime._snapshot_parts},
            "live views": set(coalesce._views),
            "token roles": set(roles._RESOLVERS),
            "agenda listeners": set(map(name, agenda.AGENDA_LISTENERS)),
            "removal listeners": set(map(name, joining.REMOVAL_LISTENERS)),
        }


    folder = Path(tempfile.mkdtemp())
    hackkit.create_app(
        {
            "testing": True,
            "async_mode": "threading",
            "database_url": f"sqlite:///{folder / 'features.db'}",
            "instance_path": folder,
        }
    )
    wired = registered()
    for feature in hackkit.FEATURES:
        prefix = feature.__name__ + "."
        for module in pkgutil.walk_packages(feature.__path__, prefix):
            if not module.name.endswith(".__main__"):  # a command line, run on import
                importlib.import_module(module.name)
    print(json.dumps({kind: sorted(names - wired[kind]) for kind, names in registered().items()}))
    """
)


def unwired(*extra_features: str, path: Path | None = None) -> dict[str, list[str]]:
    """What the feature packages declare that create_app left unregistered, by kind."""
    env = os.environ | {"PYTHONPATH": os.pathsep.join(str(p) for p in (ROOT, path) if p)}
    done = subprocess.run(
        [sys.executable, "-c", UNWIRED, *extra_features],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return {kind: names for kind, names in json.loads(done.stdout).items() if names}


def test_every_feature_package_has_an_init_app():
    assert [feature.__name__ for feature in hackkit.FEATURES] == [
        "hackkit.accounts",
        "hackkit.events",
        "hackkit.teams",
        "hackkit.voting",
        "hackkit.mentors",
        "hackkit.wall",
        "hackkit.playbooks",
        "hackkit.surveys",
        "hackkit.reports",
        "hackkit.credentials",
        "hackkit.archive",
    ]
    assert all(callable(getattr(feature, "init_app", None)) for feature in hackkit.FEATURES)


def test_create_app_registers_everything_the_features_declare():
    missing = unwired()
    assert not missing, f"declared in a module no feature's init_app imports: {missing}"


def test_a_module_that_init_app_forgot_is_reported(tmp_path: Path):
    feature = tmp_path / "fakefeature"
    feature.mkdir()
    (feature / "__init__.py").write_text(
        "def init_app(app):\n    from fakefeature import wired  # noqa: F401\n"
    )
    declarations = """
        from hackkit.actions import action
        from hackkit.realtime import snapshot_part


        @action("fake.{name}", roles=None)
        def act(ctx):
            return {{}}


        @snapshot_part
        def part(session, event, principal):
            return {{}}
        """
    for name in ("wired", "forgotten"):
        (feature / f"{name}.py").write_text(textwrap.dedent(declarations.format(name=name)))
    assert unwired("fakefeature", path=tmp_path) == {
        "actions": ["fake.forgotten"],
        "snapshot parts": ["fakefeature.forgotten.part"],
    }
