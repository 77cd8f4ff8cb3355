"""A probe consumer process that dies right after its handler's first commit.

``python crash_consumer.py PREFIX rabbit|embedded`` joins the test tenant PREFIX,
prints ``ready`` once it consumes, and exits with code 17 (``os._exit``: no ack,
no cleanup) as soon as a handler's transaction has committed.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

# Run as a script: the probe module sits next to this file.
sys.path.insert(0, str(Path(__file__).parent))

from probe import Behaviour, probe_spec

from sessionhub.common.runtime import Runtime
from sessionhub.testing.plugin import isolated_settings

EXIT_CODE = 17


async def main(prefix: str, bus_kind: str) -> None:
    Behaviour.exit_after_commit = EXIT_CODE
    settings = isolated_settings(prefix, rabbit=bus_kind == "rabbit")
    runtime = Runtime(settings, [probe_spec(concurrency=1)], relays=False)
    await runtime.start()
    print("ready", flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        await runtime.stop()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
