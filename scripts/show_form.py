"""Print parsed forms compactly, for checking a parse against the source by eye.

usage: python scripts/show_form.py FILE [NAME-SUBSTRING | #ORDINAL ...]
"""

from __future__ import annotations

import sys

import auditor


def show(form) -> None:
    f = form
    print(f"== {f.form_id} [{f.kind}] {f.project_name}  lines {f.source.line_start}-{f.source.line_end}")
    print(f"   dept={f.department} code={f.department_code} impl={f.implementing_unit} "
          f"attr={f.attribute} period={f.period}")
    print(f"   funds period={f.funds.period_total} {f.funds.period_sources}")
    print(f"         annual={f.funds.annual_total} {f.funds.annual_sources}")
    for item in f.funds.breakdown:
        print(f"         {item}")
    for k, v in f.texts.to_dict().items():
        print(f"   {k}: {v[:70]}")
    print(f"   goal.period: {f.goals.period[:80]}")
    print(f"   goal.annual: {f.goals.annual[:80]}")
    for i in f.indicators:
        extra = f" (annual row {i.annual_line})" if i.annual_line else ""
        extra += f" (annual name {i.annual_level3})" if i.annual_level3 else ""
        print(f"   {i.line:5d} {i.level1} / {i.level2} / {i.level3} | {i.period_value} | {i.annual_value}{extra}")
    for w in f.warnings:
        print(f"   ! {w}")


def main() -> None:
    doc = auditor.load(sys.argv[1]) if len(sys.argv) > 1 else None
    keys = sys.argv[2:]
    for form in doc.forms:
        if not keys or any(
            (k.startswith("#") and form.form_id.endswith(k)) or (not k.startswith("#") and k in form.project_name)
            for k in keys
        ):
            show(form)


if __name__ == "__main__":
    main()
