"""``python -m unspin`` runs the command line."""

import sys

from unspin.cli import main

sys.exit(main())
