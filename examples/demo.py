"""`make demo`: what the suite can show so far (grows as the sandbox and the plugins land)."""

import flattr_core

print(f"flattr-suite {flattr_core.__version__} is installed in .venv")
