"""`python -m csbs_emulator` is the `csbs-emulator` command."""

from .cli import main

raise SystemExit(main())
