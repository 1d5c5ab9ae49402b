"""Start the emulator from any test suite or script with `LiveEmulator` (no pytest needed).

`python examples/live_emulator.py` starts `csbs-emulator serve` on 127.0.0.1 and a free port
with a database in memory, reads the demo dataset, and stops it again.
"""

import httpx

from csbs_emulator.testing import LiveEmulator

with LiveEmulator(["--lifecycle", "manual"], db=":memory:") as emulator:  # any `serve` options
    demo = httpx.get(f"{emulator.base_url}/_emulator/demo").json()
    print(emulator.base_url, demo["project_id"], demo["destination_region"])
