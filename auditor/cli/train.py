"""``auditor train``: train the indicator classifiers; with --eval, grouped out-of-fold figures first."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from auditor.nlp.classifier import MODEL_NAME

_NAMES = {
    "measurable": "可衡量 measurable",
    "slogan": "口号/任务 slogan",
    "bare_object": "光秃名称 bare object",
}


def _table(title: str, report: dict[str, Any], labels: list[str]) -> None:
    typer.echo(f"\n{title}")
    typer.echo(f"  {'类别 class':<22}{'precision':>10}{'recall':>8}{'f1':>7}{'support':>9}")
    for label in labels:
        row = report[label]
        typer.echo(
            f"  {_NAMES.get(label, label):<22}{row['precision']:>10.3f}{row['recall']:>8.3f}"
            f"{row['f1-score']:>7.3f}{int(row['support']):>9d}"
        )
    typer.echo(
        f"  macro-F1 = {report['macro avg']['f1-score']:.3f}   accuracy = {report.get('accuracy', 0.0):.3f}"
    )


def print_figures(report: dict[str, Any], title: str) -> None:
    """The acceptance figures of one :func:`auditor.nlp.training.summarize` report."""
    s, m = report["slogans"], report["misfiled"]
    typer.echo(f"\n{title}  ({report['n']} rows, {report['forms']} forms)")
    typer.echo(
        f"  口号/任务名称 slogans (IND002+NLP007): recall {s['recall']:.3f} ({s['found']}/{s['positives']})  "
        f"precision {s['precision']:.3f} ({s['flagged'] - s['false_alarms']}/{s['flagged']} flags on vague names; "
        f"{s['precision_strict']:.3f} on slogans only)  bare-object recall {s['bare_recall']:.3f}"
    )
    n7 = report["slogans_NLP007"]
    typer.echo(
        f"    of which NLP007 alone: recall {n7['recall']:.3f}  precision {n7['precision']:.3f}  flags {n7['flagged']}"
    )
    typer.echo(
        f"  填错位置 misfiled (IND004+NLP006): recall {m['recall']:.3f} ({m['found']}/{m['positives']})  "
        f"precision {m['precision']:.3f} ({m['flagged'] - m['false_alarms']}/{m['flagged']})"
    )
    n6 = report["misfiled_NLP006"]
    typer.echo(
        f"    of which NLP006 alone: recall {n6['recall']:.3f}  precision {n6['precision']:.3f}  "
        f"right heading proposed {n6['right_heading']:.3f}"
    )


@contextmanager
def _progress(total: int) -> Iterator[Callable[[str], None]]:
    """A rich progress bar on a terminal; plain lines otherwise (logs, CI)."""
    from rich.console import Console

    console = Console(stderr=True)
    if not console.is_terminal:
        yield lambda step: typer.echo(f"  … {step}", err=True)
        return
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(), console=console) as bar:
        task = bar.add_task("训练 training", total=total)
        yield lambda step: bar.update(task, advance=1, description=f"训练 training: {step}")


def train_command(
    evaluate: Annotated[
        bool,
        typer.Option("--eval", help="先在标注集上做按表单分组的交叉验证 / grouped out-of-fold figures first"),
    ] = False,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="模型文件 / model file to write (.npz)")
    ] = Path(MODEL_NAME),
    folds: Annotated[int, typer.Option("--folds", min=2, max=20, help="交叉验证折数 / CV folds")] = 5,
    group: Annotated[
        str,
        typer.Option("--group", help="分组：form 按表单，family 按相似表单族 / fold grouping: form | family"),
    ] = "form",
    noise: Annotated[
        float,
        typer.Option(
            "--noise-threshold",
            min=0.0,
            max=1.0,
            help="样本行的归类概率低于此值视为填错、不参与训练（0 关闭）/ drop likely-misfiled sample rows",
        ),
    ] = 0.2,
    labels: Annotated[
        Path | None,
        typer.Option("--labels", help="标注集 / labelled rows (默认 tests/data/labels/indicators.csv)"),
    ] = None,
    regions: Annotated[
        Path | None,
        typer.Option("--regions", help="其他地区表单 / regions forms CSV (默认 tests/data/regions)"),
    ] = None,
) -> None:
    """训练指标归类与名称模型 / Train the indicator classifiers (libraries, sample, regions, labels).

    The model is written to ``-o`` (default: ./indicator_classifier-v2.npz), never into the package;
    use it with ``AUDITOR_MODEL=path auditor check …``.
    """
    import time

    from auditor.nlp import training

    if group not in ("form", "family"):
        typer.echo(f"error: --group 应为 form 或 family，而不是“{group}”", err=True)
        raise typer.Exit(2)
    for path in (labels, regions):
        if path is not None and not path.is_file():
            typer.echo(f"error: {path}: 文件不存在 / no such file", err=True)
            raise typer.Exit(2)
    started = time.perf_counter()
    try:
        data = training.training_data(labels, regions)
    except (OSError, ValueError, KeyError) as exc:
        typer.echo(f"error: 无法读取训练数据 / cannot read training data: {exc}", err=True)
        raise typer.Exit(2) from None
    counts = data.counts()
    typer.echo("训练数据 / training rows: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    if not data.labels:
        typer.echo("注意：未找到标注集，只用指标库和样本训练 / no labelled set found", err=True)
    meta: dict[str, Any] = {"rows": counts}
    with _progress(folds * int(evaluate and bool(data.labels)) + 1) as step:
        if evaluate and data.labels:
            outcomes = training.evaluate(
                data, folds=folds, grouping=group, noise_threshold=noise or None, progress=step
            )
        model = training.fit(data.heading, data.name, noise_threshold=noise or None)
        step("final model")
    if evaluate and data.labels:
        from auditor.nlp.classifier import NAME_CLASSES, classes

        report = training.summarize(outcomes)
        _table(
            "二级指标（标注集，应在的位置）/ heading classes on the labelled rows",
            report["headings"],
            classes(),
        )
        _table("名称类别 / name classes on the labelled rows", report["names"], list(NAME_CLASSES))
        print_figures(
            report,
            f"标注集，按{'表单' if group == 'form' else '表单族'}分组 / labelled set, grouped by {group}",
        )
        for source in ("sample", "regions"):
            print_figures(training.summarize(outcomes, source), f"  其中 / of which {source}")
        meta["eval"] = {
            k: {kk: round(vv, 4) for kk, vv in report[k].items() if isinstance(vv, float)}
            for k in ("slogans", "misfiled")
        }
    dropped = len(model.meta.get("dropped_as_noise", []))
    typer.echo(f"\n视为填错而未参与训练的样本行 / sample rows left out as misfiled: {dropped}")
    model.meta.update(meta)
    try:
        path = model.save(output)
    except OSError as exc:
        typer.echo(f"error: {output}: 无法写入模型 / cannot write the model: {exc}", err=True)
        raise typer.Exit(2) from None
    size = path.stat().st_size / 1024
    typer.echo(
        f"\n模型已写入 / model written: {path} ({size:.0f} KiB, {time.perf_counter() - started:.1f} s)"
    )
    typer.echo(f"使用 / use it: AUDITOR_MODEL={path} auditor check …")


def register(app: typer.Typer) -> None:
    app.command("train")(train_command)
