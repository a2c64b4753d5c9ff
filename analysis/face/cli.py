"""``pilot-eval`` command line: validate, run, index, verify, params, pdf, claims extract.

Errors a researcher can act on are printed without a traceback and give a
non-zero exit code.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from analysis.core.errors import PilotEvalError, SpecError


def _spec_paths(items: list[str]) -> list[Path]:
    paths = []
    for item in items:
        p = Path(item)
        if p.is_dir() and not (p / "study.yml").exists():
            paths.extend(sorted(p.glob("*/study.yml")))
        else:
            paths.append(p / "study.yml" if p.is_dir() else p)
    return paths


def _parse_params(pairs: list[str]) -> dict[str, str]:
    out = {}
    for pair in pairs or []:
        if "=" not in pair:
            raise PilotEvalError(f"parameter '{pair}' must be NAME=VALUE")
        k, v = pair.split("=", 1)
        out[k.strip()] = v
    return out


def cmd_validate(args: argparse.Namespace) -> int:
    from analysis.intake.validate import validate_study

    worst = 0
    for path in _spec_paths(args.studies):
        report = validate_study(path)
        print(f"{path}:")
        print(report.summary())
        if not report.ok:
            worst = 1
    return worst


def cmd_run(args: argparse.Namespace) -> int:
    from analysis.face.pipeline import run_studies

    paths = _spec_paths(args.studies)
    if not paths:
        raise PilotEvalError(f"no study.yml found under {', '.join(args.studies)}")
    params = _parse_params(args.param)
    pdf = args.pdf and _pdf_possible()
    outcomes = run_studies(paths, args.reports, params, jobs=args.jobs, pdf=pdf)
    failed = 0
    print()
    for o in outcomes:
        if o.ok:
            print(f"  ok      {o.study:<16} {o.seconds:6.1f} s  {o.report}")
            if o.pdf:
                print(f"          PDF: {o.pdf}")
        else:
            failed += 1
            print(f"  FAILED  {o.study:<16} {o.seconds:6.1f} s")
            for line in (o.error or "").splitlines()[:40]:
                print(f"          {line}")
    index = (Path(args.reports) / "index.html").resolve()
    if failed:
        print(f"\n{failed} of {len(outcomes)} stud(ies) failed; previous reports were kept.")
    print(f"\nReports index: {index}")
    return 1 if failed else 0


def _pdf_possible() -> bool:
    """Can a PDF be made here? When not, say why once, before the run (the HTML reports
    are still published)."""
    from analysis.face.pdf import PdfUnavailable, require_browser

    try:
        require_browser()
    except PdfUnavailable as exc:
        print(f"--pdf: {exc}. The HTML reports are published without a PDF.", file=sys.stderr)
        return False
    return True


def cmd_pdf(args: argparse.Namespace) -> int:
    from analysis.face.pdf import publish_pdf

    for folder in args.reports:
        for printed in publish_pdf(folder):
            print(f"{printed.path.resolve()}  ({printed.pages} pages, A4)")
    return 0


def cmd_index(args: argparse.Namespace) -> int:
    from analysis.face.index import write_index

    print(write_index(Path(args.reports)).resolve())
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from analysis.face.pipeline import verify_report

    worst = 0
    for folder in args.reports:
        out = verify_report(folder, log=lambda *_: None)
        if out.changed_inputs:
            print(
                f"{out.study}: inputs changed since the report was published: "
                f"{', '.join(out.changed_inputs)}"
            )
        if out.identical:
            print(f"{out.study}: identical results.json on re-run ({out.seconds:.1f} s)")
        else:
            worst = 1
            print(f"{out.study}: results.json DIFFERS on re-run ({out.seconds:.1f} s):")
            for line in out.differences:
                print(f"  {line}")
    return worst


def cmd_params(args: argparse.Namespace) -> int:
    from analysis.face.pipeline import STEPS, notebook_parameters

    for step in STEPS:
        print(f"{step.name} ({step.source}):")
        for name, info in notebook_parameters(step).items():
            print(f"  {name}: {info['type']} = {info['default']}   # {info['help']}")
    return 0


def cmd_claims_extract(args: argparse.Namespace) -> int:
    """Claims of a whole article as a ``claims:`` block (YAML to paste) or JSON."""
    from analysis.face.claims_block import render_json, render_yaml
    from analysis.intake.article import read_article
    from analysis.intake.spec import load_spec
    from analysis.numbers.claims.extract import extract_article

    spec = load_spec(args.study) if args.study else None
    art = read_article(args.article)
    res = extract_article(
        art.text,
        spec=spec,
        article=art.path,
        encoding=art.encoding,
        how=art.how,
        prefix=args.prefix,
    )
    out = render_json(res) if args.format == "json" else render_yaml(res, args.lang)
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is not None:  # UTF-8 whatever the console's code page
        sys.stdout.flush()
        buffer.write(out.encode("utf-8"))
        buffer.flush()
    else:
        sys.stdout.write(out)
    return 0


def _claim_prefix(text: str) -> str:
    if not re.fullmatch(r"[A-Za-z][A-Za-z_-]{0,7}", text):
        raise argparse.ArgumentTypeError(f"'{text}' must be 1-8 letters (claim ids A1, A2 …)")
    return text


def _add_claims(sub: argparse._SubParsersAction) -> None:
    c = sub.add_parser("claims", help="claims of press releases: extract")
    csub = c.add_subparsers(dest="claims_command", required=True)
    ex = csub.add_parser(
        "extract",
        help="the quantitative claims of a whole article as a claims: block for study.yml",
    )
    ex.add_argument("article", help="the article as a text file (any common encoding)")
    ex.add_argument("--study", help="study.yml: link each figure to the study's indicators")
    ex.add_argument("--format", choices=("yaml", "json"), default="yaml")
    ex.add_argument(
        "--lang",
        choices=("en", "zh"),
        default="en",
        help="language of the YAML comments (default en)",
    )
    ex.add_argument(
        "--prefix",
        default="A",
        type=_claim_prefix,
        help="letters of the claim ids (A gives A1, A2 …; pick one the study does not use)",
    )
    ex.set_defaults(func=cmd_claims_extract)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="pilot-eval", description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="check spec and data; list every problem")
    v.add_argument("studies", nargs="+", help="study.yml files or study folders")
    v.set_defaults(func=cmd_validate)
    r = sub.add_parser("run", help="validate, run the notebooks and publish the reports")
    r.add_argument("studies", nargs="+", help="study.yml files, study folders, or data/")
    r.add_argument("--reports", default="reports", help="output folder (default: reports)")
    r.add_argument("--jobs", type=int, default=2, help="studies run in parallel (default 2)")
    r.add_argument(
        "-p",
        "--param",
        action="append",
        metavar="NAME=VALUE",
        help="notebook parameter (see 'pilot-eval params'); repeatable",
    )
    r.add_argument(
        "--pdf",
        action="store_true",
        help="also print each report to report.pdf (A4) with headless Chromium",
    )
    r.set_defaults(func=cmd_run)
    i = sub.add_parser("index", help="rebuild reports/index.html")
    i.add_argument("--reports", default="reports")
    i.set_defaults(func=cmd_index)
    ve = sub.add_parser("verify", help="re-run published reports; confirm identical results")
    ve.add_argument("reports", nargs="+", help="published report folders, e.g. reports/dadeng")
    ve.set_defaults(func=cmd_verify)
    pa = sub.add_parser("params", help="list the notebook parameters")
    pa.set_defaults(func=cmd_params)
    pd = sub.add_parser("pdf", help="print published reports to report.pdf (A4, Chromium)")
    pd.add_argument("reports", nargs="+", help="published report folders, e.g. reports/dadeng")
    pd.set_defaults(func=cmd_pdf)
    _add_claims(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except SpecError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except PilotEvalError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
