"""``python -m hackkit`` is the same as the ``hackkit`` command."""

from hackkit.entry import main

main()
