"""``python -m unspin.batch batch|stats|search|clusters|export ...``: the corpus commands standalone."""

import sys

from unspin.batch.cli import main

sys.exit(main())
