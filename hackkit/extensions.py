"""Extension singletons, created here and bound to the app in ``create_app``."""

from __future__ import annotations

from flask_babel import Babel
from flask_socketio import SocketIO
from flask_wtf.csrf import CSRFProtect

from hackkit.database import Database

db = Database()
socketio = SocketIO()
babel = Babel()
csrf = CSRFProtect()
