"""HTTP API and web UI: ``create_app(db_path)`` returns a FastAPI app over a read-only store."""

from parallax.api.app import create_app

__all__ = ["create_app"]
