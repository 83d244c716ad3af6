"""``python -m devtools.orthanc COMMAND DIRECTORY``: the demo Orthanc of `make run`."""

import sys

from devtools.orthanc.demo import main

sys.exit(main())
