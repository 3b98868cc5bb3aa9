"""mkdocs_flattr: Flattr buttons, payment links and synced things for MkDocs sites."""

# MkDocs loads the plugin through its entry point, so MkDocs is always there then; this is for
# someone who imports the package directly (or installed flattr-suite without the extra).
try:
    import mkdocs  # noqa: F401
except ImportError as exc:
    if exc.name != "mkdocs":
        raise
    raise ImportError(
        "mkdocs_flattr needs MkDocs 1.6 (1.6 or later, before 2), and MkDocs is not installed "
        "here: pip install 'flattr-suite[mkdocs]'",
        name=exc.name,
    ) from None
