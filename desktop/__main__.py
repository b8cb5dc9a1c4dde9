"""``python -m desktop``: the same front door as the ``frontdesk`` command."""

import sys

from desktop.cli import main

sys.exit(main())
