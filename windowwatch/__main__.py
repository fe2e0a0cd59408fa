import sys

from windowwatch.cli import main

sys.exit(main())
