"""``python -m hackkit.playbooks check [DIR ...]`` and ``... export [DIR ...] -o FILE``."""

import sys

from hackkit.playbooks.commands import main

sys.exit(main(sys.argv[1:]))
