"""``python -m tests.bench [NAME ...] [--quick] [--markdown FILE]``: see run.py."""

import sys

from tests.bench.run import main

sys.exit(main())
