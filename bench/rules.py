"""Where a record's time goes, in process: reading, each rule, the engine around them.

    python -m bench.rules [DATA] [--records 2000] [--policy national] [--top 20] [--repeat 3]

Reads every file of DATA (generated with `bench.generate` when missing) once, then times each
enabled project and document rule alone over every record, all rules together project by
project (as the engine runs them: a project's cells are then still in the CPU's cache, so the
sum of the rules alone is higher), and the whole `Engine.check_path` over the files; each the
best of `--repeat` passes, so a busy machine disturbs it less. Figures are microseconds per
record. Use it to find the rule worth making faster; `bench.run` measures the
targets as a user sees them.
"""

from __future__ import annotations

import argparse
import gc
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bench.generate import DEFAULT_SEED, generate
from checker.api import prepare, supported_suffixes
from checker.engine import CheckOptions, Engine, batch_gc, expand_paths
from checker.facts import document_facts
from checker.inputs import LoadedDocument, read_path
from checker.readers import pick_reader
from checker.rule import DocumentContext, context_for, run_rule
from checker.runner import outcomes


def _best(repeat: int, run: object) -> float:
    assert callable(run)
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def profile(data: Path, policy: str, repeat: int) -> tuple[int, dict[str, float]]:
    registry, resolved = prepare(policy)
    engine = Engine(registry, resolved, CheckOptions())
    paths = [p for p in expand_paths([data], supported_suffixes(registry)) if isinstance(p, Path)]
    gc.collect()
    gc.freeze()
    loaded: list[LoadedDocument] = []

    def read_all(keep: bool = False) -> None:
        for path in paths:
            source = read_path(path, engine.options.max_bytes)
            reader = pick_reader(source, list(registry.readers.values()))
            for result in reader.read(source, engine.options.read):
                if keep and isinstance(result, LoadedDocument):
                    loaded.append(result)

    times: dict[str, float] = {}
    times["(read: sniff, parse, validate, model)"] = _best(repeat, read_all)
    read_all(keep=True)
    gc.freeze()  # the kept records are not garbage: spare the rule timings their collection
    records = sum(len(d.document.projects) for d in loaded)
    for active in engine.active["project"]:

        def run_project_rule(active: object = active) -> None:
            for d in loaded:
                doc = d.document
                for index, project in enumerate(doc.projects):
                    ctx = context_for(
                        active.rule,  # type: ignore[attr-defined]
                        active.params,  # type: ignore[attr-defined]
                        doc.budget_year,
                        doc,
                        index,
                        d.standalone,
                    )
                    run_rule(active.rule, project, ctx)  # type: ignore[attr-defined]

        times[active.rule.id] = _best(repeat, run_project_rule)
    for active in engine.active["document"]:

        def run_document_rule(active: object = active) -> None:
            for d in loaded:
                ctx = DocumentContext(
                    active.params,  # type: ignore[attr-defined]
                    d.document.budget_year,
                    d.standalone,
                    facts=document_facts(d.document),
                )
                run_rule(active.rule, d.document, ctx)  # type: ignore[attr-defined]

        times[active.rule.id] = _best(repeat, run_document_rule)

    def together() -> None:
        """Every rule on a project before the next project, as the engine runs them."""
        for d in loaded:
            doc = d.document
            facts = document_facts(doc)
            for index, project in enumerate(doc.projects):
                for active in engine.active["project"]:
                    ctx = context_for(
                        active.rule, active.params, doc.budget_year, doc, index, d.standalone
                    )
                    ctx.facts = facts[index]
                    run_rule(active.rule, project, ctx)
            for active in engine.active["document"]:
                dctx = DocumentContext(active.params, doc.budget_year, d.standalone, facts=facts)
                run_rule(active.rule, doc, dctx)

    best = float("inf")
    for _ in range(repeat):  # on records read afresh: parsed forms are cached on the models
        loaded.clear()
        read_all(keep=True)
        start = time.perf_counter()
        together()
        best = min(best, time.perf_counter() - start)
    times["(all rules together, project by project, as the engine runs them)"] = best

    def whole() -> None:
        with batch_gc():
            engine.finish(outcomes(engine, paths, jobs=1))

    times["(whole: the runner at --jobs 1, as `jxcheck check` runs it)"] = _best(repeat, whole)
    return records, times


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.rules", description=__doc__)
    parser.add_argument("data", nargs="?", type=Path, help="generated records (default: make some)")
    parser.add_argument("--records", type=int, default=2000, help="records to generate")
    parser.add_argument("--policy", default="national", help="policy (default national)")
    parser.add_argument("--top", type=int, default=20, help="rules to list (default 20)")
    parser.add_argument("--repeat", type=int, default=3, help="passes; the best is kept")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        data = args.data
        if data is None or not data.exists():
            data = data or Path(tmp) / "data"
            generate(data, args.records, seed=DEFAULT_SEED)
        records, times = profile(data, args.policy, args.repeat)
    per = {name: 1e6 * seconds / records for name, seconds in times.items()}
    rules = {k: v for k, v in per.items() if not k.startswith("(")}
    print(f"{records} records; µs per record (best of {args.repeat})")
    for name, value in per.items():
        if name.startswith("("):
            print(f"  {value:8.1f}  {name}")
    print(f"  {sum(rules.values()):8.1f}  (all {len(rules)} rules, each alone)")
    for name, value in sorted(rules.items(), key=lambda kv: -kv[1])[: args.top]:
        print(f"  {value:8.1f}  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
