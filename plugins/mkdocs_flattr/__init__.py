"""mkdocs_flattr: Flattr buttons, payment links and synced things for MkDocs sites."""
