"""``python -m edition``: contributors' checks."""

import sys

from .cli import main

sys.exit(main())
