"""Load on loopback: N concurrent POST /api/v1/analyze requests to a real uvicorn server.

Prints requests answered, p50/p95 latency, wall time and throughput. Traffic goes only to the
server this script starts on 127.0.0.1.

    python bench/bench_web_load.py [--requests 200]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from unspin.web import WebSettings, create_app  # noqa: E402
from unspin.web.loadtest import run_load  # noqa: E402
from unspin_testing import serve_in_thread  # noqa: E402

TEXT = "Headline\n\nThe United Nations met in Geneva on 3 March 2024, officials said."


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    url, server = serve_in_thread(create_app(WebSettings(rate_per_minute=0, analysis_timeout=300)))
    try:
        print(run_load(url, args.requests, text=TEXT, deadline=300).table())
    finally:
        server.should_exit = True


if __name__ == "__main__":
    main()
