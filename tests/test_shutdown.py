"""Stopping the server: SIGTERM (systemd, docker stop) shuts down as cleanly as Ctrl-C."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from tests.server import ServerProcess

pytestmark = pytest.mark.server


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl-C"])
def test_a_stopped_server_shuts_down_cleanly(app, database_url, instance_path, how):
    mode = os.environ.get("HACKKIT_TEST_ASYNC_MODE", "gevent")
    server = ServerProcess(instance_path, database_url, async_mode=mode).start()
    try:
        server.proc.send_signal(how)
        code = server.proc.wait(timeout=20)
    finally:
        server.stop()
    log = Path(server.log.name).read_text()
    assert code == 0, log  # not "Aborted!" and 1, nor killed by the signal
    assert "hackkit stopped: queued votes saved, connections closed" in log
    # The signal reached the server, not whichever request happened to be running.
    assert "KeyboardInterrupt" not in log, log
