"""The REST API (docs/API.md): `create_app(ApiSettings(...))` and `marketbuzz serve`.

Modules: `app` (the factory), `routes` (the /api endpoints), `sse` (the alert stream),
`state` (what an app holds, and key checks), `keys` (the hashed key file), `inputs` (bodies,
limits, times), `errors` (JSON errors), `settings`.
"""

from __future__ import annotations

from marketbuzz.api.app import create_app
from marketbuzz.api.keys import KeyFile, KeyRecord
from marketbuzz.api.settings import ApiSettings, parse_size

__all__ = ["ApiSettings", "KeyFile", "KeyRecord", "create_app", "parse_size"]
