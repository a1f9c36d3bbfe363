"""Runs notebooks through a Jupyter kernel with nbclient, as `jupyter nbconvert --execute` does, and writes the
executed notebooks.

usage: nbclient_run.py KERNEL_NAME CWD CELL_TIMEOUT_S PARALLEL IN1 OUT1 [IN2 OUT2 ...]

Each notebook gets a kernel of its own (a fresh session, started in CWD as Jupyter starts it beside the notebook), up
to PARALLEL kernels at once. nbclient applies update_display_data to the outputs it names, so a live display is saved
in its final state. Every output notebook is written, also when a cell fails (up to that cell). One JSON line per
notebook on stdout: {"index": I, "seconds": S, "error": null or what nbclient raised}. Kernelspecs are found through
JUPYTER_PATH, as for any Jupyter client. Exit status 0 when every notebook ran, else 1.
"""
import asyncio
import json
import sys
import time

import nbformat
from nbclient import NotebookClient


async def run(index, kernel_name, cwd, timeout, source, target, gate):
    async with gate:
        notebook = nbformat.read(source, as_version=4)
        client = NotebookClient(notebook, kernel_name=kernel_name, timeout=timeout, startup_timeout=120,
                                resources={"metadata": {"path": cwd}})
        started = time.monotonic()
        failure = None
        try:
            await client.async_execute()
        except Exception as error:  # CellExecutionError, DeadKernelError, a cell timeout: report it, keep what ran
            failure = f"{type(error).__name__}: {error}"
        finally:
            nbformat.write(notebook, target)
        print(json.dumps({"index": index, "seconds": round(time.monotonic() - started, 1), "error": failure}), flush=True)
        return failure is None


async def main():
    kernel_name, cwd, timeout, parallel = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    paths = sys.argv[5:]
    gate = asyncio.Semaphore(parallel)
    runs = [run(i, kernel_name, cwd, timeout, paths[2 * i], paths[2 * i + 1], gate) for i in range(len(paths) // 2)]
    return all(await asyncio.gather(*runs))


sys.exit(0 if asyncio.run(main()) else 1)
