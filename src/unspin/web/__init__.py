"""The web app and HTTP API (``unspin serve``): FastAPI over the library. Needs the ``[web]`` extra."""

from unspin.web.app import WebSettings, create_app

__all__ = ["WebSettings", "create_app"]
