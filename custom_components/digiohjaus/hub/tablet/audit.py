"""The *Tietoni* list: who received the client's data and when, read from the audit log.

Rendered by Home Assistant's template engine from the audit sensor's ``recent`` entries,
so it is always up to date. It says nothing was shared only when the log is readable and
empty; when the sensor cannot be read it says so and sends the client to the worker.
"""

from __future__ import annotations

import json
from typing import Final

from ...core.audit import AuditOutcome
from ...core.consent import DataKind
from ...core.spoken import jinja_bare_clock, jinja_clock, jinja_day
from .texts import TabletTexts

_TEMPLATE: Final = """\
{%- set entity = @SENSOR@ %}
{%- set kinds = @KINDS@ %}
{%- set outcomes = @OUTCOMES@ %}
{%- set recent = state_attr(entity, 'recent') %}
{%- set lines = namespace(items=[]) %}
{%- for entry in recent or [] %}
  {%- set at = entry.at | as_datetime | as_local %}
  {%- set named = namespace(kinds=[]) %}
  {%- for kind in entry.kinds %}
    {%- set named.kinds = named.kinds + [kinds.get(kind, kind)] %}
  {%- endfor %}
  {%- set what = ' (' ~ named.kinds | join(', ') ~ ')' if named.kinds else '' %}
  {%- set count = entry.count | default(1) %}
  {%- set first = (entry.first_at or entry.at) | as_datetime | as_local %}
  {%- set day = @DAY_AT@ %}
  {%- if count > 1 and first.date() != at.date() %}
    {%- set when = @DAY_FIRST@ ~ ' ' ~ @CLOCK_FIRST@ ~ ' – ' ~ day ~ ' ' ~ @CLOCK_AT@ %}
  {%- elif count > 1 %}
    {%- set when = day ~ ' ' ~ @CLOCK_FIRST@ ~ '–' ~ @BARE_AT@ %}
  {%- else %}
    {%- set when = day ~ ' ' ~ @CLOCK_AT@ %}
  {%- endif %}
  {%- set times = ' ' ~ @TIMES@.replace('{count}', count | string) if count > 1 else '' %}
  {%- set lines.items = lines.items + ['- **' ~ when ~ ' · ' ~ entry.contact ~ ':** '
     ~ outcomes.get(entry.outcome, entry.outcome) ~ times ~ what] %}
{%- endfor %}
{%- if lines.items %}
{{ lines.items | join('\\n') }}
{%- elif recent is sequence and recent is not string and states(entity) != 'unavailable' %}
{{ @NONE@ }}
{%- else %}
{{ @UNKNOWN@ }}
{%- endif %}

{{ @FOOTER@ }}"""


def audit_markdown(sensor: str, texts: TabletTexts) -> str:
    """The markdown template of the audit list, reading ``sensor``, in the hub's language."""
    lang = texts.language
    values = {
        "SENSOR": json.dumps(sensor),
        "KINDS": json.dumps(
            {k.value: texts.common(f"tablet_kind_{k.value}") for k in DataKind}, ensure_ascii=False
        ),
        "OUTCOMES": json.dumps(
            {o.value: texts.common(f"tablet_outcome_{o.value}") for o in AuditOutcome},
            ensure_ascii=False,
        ),
        "DAY_AT": jinja_day("at", lang),
        "DAY_FIRST": jinja_day("first", lang),
        "CLOCK_FIRST": jinja_clock("first", lang),
        "CLOCK_AT": jinja_clock("at", lang),
        "BARE_AT": jinja_bare_clock("at", lang),
        "TIMES": json.dumps(texts.get("common.tablet_data_times"), ensure_ascii=False),
        "NONE": json.dumps(texts.common("tablet_data_none"), ensure_ascii=False),
        "UNKNOWN": json.dumps(texts.common("tablet_data_unknown"), ensure_ascii=False),
        "FOOTER": json.dumps(texts.common("tablet_data_footer"), ensure_ascii=False),
    }
    template = _TEMPLATE
    for key, value in values.items():
        template = template.replace(f"@{key}@", value)
    return template
