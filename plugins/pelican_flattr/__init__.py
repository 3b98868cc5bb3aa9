"""pelican_flattr: Flattr buttons, payment links and synced things for Pelican sites."""
