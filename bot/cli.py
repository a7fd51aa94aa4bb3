"""``vmdoctor``: the command line (``../shared/contract.md``).

Every command is reachable through :func:`main`, which returns the exit status: 0 on
success, 2 on bad usage or unreadable input (one line on stderr, nothing on stdout), 1 on an
internal error (also one line; set ``VMDOCTOR_DEBUG=1`` for the traceback).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any, NoReturn

from bot.errors import InputError, VmdoctorError

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_USAGE = 2
MAX_JSONL_LINE = 100_000


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors as one line instead of exiting on its own."""

    def error(self, message: str) -> NoReturn:
        raise InputError(
            f"{message} (see 'vmdoctor {self.prog.split()[-1]} --help')"
            if " " in self.prog
            else f"{message} (see 'vmdoctor --help')"
        )


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="vmdoctor", description="Why won't my virtual machine start? Cited answers, offline."
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    ask = sub.add_parser("ask", help="answer a question (or a batch with --jsonl)")
    ask.add_argument("question", nargs="?", help="the question or the pasted error message")
    ask.add_argument(
        "--report",
        metavar="FILE",
        help="a probe report or a saved log / pasted output to ground the answer",
    )
    ask.add_argument(
        "--lang", choices=("en", "ja"), help="answer language (default: the question's)"
    )
    ask.add_argument("--json", action="store_true", help="print the answer object as JSON")
    ask.add_argument(
        "--jsonl",
        metavar="FILE",
        help='batch: one {"id", "question", "report"?} per line; "-" reads stdin',
    )

    diagnose = sub.add_parser(
        "diagnose", help="explain why a VM won't start from a probe report or pasted output"
    )
    diagnose.add_argument("file", help="a probe report (JSON) or a saved output/log; - = stdin")
    diagnose.add_argument("--lang", choices=("en", "ja"), default="en", help="answer language")
    diagnose.add_argument("--json", action="store_true", help="print the answer object as JSON")

    probe = sub.add_parser("probe", help="collect this machine's state into a redacted report")
    probe.add_argument("--out", metavar="FILE", help="write the report here (default: print)")
    probe.add_argument("--dry-run", action="store_true", help="print what would be written")
    probe.add_argument("--timeout", metavar="SECONDS", help="limit for each command")

    doctor = sub.add_parser("doctor", help="probe this machine, then answer why a VM won't start")
    doctor.add_argument("--lang", choices=("en", "ja"), default="en", help="answer language")
    doctor.add_argument("--json", action="store_true", help="print the answer object as JSON")
    doctor.add_argument("--save", metavar="FILE", help="also write the probe report here")

    index = sub.add_parser("index", help="build or refresh the retrieval index")
    index.add_argument("--quiet", action="store_true", help="no progress bar")

    cards = sub.add_parser("cards", help="list or check the knowledge cards")
    cards_sub = cards.add_subparsers(dest="cards_command", metavar="ACTION", parser_class=_Parser)
    cards_sub.required = True
    listing = cards_sub.add_parser("list", help="one line per card")
    listing.add_argument("--cause", help="only this cause id")
    listing.add_argument("--lang", choices=("en", "ja"), default="en")
    cards_sub.add_parser("check", help="validate every card; one line per fault")

    ev = sub.add_parser("eval", help="top-1/top-3 accuracy on the development questions")
    ev.add_argument("file", nargs="?", default=None, help="default: eval/dev.yaml")
    ev.add_argument("--json", action="store_true", help="print the summary as JSON")
    ev.add_argument("--misses", action="store_true", help="also list the questions missed")
    return parser


def _settings() -> Any:
    from bot.settings import Settings

    return Settings.from_env()


def _progress_bar(enabled: bool) -> Any:
    """A rich progress bar on stderr for index builds (``None`` when disabled)."""
    if not enabled:
        return None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    return Progress(
        "embedding cards",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )


def _open_pipeline(show_progress: bool) -> Any:
    from bot.pipeline import Pipeline

    bar = _progress_bar(show_progress)
    if bar is None:
        return Pipeline.open(_settings())
    with bar:
        task = bar.add_task("embed", total=None)
        return Pipeline.open(
            _settings(), progress=lambda done, total: bar.update(task, completed=done, total=total)
        )


def _read_report(path: str | None) -> str | None:
    if path is None:
        return None
    from bot.inputs import read_text_file

    return read_text_file(path)


# Where a line may break. rich breaks only at spaces, which leaves Japanese lines ragged (a
# whole run of kana and kanji moves to the next line); here every CJK character is a place to
# break, except before closing punctuation and after an opening bracket (kinsoku).
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60"
_CJK_WORD = re.compile(
    rf"\s*[「『（【〈《]*[{_CJK}][、。，．・：；！？」』）】〉》ー々ぁぃぅぇぉっゃゅょァィゥェォッャュョ]*\s*"
    rf"|\s*[^\s{_CJK}]+\s*"
)


@contextlib.contextmanager
def _cjk_line_breaks() -> Iterator[None]:
    from rich import _wrap

    previous = _wrap.re_word
    _wrap.re_word = _CJK_WORD
    try:
        yield
    finally:
        _wrap.re_word = previous


def _render(answer: Any, out: IO[str]) -> None:
    from rich.console import Console
    from rich.markdown import Markdown

    console = Console(file=out, highlight=False, soft_wrap=False)
    with _cjk_line_breaks():
        console.print(Markdown(answer.text, code_theme="ansi_dark"))


def _cmd_ask(args: argparse.Namespace, out: IO[str]) -> int:
    if args.jsonl:
        if args.question or args.report:
            raise InputError(
                "--jsonl takes its questions from the file; give no QUESTION or --report with it"
            )
        return _cmd_ask_batch(args, out)
    if args.question is None:
        raise InputError("ask needs a QUESTION (or --jsonl FILE)")
    from bot.pipeline import check_question

    question = check_question(args.question)
    report = _read_report(args.report)
    pipeline = _open_pipeline(sys.stderr.isatty())
    answer = pipeline.answer(question, report, lang=args.lang)
    _print_answer(answer, args.json, out)
    return EXIT_OK


def _batch_lines(path: str) -> list[tuple[int, str]]:
    from bot.inputs import decode, read_text_file

    text = decode(sys.stdin.buffer.read(), "stdin") if path == "-" else read_text_file(path)
    return [(n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]


def _cmd_ask_batch(args: argparse.Namespace, out: IO[str]) -> int:
    from bot.pipeline import check_question

    lines = _batch_lines(args.jsonl)
    pipeline = _open_pipeline(sys.stderr.isatty())
    bad = 0
    for number, line in lines:
        item_id: Any = None
        try:
            if len(line) > MAX_JSONL_LINE:
                raise InputError(f"line {number} is longer than {MAX_JSONL_LINE} characters")
            try:
                item = json.loads(line)
            except json.JSONDecodeError as err:
                raise InputError(f"line {number} is not JSON: {err.msg}") from None
            if not isinstance(item, dict):
                raise InputError(f"line {number} is not a JSON object")
            item_id = item.get("id")
            question = check_question(item.get("question"))
            report_path = item.get("report")
            if report_path is not None and not isinstance(report_path, str):
                raise InputError(f"line {number}: report must be a file path")
            answer = pipeline.answer(question, _read_report(report_path), lang=args.lang).with_id(
                item_id
            )
            record = answer.to_dict()
        except VmdoctorError as err:
            bad += 1
            record = {"id": item_id, "error": str(err)}
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        out.flush()
    if bad:
        sys.stderr.write(f"vmdoctor: {bad} of {len(lines)} lines could not be answered\n")
    return EXIT_OK


def _print_answer(answer: Any, as_json: bool, out: IO[str]) -> None:
    if as_json:
        out.write(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        _render(answer, out)


def _cmd_diagnose(args: argparse.Namespace, out: IO[str]) -> int:
    from bot.inputs import decode, read_text_file

    text = (
        decode(sys.stdin.buffer.read(), "stdin")
        if args.file == "-"
        else (read_text_file(args.file))
    )
    pipeline = _open_pipeline(sys.stderr.isatty())
    _print_answer(pipeline.diagnose(text, lang=args.lang), args.json, out)
    return EXIT_OK


def _cmd_probe(args: argparse.Namespace, out: IO[str]) -> int:
    from probes import vmdoctor_probe

    argv = ["--out", args.out or "-"]
    if args.dry_run:
        argv = ["--dry-run"]
    if args.timeout is not None:
        argv += ["--timeout", args.timeout]
    code = vmdoctor_probe.main(argv)
    return EXIT_USAGE if code == 2 else code


def _cmd_doctor(args: argparse.Namespace, out: IO[str]) -> int:
    from probes import vmdoctor_probe

    report = vmdoctor_probe.collect()
    data = vmdoctor_probe.dump(report)
    if args.save:
        try:
            Path(args.save).write_bytes(data)
        except OSError as err:
            raise InputError(f"cannot write {args.save}: {err.strerror or err}") from None
    pipeline = _open_pipeline(sys.stderr.isatty())
    answer = pipeline.diagnose(data.decode("utf-8"), lang=args.lang)
    _print_answer(answer, args.json, out)
    return EXIT_OK


def _cmd_index(args: argparse.Namespace, out: IO[str]) -> int:
    from bot.retrieval.cards import load_cards
    from bot.retrieval.embed import Embedder
    from bot.retrieval.index import DenseIndex

    settings = _settings()
    started = time.perf_counter()
    kb = load_cards(settings.knowledge_dir)
    import functools

    # the index's own folder also keeps the questions' ONNX encoder, written here once
    source = functools.cache(lambda: Embedder.load(settings.index_dir))
    dense = DenseIndex.open(settings.index_dir, source, settings.chroma_url)
    bar = _progress_bar(not args.quiet and sys.stderr.isatty())
    if bar is None:
        report = dense.build(kb)
    else:
        with bar:
            task = bar.add_task("embed", total=None)
            report = dense.build(kb, lambda d, t: bar.update(task, completed=d, total=t))
    source()  # writes the questions' ONNX encoder if it is not there yet
    what = (
        "up to date"
        if not report.changed
        else (f"{report.embedded} embedded, {report.copied} reused, {report.removed} removed")
    )
    out.write(
        f"index {report.collection} at {dense.location}: {report.total} chunks from "
        f"{len(kb.cards)} cards, {what} ({time.perf_counter() - started:.1f} s)\n"
    )
    return EXIT_OK


def _cmd_cards(args: argparse.Namespace, out: IO[str]) -> int:
    from bot.retrieval.cards import check_cards, load_cards, missing_twins

    settings = _settings()
    if args.cards_command == "check":
        kb, errors = check_cards(settings.knowledge_dir)
        if errors:
            for err in errors:
                sys.stderr.write(f"vmdoctor: {err}\n")
            return EXIT_USAGE
        twins = missing_twins(kb)
        en = len(kb.in_lang("en"))
        out.write(
            f"{len(kb.cards)} cards ok ({en} English, {len(kb.cards) - en} Japanese)"
            + (f"; without a Japanese twin: {', '.join(twins)}" if twins else "")
            + "\n"
        )
        return EXIT_OK
    from bot.taxonomy import CARD_CAUSES

    if args.cause and args.cause not in CARD_CAUSES:
        raise InputError(f"unknown cause {args.cause!r}: one of {', '.join(sorted(CARD_CAUSES))}")
    kb = load_cards(settings.knowledge_dir)
    for card in kb.in_lang(args.lang):
        if args.cause and card.cause != args.cause:
            continue
        out.write(f"{card.cause:<30} {card.id:<44} {','.join(card.platforms)}\n")
    return EXIT_OK


def _cmd_eval(args: argparse.Namespace, out: IO[str]) -> int:
    from bot.evaluation import Summary, evaluate, load_items, misses
    from bot.settings import PROJECT_ROOT

    path = Path(args.file) if args.file else PROJECT_ROOT / "eval" / "dev.yaml"
    items = load_items(path)
    pipeline = _open_pipeline(sys.stderr.isatty())
    outcomes = evaluate(items, pipeline.answer)
    summary = Summary.of(outcomes)
    if args.json:
        out.write(json.dumps(summary.to_dict(), indent=2) + "\n")
    else:
        out.write("\n".join(summary.lines()) + "\n")
    if args.misses:
        out.write("\nmissed:\n" + "\n".join(misses(outcomes)) + "\n")
    return EXIT_OK


_COMMANDS = {
    "ask": _cmd_ask,
    "diagnose": _cmd_diagnose,
    "probe": _cmd_probe,
    "doctor": _cmd_doctor,
    "index": _cmd_index,
    "cards": _cmd_cards,
    "eval": _cmd_eval,
}


def main(argv: Sequence[str] | None = None, *, stdout: IO[str] | None = None) -> int:
    out = stdout or sys.stdout
    try:
        args = _parser().parse_args(list(sys.argv[1:] if argv is None else argv))
        return _COMMANDS[args.command](args, out)
    except VmdoctorError as err:
        sys.stderr.write(f"vmdoctor: {err}\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        sys.stderr.write("vmdoctor: interrupted\n")
        return 130
    except SystemExit as exit_:  # --help and --version print and exit 0
        return int(exit_.code or 0)
    except Exception as err:
        if os.environ.get("VMDOCTOR_DEBUG"):
            raise
        sys.stderr.write(
            f"vmdoctor: internal error: {type(err).__name__}: {' '.join(str(err).split())[:300]}\n"
        )
        return EXIT_INTERNAL


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
