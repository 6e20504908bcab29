"""`jxcheck serve`: the review desk in the browser, and an HTTP API for budget systems.

A small ASGI application on **Starlette**, served by **uvicorn**. Why Starlette and not FastAPI:

- It is small and does what the desk needs — routing, requests, responses, a test client —
  with nothing to configure; uvicorn runs it as a single process on this machine.
- No ORM, no template or form layers we would have to work around: the page is one Jinja
  template (jinja2 already renders the HTML report), uploads are parsed in memory by
  python-multipart under our own size and count limits (`uploads.py`).
- FastAPI would generate an OpenAPI document from pydantic models, but the API is two
  endpoints whose answer already has its own JSON Schema (`checker/schemas/report.schema.json`);
  the hand-written OpenAPI 3.1 document (`openapi.py`) embeds that schema, so the document and
  `jxcheck check --format json` cannot drift apart. FastAPI would add a dependency layer and
  request models for no gain here.

Nothing is checked differently in the browser: every request goes through `checker.api.check`
with the uploads as `InputFile`s (the same path files on disk take), and every download is
rendered by the registered reporter of that name. Uploads live in memory for one request and are
never written to disk; nothing in a document is ever run; every string is escaped by Jinja or the
reporters; the page loads nothing from the network (offline machines).

Modules: `config` (what a server is started with), `uploads` (reading a request under the
limits), `app` (routes and answers: `create_app(config)`), `page` (the page), `openapi` (the
API's document), `defaults` (the command line's defaults; importing this package stays light,
since `jxcheck --help` imports every verb's options).
"""
