"""Allow ``python -m heritage``."""

from heritage.cli import main

main()
