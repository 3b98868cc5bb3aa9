"""Adding the Flattr snippets while Pelican renders a page, instead of rewriting the file after.

Pelican's writer does ``template.render(localcontext)`` and writes the result. At
``generator_init`` each generator's Jinja environment gets a ``template_class`` that is a
subclass of its current one; its ``render`` passes the output through ``written.update_html``
when the context carries this build's ``flattr_site``. The page is then written once, with
everything in it, and ``content_written`` (the fallback) finds it marked as handled.

Only whole-page renders are affected: includes, macros and ``{% extends %}`` parents are
rendered through Jinja's internal functions, not ``Template.render``.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Template

from pelican_flattr.state import CONTEXT_KEY, SiteRun

_classes: dict[type, type] = {}


def _make_render(base: type[Template]) -> Any:
    def render(self: Template, *args: Any, **kwargs: Any) -> str:
        output: str = base.render(self, *args, **kwargs)
        if len(args) != 1 or kwargs or not isinstance(args[0], dict):
            return output
        context = args[0]
        run = context.get(CONTEXT_KEY)
        if not isinstance(run, SiteRun):
            return output
        from pelican_flattr.written import update_html

        new = update_html(run, output, context)
        name = context.get("output_file")
        if name:
            run.handled.add(name)
        return new

    return render


def flattr_template_class(base: type[Template]) -> type[Template]:
    """A subclass of ``base`` whose ``render`` adds the Flattr snippets."""
    if getattr(base, "_flattr_render", False):
        return base
    if base not in _classes:
        _classes[base] = type(
            f"Flattr{base.__name__}",
            (base,),
            {"__module__": __name__, "_flattr_render": True, "render": _make_render(base)},
        )
    return _classes[base]


def patch_environment(env: Any) -> None:
    env.template_class = flattr_template_class(env.template_class)
