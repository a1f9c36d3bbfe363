"""Runs notebooks through a Jupyter kernel with nbclient, as `jupyter nbconvert --execute` does, and writes the
executed notebooks.

usage: nbclient_run.py KERNEL_NAME CWD CELL_TIMEOUT_S PARALLEL IN1 OUT1 [IN2 OUT2 ...]

Each notebook gets a kernel of its own (a fresh session, started in CWD as Jupyter starts it beside the notebook), up
to PARALLEL kernels at once. nbclient applies update_display_data to the outputs it names, so a live display is saved
in its final state. Every output notebook is written, also when a cell fails (up to that cell). One JSON line per
notebook on stdout: {"index": I, "seconds": S, "error": null or what nbclient raised, "retried": null or why the
kernel was started again}; a kernel that dies before its first cell is started once more (a port another process
took). Kernelspecs are found through JUPYTER_PATH, as for any Jupyter client. Exit status 0 when every notebook ran.
"""
import asyncio
import json
import sys
import time

import nbformat
from nbclient import NotebookClient


async def run(index, kernel_name, cwd, timeout, source, target, gate):
    async with gate:
        started = time.monotonic()
        retried = None
        for attempt in (1, 2):
            notebook = nbformat.read(source, as_version=4)
            client = NotebookClient(notebook, kernel_name=kernel_name, timeout=timeout, startup_timeout=120,
                                    resources={"metadata": {"path": cwd}})
            failure = None
            try:
                await client.async_execute()
            except Exception as error:  # CellExecutionError, DeadKernelError, a cell timeout: report it, keep what ran
                failure = f"{type(error).__name__}: {error}"
            nbformat.write(notebook, target)
            ran = any(cell.get("execution_count") for cell in notebook.cells if cell.cell_type == "code")
            # A kernel that died before running anything lost a port race: jupyter_client picks free ports, and on a
            # shared machine another process can take one before the kernel binds it. Start it once more.
            if failure and "Kernel died" in failure and not ran and attempt == 1:
                retried = failure.splitlines()[0]
                print(f"{source}: the kernel died before its first cell ({retried}); starting it again", file=sys.stderr)
                continue
            break
        print(json.dumps({"index": index, "seconds": round(time.monotonic() - started, 1), "error": failure,
                          "retried": retried}), flush=True)
        return failure is None


async def main():
    kernel_name, cwd, timeout, parallel = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    paths = sys.argv[5:]
    gate = asyncio.Semaphore(parallel)
    runs = [run(i, kernel_name, cwd, timeout, paths[2 * i], paths[2 * i + 1], gate) for i in range(len(paths) // 2)]
    return all(await asyncio.gather(*runs))


sys.exit(0 if asyncio.run(main()) else 1)
