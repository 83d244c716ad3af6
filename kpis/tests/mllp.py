"""A real HL7 v2 listener over MLLP for the tests, built on the ``hl7`` package's asyncio server:
it acknowledges each message the way it is told (``mode``), so each answer an interface engine
gives, and each way it fails, can be proven against the probe.

- ``"AA"``, ``"AE"``, ``"AR"``: acknowledge with that code (``reason`` goes into MSA-3);
- ``"delay"``: acknowledge ``AA`` after ``delay_seconds``;
- ``"drop"``: close the connection without answering;
- ``"other_id"``: acknowledge ``AA`` with a control ID that is not the message's.

``stop()`` closes the listening socket (connections are then refused); ``start()`` opens it
again on the same port.
"""

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from core.testing.parallel import free_port

HOST = "127.0.0.1"


class MllpListener:
    def __init__(self) -> None:
        self.port = free_port()
        self.mode = "AA"
        self.reason = ""
        self.delay_seconds = 2.0
        self.received: list[Any] = []
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._server: asyncio.Server | None = None

    def _run(self, coroutine: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout=10)

    def start(self) -> None:
        from hl7.mllp import start_hl7_server

        if not self._thread.is_alive():
            self._thread.start()

        async def serve() -> asyncio.Server:
            return await start_hl7_server(self._answer, HOST, self.port, reuse_address=True)

        self._server = self._run(serve())

    def stop(self) -> None:
        if self._server is not None:
            server, self._server = self._server, None

            async def close() -> None:
                server.close()
                await server.wait_closed()

            self._run(close())

    def shutdown(self) -> None:
        self.stop()

        async def cancel_answers() -> None:  # an answer still waiting out its delay
            answers = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
            for task in answers:
                task.cancel()
            await asyncio.gather(*answers, return_exceptions=True)

        self._run(cancel_answers())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()

    async def _answer(self, reader: Any, writer: Any) -> None:
        try:
            message = await reader.readmessage()
            self.received.append(message)
            mode = self.mode
            if mode == "drop":
                return
            if mode == "delay":
                await asyncio.sleep(self.delay_seconds)
            code = mode if mode in ("AA", "AE", "AR") else "AA"
            ack = message.create_ack(ack_code=code, application="LISTENER")
            text = str(ack).rstrip("\r")  # the package ends the last segment with a CR
            if mode == "other_id":
                text = text.replace(f"|{message.segment('MSH')(10)}", "|SOMEONE-ELSES-ID", 1)
            if self.reason:
                text += f"|{self.reason}"  # MSA is the last segment: this is MSA-3
            writer.writeblock(f"{text}\r".encode())
            await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()


@contextmanager
def running_listener() -> Iterator[MllpListener]:
    listener = MllpListener()
    listener.start()
    try:
        yield listener
    finally:
        listener.shutdown()
