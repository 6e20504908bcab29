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

Nothing is checked differently in the browser: every file of a request is checked by the
engine `jxcheck check` uses (`Engine.check_file`, as `checker.api.check` does for in-memory
files), the outcomes merged by `Engine.finish` in upload order, and every download rendered by
the registered reporter of that name. Uploads live in memory for one request and are never
written to disk; nothing in a document is ever run; every string is escaped by Jinja or the
reporters; the page loads nothing from the network (offline machines).

The server stays responsive whatever a client sends: files are checked in worker processes
under a wall-clock, CPU-time and memory limit each (a file past a limit is one S000 finding, the
request's other files are reported), a bounded number at once, killed when their client leaves;
headers and bodies must arrive in time; an upload's token and origin are checked before its
body is read. The limits and what they guarantee: docs/serve.md and SECURITY.md.

Modules: `config` (what a server is started with), `uploads` (reading a request under the
limits), `app` (routes and answers: `create_app(config)`), `pool` (the worker processes, shared
fairly between requests), `worker` (what runs in one), `server` (uvicorn with deadlines for
slow clients), `page` (the page), `openapi` (the API's document), `defaults` (the command
line's defaults; importing this package stays light, since `jxcheck --help` imports every
verb's options).
"""
