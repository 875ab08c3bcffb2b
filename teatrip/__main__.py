"""`python -m teatrip`."""

from teatrip.cli import run

run()
