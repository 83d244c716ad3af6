"""``python -m devtools.listeners COMMAND DIRECTORY``: the demo HL7, DICOMweb and FHIR services of `make run`."""

import sys

from devtools.listeners.demo import main

sys.exit(main())
