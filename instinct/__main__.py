import sys

from instinct.cli import main

sys.exit(main())
