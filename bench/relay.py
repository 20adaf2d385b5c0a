#!/usr/bin/env python3
"""A TCP relay that delays every byte by DELAY_MS in each direction, to give lab hosts a network's round-trip time
(2 x DELAY_MS) where the kernel has no netem (LAB.md). Order is kept: each chunk leaves DELAY_MS after it arrived.

usage: relay.py LISTEN_ADDRESS PORT_FILE TARGET_HOST TARGET_PORT DELAY_MS
It listens on a free port of LISTEN_ADDRESS and writes that port number to PORT_FILE once it accepts connections."""
import asyncio
import os
import sys


async def pump(reader, writer, delay):
    loop = asyncio.get_running_loop()
    queue = asyncio.Queue()

    async def send():
        while True:
            due, data = await queue.get()
            wait = due - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            if not data:
                if writer.can_write_eof():
                    writer.write_eof()
                return
            writer.write(data)
            await writer.drain()

    sender = asyncio.create_task(send())
    try:
        while True:
            data = await reader.read(65536)
            await queue.put((loop.time() + delay, data))
            if not data:
                break
        await sender
    except (ConnectionError, OSError):
        sender.cancel()


async def main():
    listen, port_file, target, target_port, delay_ms = sys.argv[1:6]
    delay = int(delay_ms) / 1000.0

    async def handle(client_reader, client_writer):
        try:
            server_reader, server_writer = await asyncio.open_connection(target, int(target_port))
        except OSError:
            client_writer.close()
            return
        await asyncio.gather(pump(client_reader, server_writer, delay), pump(server_reader, client_writer, delay))
        for w in (client_writer, server_writer):
            w.close()

    server = await asyncio.start_server(handle, listen, 0)
    port = server.sockets[0].getsockname()[1]
    tmp = port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(port))
    os.replace(tmp, port_file)
    async with server:
        await server.serve_forever()


asyncio.run(main())
