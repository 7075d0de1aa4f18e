"""The web app and HTTP API: a thin FastAPI layer over the library.

Views call ``unspin`` functions and render templates; one exception handler maps
:class:`~unspin.errors.UnspinError` subclasses to a status code and a JSON body. Pages are
rendered on the server with the same Jinja2 partials as the standalone report, so a span looks
the same in both; the only script is ``static/app.js`` (tooltips), served by the app itself.
Errors are JSON only under ``/api``; everywhere else (a form post, an upload over the size limit, an
unknown page) a person gets the HTML error page with the message.
"""

from __future__ import annotations

import hmac
import json
from collections import OrderedDict
from dataclasses import dataclass
from importlib.resources import files
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

import anyio
from fastapi import FastAPI, File, Form, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field, model_validator
from starlette.exceptions import HTTPException as StarletteHTTPException

from unspin import ingest
from unspin.analyzer import Analyzer
from unspin.config import load_options
from unspin.document import Document
from unspin.errors import InputError, UnspinError
from unspin.report import render_html
from unspin.web.guards import BodyCapMiddleware, RateLimiter, check_url

__all__ = ["WebSettings", "create_app"]


@dataclass(frozen=True, slots=True)
class WebSettings:
    db: str | None = None
    token: str | None = None
    max_body_bytes: int = 5_000_000
    analysis_timeout: float = 60.0
    allow_private_urls: bool = False
    rate_per_minute: float = 120.0
    rate_burst: int = 60
    layers: tuple[str, ...] | None = None
    config_file: str | None = None
    # Analyses run one at a time per process: the models are shared, and a queue is fairer than
    # thrashing two cores. Scale out with more server processes.
    analysis_concurrency: int = 1


class AnalyzeRequest(BaseModel):
    """Exactly one of ``text``, ``html`` or ``url``."""

    text: str | None = Field(default=None, description="plain text or markdown of the article")
    html: str | None = Field(default=None, description="an HTML page; its main text is extracted")
    url: str | None = Field(default=None, description="an http(s) URL to fetch")
    layers: list[str] | None = Field(default=None, description="components to run (default: all configured)")

    @model_validator(mode="after")
    def one_source(self) -> AnalyzeRequest:
        given = [k for k in ("text", "html", "url") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of text, html or url")
        return self


# SQLite (and PostgreSQL BIGINT) offsets are signed 64-bit; larger ones would overflow in the driver (a 500).
MAX_OFFSET = 2**62
PAGE_SIZE = 25  # documents per page of the HTML corpus list

def _error(status: int, kind: str, detail: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": kind, "detail": detail}, status_code=status, headers=headers)


class Results:
    """The last analyses, so a result page can offer its JSON and report for download."""

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self._items: OrderedDict[str, Document] = OrderedDict()

    def put(self, doc: Document) -> str:
        key = doc.source.sha256[:16]
        self._items[key] = doc
        self._items.move_to_end(key)
        while len(self._items) > self.size:
            self._items.popitem(last=False)
        return key

    def get(self, key: str) -> Document:
        try:
            return self._items[key]
        except KeyError:
            raise InputError(f"no recent analysis {key!r}; analyse the article again") from None


def create_app(settings: WebSettings | None = None, *, store: Any = None, transport: Any = None) -> FastAPI:
    """Build the app. ``store`` overrides ``settings.db``; ``transport`` is an httpx transport for URL fetches."""
    settings = settings or WebSettings()
    app = FastAPI(title="unspin", version=_version(), summary="Analyse news articles: structure, entities, "
                  "persuasion, claims, framing and attribution.", docs_url="/docs", redoc_url=None)
    options = load_options(settings.config_file, layers=list(settings.layers) if settings.layers else None)
    analyzer = Analyzer(options=options)
    limiter = anyio.CapacityLimiter(settings.analysis_concurrency)
    rate = RateLimiter(settings.rate_per_minute, settings.rate_burst)
    results = Results()
    if store is None and settings.db:
        from unspin.store import Store

        store = Store.open(settings.db)
    app.state.store = store
    app.state.settings = settings

    from unspin.report.html import page_context, template_environment

    env = template_environment("web/templates")  # web pages first, then the report's partials

    def render(name: str, **context: Any) -> str:
        context.setdefault("has_store", app.state.store is not None)
        context.setdefault("needs_token", settings.token is not None)
        return str(env.get_template(name).render(**context))

    def page(name: str, status: int = 200, **context: Any) -> HTMLResponse:
        return HTMLResponse(render(name, **context), status_code=status)

    def error_page(status: int, message: str) -> str:
        return render("error.html.j2", status=status, message=message)

    def error(request: Request, status: int, kind: str, detail: str,
              headers: dict[str, str] | None = None) -> Response:
        """JSON under /api, the HTML error page everywhere else (a person reads those)."""
        if request.url.path.startswith("/api/"):
            return _error(status, kind, detail, headers)
        return HTMLResponse(error_page(status, detail), status_code=status, headers=headers)

    app.mount("/static", StaticFiles(directory=str(files("unspin").joinpath("web/static"))), name="static")

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        detail = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg')}" for e in exc.errors())
        return error(request, 422, "invalid_request", detail)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        kinds = {404: "not_found", 405: "method_not_allowed"}
        detail = str(exc.detail) if exc.status_code != 404 else f"there is no page at {request.url.path}"
        return error(request, exc.status_code, kinds.get(exc.status_code, "http_error"), detail,
                     dict(exc.headers) if exc.headers else None)

    @app.exception_handler(UnspinError)
    async def unspin_error(request: Request, exc: UnspinError) -> Response:
        return error(request, exc.http_status, type(exc).__name__, str(exc))  # the error tree carries the status

    @app.middleware("http")
    async def rate_limit(request: Request, call_next: Any) -> Response:
        if request.url.path.startswith("/static/"):
            return await call_next(request)
        client = request.client.host if request.client else "unknown"
        allowed, retry = rate.allow(client)
        if not allowed:
            return error(request, 429, "rate_limited", "too many requests; wait a moment and try again",
                         headers={"Retry-After": str(max(1, round(retry)))})
        response: Response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Content-Security-Policy",
                                    "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                                    "script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'")
        return response

    # Added last, so outermost: an oversized body is refused before anything reads it.
    app.add_middleware(BodyCapMiddleware, max_bytes=settings.max_body_bytes, error_page=error_page)

    async def run_analysis(make_doc: Any, layers: list[str] | None = None) -> Document:
        chosen = analyzer if not layers else Analyzer(layers, options=options)

        def work() -> Document:
            return chosen(make_doc())

        try:
            with anyio.fail_after(settings.analysis_timeout):
                async with limiter:
                    return await anyio.to_thread.run_sync(work, abandon_on_cancel=True)
        except TimeoutError:
            raise InputError(f"analysis took longer than {settings.analysis_timeout:g} s; "
                             "send a shorter article") from None

    def source_factory(text: str | None, html: str | None, url: str | None, data: bytes | None = None,
                       filename: str | None = None) -> Any:
        if url is not None:
            check_url(url, allow_private=settings.allow_private_urls)
            return lambda: ingest.load(url, options.ingest, transport=transport)
        if data is not None:
            return lambda: ingest.load_bytes(data, path=filename or "<upload>", options=options.ingest)
        if html is not None:
            return lambda: ingest.load_bytes(html.encode("utf-8"), path="<web>.html", media_type="text/html",
                                             options=options.ingest)
        data = (text or "").encode("utf-8")
        return lambda: ingest.load_bytes(data, path="<web>", options=options.ingest)

    def require_token(given: str | None) -> None:
        if settings.token is not None and not (given and hmac.compare_digest(given, settings.token)):
            raise _Forbidden()

    def the_store() -> Any:
        if app.state.store is None:
            raise _NoStore()
        return app.state.store

    @app.exception_handler(_Forbidden)
    async def forbidden(request: Request, exc: _Forbidden) -> Response:
        return error(request, 403, "forbidden", "a valid API token is required to write to the store "
                     "(Authorization: Bearer TOKEN, or the token field of the form)")

    @app.exception_handler(_NoStore)
    async def no_store(request: Request, exc: _NoStore) -> Response:
        return error(request, 404, "no_store", "no corpus store is open; start the server with --db corpus.db")

    # --- API -------------------------------------------------------------------------------------
    @app.post("/api/v1/analyze", tags=["analyze"], responses={400: {}, 413: {}, 422: {}, 429: {}})
    async def api_analyze(body: AnalyzeRequest,
                          format: Annotated[Literal["json", "html"], Query()] = "json") -> Response:
        """Analyse one article given as text, HTML or a URL; returns the Document JSON or the HTML report."""
        if body.text is not None and not body.text.strip():
            raise InputError("text is empty (nothing to analyse)")
        doc = await run_analysis(source_factory(body.text, body.html, body.url), body.layers)
        if format == "html":
            return HTMLResponse(render_html(doc))
        return JSONResponse(doc.to_dict())

    @app.get("/api/v1/documents", tags=["corpus"], responses={400: {}})
    async def api_documents(q: str | None = None, technique: str | None = None, frame: str | None = None,
                            entity: str | None = None, source: str | None = None, date_from: str | None = None,
                            date_to: str | None = None, limit: Annotated[int, Query(ge=1, le=500)] = 50,
                            offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
                            role: Annotated[str | None, Query(description="protagonist, antagonist, innocent or a "
                                                                          "fine role; with entity, its role")] = None
                            ) -> Any:
        """List stored documents, newest first, with optional filters."""
        store = the_store()
        filters = _with_role(store, _filters(technique, frame, entity, source, date_from, date_to), role)
        return {"items": _items(store, q, filters, limit, offset)}

    @app.get("/api/v1/documents/{doc_id}", tags=["corpus"], responses={404: {}})
    async def api_document(doc_id: str) -> Any:
        """One stored document as Document JSON."""
        return the_store().get_dict(doc_id)

    @app.post("/api/v1/documents", tags=["corpus"], status_code=201, responses={403: {}})
    async def api_save(body: AnalyzeRequest, request: Request) -> Any:
        """Analyse an article and save it to the store (needs the API token when one is set)."""
        require_token(_bearer(request))
        store = the_store()
        doc = await run_analysis(source_factory(body.text, body.html, body.url), body.layers)
        store.save([doc])
        return {"id": doc.source.sha256}

    @app.get("/api/v1/stats", tags=["corpus"])
    async def api_stats(by: Literal["source", "month", "language"] | None = None) -> Any:
        """Technique, frame, genre and claim rates and top entities over the store."""
        return the_store().stats(by=by).to_dict()

    @app.get("/api/v1/framing", tags=["corpus"], responses={400: {}})
    async def api_framing(entity: Annotated[str, Query(min_length=1, max_length=500)],
                          by: Literal["source", "month", "language"] | None = None) -> Any:
        """How the stored documents cast an entity (id or name): shares of its mentions per role, top fine roles."""
        return the_store().framing(entity, by).to_dict()

    @app.get("/api/v1/search", tags=["corpus"], responses={400: {}})
    async def api_search(q: Annotated[str, Query(min_length=1, max_length=500)], technique: str | None = None,
                         frame: str | None = None, entity: str | None = None, source: str | None = None,
                         date_from: str | None = None, date_to: str | None = None,
                         limit: Annotated[int, Query(ge=1, le=500)] = 50,
                         role: Annotated[str | None, Query(description="protagonist, antagonist, innocent or a "
                                                                       "fine role; with entity, its role")] = None
                         ) -> Any:
        """Full-text search over stored documents."""
        store = the_store()
        filters = _with_role(store, _filters(technique, frame, entity, source, date_from, date_to), role)
        return {"items": _items(store, q, filters, limit, 0)}

    @app.get("/api/v1/quotes", tags=["corpus"])
    async def api_quotes(speaker: Annotated[str | None, Query(min_length=1, max_length=500)] = None,
                         q: Annotated[str | None, Query(max_length=500)] = None, source: str | None = None,
                         date_from: str | None = None, date_to: str | None = None,
                         limit: Annotated[int, Query(ge=1, le=500)] = 50,
                         offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0) -> Any:
        """What someone was quoted saying: stored quotes by speaker (an entity id, a name or part of one, or
        ``anonymous``), newest first, each with its content; ``q`` keeps quotes holding every word."""
        found = the_store().quotes(speaker, _filters(None, None, None, source, date_from, date_to), query=q,
                                   limit=limit, offset=offset)
        return {"items": [hit.to_dict() for hit in found]}

    # --- pages -----------------------------------------------------------------------------------
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def home() -> Response:
        return page("analyze.html.j2")

    @app.post("/analyze", response_class=HTMLResponse, include_in_schema=False)
    async def analyze_form(text: Annotated[str, Form()] = "", url: Annotated[str, Form()] = "",
                           file: Annotated[UploadFile | None, File()] = None) -> Response:
        data = await file.read(settings.max_body_bytes + 1) if file is not None and file.filename else None
        if data is None and not url.strip() and not text.strip():
            raise InputError("paste some text, choose a file, or give a URL")
        factory = source_factory(text if text.strip() else None, None, url.strip() or None, data,
                                 file.filename if file is not None else None)
        doc = await run_analysis(factory)
        key = results.put(doc)
        return page("result.html.j2", key=key, **page_context(doc, "/accuracy#"))

    @app.get("/accuracy", response_class=HTMLResponse, include_in_schema=False)
    async def accuracy_page() -> Response:
        from unspin.report.accuracy import accuracy

        return page("accuracy.html.j2", accuracy=accuracy())

    @app.get("/results/{key}.json", include_in_schema=False)
    async def result_json(key: str) -> Response:
        doc = results.get(key)
        return Response(json.dumps(doc.to_dict(), ensure_ascii=False), media_type="application/json",
                        headers={"Content-Disposition": f'attachment; filename="unspin-{key}.json"'})

    @app.get("/results/{key}.html", include_in_schema=False)
    async def result_html(key: str) -> Response:
        return HTMLResponse(render_html(results.get(key)),
                            headers={"Content-Disposition": f'attachment; filename="unspin-{key}.html"'})

    @app.post("/results/{key}/save", response_class=HTMLResponse, include_in_schema=False)
    async def result_save(key: str, token: Annotated[str, Form()] = "") -> Response:
        require_token(token or None)
        doc = results.get(key)
        the_store().save([doc])
        return page("saved.html.j2", doc_id=doc.source.sha256)

    @app.get("/documents", response_class=HTMLResponse, include_in_schema=False)
    async def documents_page(q: str = "", technique: str = "", frame: str = "", entity: str = "", source: str = "",
                             date_from: str = "", date_to: str = "",
                             page_no: Annotated[int, Query(ge=1, le=MAX_OFFSET // PAGE_SIZE)] = 1) -> Response:
        store = the_store()
        filters = _filters(technique or None, frame or None, entity or None, source or None, date_from or None,
                           date_to or None)
        limit = PAGE_SIZE
        offset = (page_no - 1) * limit  # page_no >= 1 (the query bound)
        items = _items(store, q if q.strip() else None, filters, limit, offset)
        form = dict(technique=technique, frame=frame, entity=entity, source=source, date_from=date_from,
                    date_to=date_to)
        # Previous/next keep the search and every filter; only the page number changes.
        kept = urlencode({k: v for k, v in {"q": q, **form}.items() if v})
        return page("documents.html.j2", items=items, q=q, form=form, page_no=page_no, limit=limit,
                    pager_query=kept, choices=_filter_choices())

    @app.get("/documents/{doc_id}", response_class=HTMLResponse, include_in_schema=False)
    async def document_page(doc_id: str) -> Response:
        doc = the_store().get(doc_id)
        return page("result.html.j2", key=None, doc_id=doc_id, **page_context(doc, "/accuracy#"))

    @app.get("/quotes", response_class=HTMLResponse, include_in_schema=False)
    async def quotes_page(speaker: Annotated[str, Query(max_length=500)] = "",
                          q: Annotated[str, Query(max_length=500)] = "", source: str = "",
                          page_no: Annotated[int, Query(ge=1, le=MAX_OFFSET // PAGE_SIZE)] = 1) -> Response:
        """Who said what: the stored quotes, by speaker (an id, a name or part of one, or "anonymous")."""
        found = the_store().quotes(speaker.strip() or None, _filters(None, None, None, source or None, None, None),
                                   query=q or None, limit=PAGE_SIZE, offset=(page_no - 1) * PAGE_SIZE)
        kept = urlencode({k: v for k, v in {"speaker": speaker, "q": q, "source": source}.items() if v})
        return page("quotes.html.j2", hits=found, speaker=speaker, q=q, source=source, page_no=page_no,
                    limit=PAGE_SIZE, pager_query=kept)

    @app.get("/dashboard", response_class=HTMLResponse, include_in_schema=False)
    async def dashboard(entity: Annotated[str, Query(max_length=500)] = "",
                        by: Literal["source", "month"] = "source") -> Response:
        from unspin.labels import TAXONOMY_NOTE
        from unspin.web.charts import dashboard_charts, dashboard_clusters, dashboard_framing

        store = the_store()
        return page("dashboard.html.j2", charts=dashboard_charts(store), clusters=dashboard_clusters(store),
                    taxonomy_note=TAXONOMY_NOTE, framing=dashboard_framing(store, entity.strip() or None, by))

    return app


class _Forbidden(Exception):
    pass


class _NoStore(Exception):
    pass


def _bearer(request: Request) -> str | None:
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    return request.headers.get("x-unspin-token")


def _filters(technique: str | None, frame: str | None, entity: str | None, source: str | None,
             date_from: str | None, date_to: str | None) -> Any:
    from unspin.labels import lookup
    from unspin.store import Filters

    def stored(layer: str, taxonomy: str, value: str | None) -> str | None:
        # Any spelling of a catalogue label finds the stored one (Flag_Waving -> Flag-Waving); others pass as given.
        found = lookup(layer, value) if value else None
        return found.spellings.get(taxonomy, value) if found else value

    return Filters(technique=stored("technique", "ptc", technique), frame=stored("frame", "semeval2023", frame),
                   entity=entity, source=source, date_from=date_from, date_to=date_to)


def _with_role(store: Any, filters: Any, role: str | None) -> Any:
    """The filters with a role filter, checked against the store and the label catalogue (a typo is a 400)."""
    from dataclasses import replace

    return replace(filters, role=store.check_role(role)) if role else filters


def _filter_choices() -> dict[str, list[tuple[str, str]]]:
    """The technique and frame filters as choices: the stored spelling and the catalogue's display name."""
    from unspin import labels

    return {"technique": sorted(((x.spellings["ptc"], x.name) for x in labels.labels("technique", "ptc")),
                                key=lambda kv: kv[1]),
            "frame": sorted(((x.spellings["semeval2023"], x.name) for x in labels.labels("frame")),
                            key=lambda kv: kv[1])}


def _items(store: Any, q: str | None, filters: Any, limit: int, offset: int) -> list[dict[str, Any]]:
    """Document summaries as dicts; a search adds its ``snippet`` and ``rank``."""
    if q:
        return [{**hit.document.to_dict(), "snippet": hit.snippet, "rank": hit.rank}
                for hit in store.search(q, filters, limit=limit, offset=offset)]
    return [summary.to_dict() for summary in store.documents(filters, limit=limit, offset=offset)]


def _version() -> str:
    from unspin import __version__

    return __version__
