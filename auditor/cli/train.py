"""``auditor train``: train the indicator heading classifier and (with --eval) report grouped CV figures."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def _print_report(report: dict) -> None:
    from auditor.nlp.classifier import classes

    names = {
        "seed": "样本文件指标（按表单分组交叉验证）/ seed rows, CV grouped by form",
        "seed_unseen_names": "其中指标名称未在训练折中出现 / seed rows whose name is unseen in training folds",
        "library": "指标库 / hand-written library rows",
        "all": "全部 / all rows",
    }
    for subset, rep in report.items():
        typer.echo(f"\n{names.get(subset, subset)}  n={rep['n']}")
        typer.echo(f"  {'类别 class':<10}{'precision':>10}{'recall':>8}{'f1':>7}{'support':>9}")
        for label in classes():
            row = rep[label]
            typer.echo(
                f"  {label:<10}{row['precision']:>10.3f}{row['recall']:>8.3f}{row['f1-score']:>7.3f}"
                f"{int(row['support']):>9d}"
            )
        typer.echo(f"  macro-F1 = {rep['macro avg']['f1-score']:.3f}   accuracy = {rep.get('accuracy', 0.0):.3f}")


def train_command(
    evaluate: Annotated[
        bool, typer.Option("--eval", help="先做按表单分组的交叉验证并打印各类指标 / grouped CV report first")
    ] = False,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="模型文件（默认随包发布的位置）/ model file")
    ] = None,
    folds: Annotated[int, typer.Option("--folds", min=2, max=20, help="交叉验证折数 / CV folds")] = 5,
    noise: Annotated[
        float,
        typer.Option(
            "--noise-threshold",
            min=0.0,
            max=1.0,
            help="样本行的归类概率低于此值视为填错、不参与训练（0 关闭）/ drop likely-misfiled seed rows",
        ),
    ] = 0.1,
) -> None:
    """训练指标归类模型 / Train the indicator heading classifier (library + bundled sample)."""
    import time

    from auditor.nlp import classifier

    started = time.perf_counter()
    try:
        examples = classifier.training_examples()
        vague = classifier.vague_names()
    except (OSError, ValueError) as exc:
        typer.echo(f"error: 无法读取训练数据 / cannot read training data: {exc}", err=True)
        raise typer.Exit(2) from None
    n_lib = sum(1 for e in examples if e.source == "library")
    typer.echo(
        f"训练数据 / training rows: {len(examples)} (指标库 library {n_lib}, 样本 seed {len(examples) - n_lib}), "
        f"不可衡量名称 / vague names {len(vague)}"
    )
    meta: dict = {"rows": len(examples), "library_rows": n_lib, "vague_names": len(vague)}
    if evaluate:
        report = classifier.cross_validate(examples, vague, folds=folds, noise_threshold=noise or None)
        _print_report(report)
        meta["cv"] = {k: round(v["macro avg"]["f1-score"], 4) for k, v in report.items()}
    data = classifier.fit(examples, vague, noise_threshold=noise or None)
    meta["dropped_as_noise"] = len(data["dropped_as_noise"])
    typer.echo(f"\n视为填错而未参与训练的样本行 / seed rows left out as misfiled: {meta['dropped_as_noise']}")
    data["meta"] = meta
    path = classifier.save_model(data, output)
    size = path.stat().st_size / 1024
    typer.echo(f"\n模型已写入 / model written: {path} ({size:.0f} KiB, {time.perf_counter() - started:.1f} s)")


def register(app: typer.Typer) -> None:
    app.command("train")(train_command)
