"""Drives GanLab's C# Jupyter kernel with a real client (Debian's python3-jupyter-client), as a front end does.

Run by KernelProtocolTests.cs: `python3 kernel_checks.py SCENARIO`, with JUPYTER_PATH pointing at a folder where
`ganlab kernel install --prefix` wrote the kernelspec and GANLAB_DLL naming the built GanLab.dll. Each scenario
starts its own kernel, prints what it checked, and exits non-zero at the first failed check (an AssertionError
saying what was expected and what came).
"""
import json
import os
import sys
import tempfile
import time

from jupyter_client.manager import KernelManager
from jupyter_client.session import Session

KERNEL = "ganlab-csharp"


class Kernel:
    """One kernel and its client; the kernel's stderr goes to a file we can read (its log)."""

    def __init__(self, cwd=None):
        self.cwd = cwd or tempfile.mkdtemp(prefix="ganlab-kernel-")
        self.log_path = os.path.join(self.cwd, "kernel-stderr.log")
        self.log_file = open(self.log_path, "w")
        self.km = KernelManager(kernel_name=KERNEL)
        started = time.monotonic()
        self.km.start_kernel(cwd=self.cwd, stderr=self.log_file)
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=60)
        self.ready_s = time.monotonic() - started

    def log(self):
        self.log_file.flush()
        with open(self.log_path) as f:
            return f.read()

    def request(self, msg_type, content, channel="shell", timeout=60):
        """Sends a request; returns (reply, iopub messages of that request up to its idle)."""
        msg = self.kc.session.msg(msg_type, content)
        getattr(self.kc, channel + "_channel").send(msg)
        return self.collect(msg["header"]["msg_id"], channel, timeout)

    def collect(self, msg_id, channel="shell", timeout=60):
        io = self.iopub(msg_id, timeout)  # first, so each message's arrival time is when it came
        return self.reply(msg_id, channel, timeout), io

    def reply(self, msg_id, channel="shell", timeout=60):
        get = self.kc.get_shell_msg if channel == "shell" else self.kc.get_control_msg
        deadline = time.monotonic() + timeout
        while True:
            msg = get(timeout=max(0.01, deadline - time.monotonic()))
            if msg["parent_header"].get("msg_id") == msg_id:
                return msg

    def iopub(self, msg_id, timeout=60):
        """The IOPub messages of one request, from its busy to its idle (each with an arrival time)."""
        out = []
        deadline = time.monotonic() + timeout
        while True:
            msg = self.kc.get_iopub_msg(timeout=max(0.01, deadline - time.monotonic()))
            msg["received"] = time.monotonic()
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            out.append(msg)
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                return out

    def execute(self, code, timeout=120, **options):
        return self.collect(self.kc.execute(code, **options), "shell", timeout)

    def close(self):
        try:
            self.kc.stop_channels()
            self.km.shutdown_kernel(now=False)
        finally:
            self.log_file.close()


def check(condition, what, *context):
    if not condition:
        raise AssertionError(what + "".join("\n  " + json.dumps(c, default=str)[:2000] for c in context))
    print("ok:", what)


def outputs(messages, msg_type):
    return [m["content"] for m in messages if m["msg_type"] == msg_type]


def busy_idle(messages, what):
    states = [m["content"]["execution_state"] for m in messages if m["msg_type"] == "status"]
    check(messages[0]["msg_type"] == "status" and states[0] == "busy" and states[-1] == "idle",
          f"IOPub status busy then idle around {what}", [m["msg_type"] for m in messages])


def stream_text(messages, name="stdout"):
    return "".join(c["text"] for c in outputs(messages, "stream") if c["name"] == name)


def setup_cell():
    """The course's setup cell, with GanLab.dll by absolute path (the test's kernel runs in a temp folder)."""
    return "\n".join([
        '#r "nuget: SkiaSharp, 3.119.4"',
        '#r "nuget: SkiaSharp.NativeAssets.Linux.NoDependencies, 3.119.4"',
        '#r "nuget: TorchSharp, 0.107.0"',
        '#r "nuget: libtorch-cpu-linux-x64, 2.10.0"',
        '#r "nuget: Plotly.NET, 6.0.0"',
        f'#r "{os.environ["GANLAB_DLL"]}"',
        "using GanLab.Runtime;", "using GanLab.Models;", "using GanLab.Training;",
        "using TorchSharp;", "using static TorchSharp.torch;",
        "var rt = TorchRuntime.Init(seed: 42, threads: 1);",
    ])


# ---------------------------------------------------------------- scenarios

def protocol():
    k = Kernel()
    try:
        print(f"ready in {k.ready_s:.2f} s")
        reply, io = k.request("kernel_info_request", {})
        info = reply["content"]
        check(info["status"] == "ok" and tuple(map(int, info["protocol_version"].split(".")[:2])) >= (5, 3),
              "kernel_info: status ok, protocol 5.3 or later", info)
        lang = info["language_info"]
        check((lang["name"], lang["mimetype"], lang["file_extension"], lang["pygments_lexer"], lang["codemirror_mode"])
              == ("C#", "text/x-csharp", ".cs", "csharp", "text/x-csharp") and lang["version"],
              "kernel_info: language_info C#, text/x-csharp, .cs, csharp, text/x-csharp, a version", lang)
        busy_idle(io, "kernel_info")
        reply, io = k.request("kernel_info_request", {}, channel="control")
        check(reply["content"]["language_info"]["name"] == "C#", "kernel_info on the control channel", reply["content"])

        reply, io = k.execute("1 + 1")
        check(reply["content"]["status"] == "ok" and reply["content"]["execution_count"] == 1, "execute: reply ok, execution_count 1", reply["content"])
        check(outputs(io, "execute_input") == [{"code": "1 + 1", "execution_count": 1}], "execute_input echoes the code and count", outputs(io, "execute_input"))
        result = outputs(io, "execute_result")
        check(len(result) == 1 and result[0]["data"]["text/plain"] == "2" and result[0]["execution_count"] == 1, "execute_result 2 with count 1", result)
        busy_idle(io, "execute")

        reply, io = k.execute('var hidden = 21; Console.WriteLine("quiet"); hidden', silent=True)
        check(reply["content"]["status"] == "ok" and reply["content"]["execution_count"] == 1, "silent: reply ok, count unchanged", reply["content"])
        check([m["msg_type"] for m in io] == ["status", "status"], "silent: nothing on IOPub but busy and idle", [m["msg_type"] for m in io])
        reply, io = k.execute("hidden", store_history=False)
        check(reply["content"]["execution_count"] == 1 and outputs(io, "execute_result")[0]["data"]["text/plain"] == "21",
              "store_history false: count unchanged, state from the silent cell kept", reply["content"], outputs(io, "execute_result"))
        reply, io = k.execute("hidden * 2")
        check(reply["content"]["execution_count"] == 2, "the next stored execution counts 2", reply["content"])

        reply, io = k.execute('for (int i = 0; i < 3; i++) { Console.WriteLine($"line {i}"); System.Threading.Thread.Sleep(500); }\nConsole.Error.WriteLine("done");')
        streams = [m for m in io if m["msg_type"] == "stream"]
        idle = io[-1]["received"]
        check(stream_text(io) == "line 0\nline 1\nline 2\n", "stdout arrives exactly, no blank lines between lines", stream_text(io))
        check(streams[0]["received"] < idle - 0.7, "stdout is streamed while the cell runs",
              {"first stream before idle (s)": idle - streams[0]["received"]})
        check(stream_text(io, "stderr") == "done\n", "stderr is its own stream", stream_text(io, "stderr"))

        reply, io = k.execute('var handle = display("first");\nhandle.Update("second");')
        shown = outputs(io, "display_data")
        updated = outputs(io, "update_display_data")
        check(len(shown) == 1 and shown[0]["data"]["text/plain"] == "first" and shown[0]["transient"]["display_id"], "display_data carries a display_id", shown)
        display_id = shown[0]["transient"]["display_id"]
        check(len(updated) == 1 and updated[0]["transient"]["display_id"] == display_id and updated[0]["data"]["text/plain"] == "second",
              "Update sends update_display_data with the same display_id", updated)
        reply, io = k.execute('handle.Update("third");')
        updated = outputs(io, "update_display_data")
        check(len(updated) == 1 and updated[0]["transient"]["display_id"] == display_id and updated[0]["data"]["text/plain"] == "third",
              "an Update from a later cell lands on the earlier display_id", updated)

        reply, io = k.execute('var a = 1;\nvar b = 2;\nthrow new InvalidOperationException("boom");')
        errors = outputs(io, "error")
        check(reply["content"]["status"] == "error" and reply["content"]["ename"] == "System.InvalidOperationException"
              and reply["content"]["evalue"] == "boom", "a runtime error: reply status error, ename = the exception type, evalue = its message", reply["content"])
        trace = "\n".join(errors[0]["traceback"])
        check(len(errors) == 1 and "line 3" in trace and 'throw new InvalidOperationException("boom");' in trace,
              "the error's traceback names the cell's line 3 and quotes it", errors)
        count = reply["content"]["execution_count"]
        check(f"cell [{count}]" in trace, "the traceback names the cell by its execution count", trace)

        reply, io = k.execute("var z = notDefined + 1;")
        check(reply["content"]["status"] == "error" and "CS0103" in reply["content"]["evalue"] and "line 1" in reply["content"]["evalue"],
              "a compile error names CS0103 and line 1", reply["content"])

        reply, io = k.execute("\n".join([
            "class TypeFormatterSourceAttribute : Attribute { public TypeFormatterSourceAttribute(Type t) => FormatterSourceType = t; public Type FormatterSourceType { get; } }",
            'class Broken { public string MimeType => "text/html"; public bool Format(object o, System.IO.TextWriter w) => throw new InvalidOperationException("formatter bug"); }',
            "class BrokenSource { public IEnumerable<object> CreateTypeFormatters() => new object[] { new Broken() }; }",
            '[TypeFormatterSource(typeof(BrokenSource))] class Widget { public override string ToString() => "a widget"; }',
            "new Widget()"]))
        result = outputs(io, "execute_result")
        check(reply["content"]["status"] == "ok" and "a widget" in result[0]["data"]["text/plain"]
              and "threw InvalidOperationException: formatter bug" in result[0]["data"]["text/html"],
              "a formatter that throws: the value shows as text, with what went wrong, and the cell succeeds", reply["content"], result)

        reply, _ = k.request("is_complete_request", {"code": "for (int i = 0; i < 3; i++) {"})
        check(reply["content"]["status"] == "incomplete", "is_complete: an open brace is incomplete", reply["content"])
        reply, _ = k.request("is_complete_request", {"code": "var x = 1;"})
        check(reply["content"]["status"] == "complete", "is_complete: a statement is complete", reply["content"])

        reply, io = k.request("comm_info_request", {})
        check(reply["content"] == {"status": "ok", "comms": {}}, "comm_info: no comms", reply["content"])
        busy_idle(io, "comm_info")
        reply, _ = k.request("history_request", {"hist_access_type": "tail", "n": 10, "output": False, "raw": True})
        check(reply["content"]["status"] == "ok" and reply["content"]["history"] == [], "history: empty", reply["content"])

        reply, io = k.request("no_such_request", {})
        check(reply["header"]["msg_type"] == "no_such_reply" and reply["content"]["status"] == "error", "an unknown request is answered with an error", reply["content"])
        busy_idle(io, "an unknown request")
        reply, _ = k.execute("hidden + 1")
        check(reply["content"]["status"] == "ok", "the kernel keeps running after an unknown message type")

        time.sleep(1.5)
        check(k.kc.hb_channel.is_beating(), "heartbeat: the kernel echoes pings")
    finally:
        k.close()


def signature():
    k = Kernel()
    try:
        marker = os.path.join(k.cwd, "executed.txt")
        bad = Session(key=b"not-the-key", username="intruder")
        msg = bad.msg("execute_request", {"code": f'System.IO.File.WriteAllText(@"{marker}", "ran");', "silent": False,
                                          "store_history": True, "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
        bad.send(k.kc.shell_channel.socket, msg)
        try:
            got = k.reply(msg["header"]["msg_id"], "shell", timeout=3)
        except Exception:
            got = None
        check(got is None, "a message with a bad signature gets no reply", got)
        check(not os.path.exists(marker), "a message with a bad signature is never executed")
        check("signature does not match" in k.log(), "the kernel logs the dropped message on stderr", k.log())

        session = k.kc.session
        parts = [b'{"msg_id": "x", "msg_type": "execute_request"', b"{}", b"{}", b"not json"]
        k.kc.shell_channel.socket.send_multipart([b"<IDS|MSG>", session.sign(parts)] + parts)
        k.kc.shell_channel.socket.send_multipart([b"only", b"two frames"])
        time.sleep(1)
        check("malformed" in k.log(), "malformed messages are logged and dropped", k.log())
        reply, io = k.execute("6 * 7")
        check(reply["content"]["status"] == "ok" and outputs(io, "execute_result")[0]["data"]["text/plain"] == "42",
              "the kernel keeps running after bad messages", reply["content"])
    finally:
        k.close()


def interrupt():
    k = Kernel()
    try:
        reply, io = k.execute(setup_cell(), timeout=300)
        check(reply["content"]["status"] == "ok", "the course's setup cell runs", reply["content"], outputs(io, "error"))

        code = "\n".join([
            "var g = new DcganGenerator(16, latent: 16, width: 8);",
            "var d = new DcganDiscriminator(16, width: 8);",
            "var trainer = GanTrainer.Create(g, d);",
            "var batch = rand(16, 3, 16, 16) * 2 - 1;",
            'trainer.StepCompleted += s => { if (s.Step % 5 == 0) Console.WriteLine($"step {s.Step}"); };',
            "trainer.Fit(new[] { batch }, steps: 1_000_000);",
        ])
        msg_id = k.kc.execute(code)
        deadline = time.monotonic() + 240
        seen = []
        while not any("step" in c["text"] for c in seen):
            msg = k.kc.get_iopub_msg(timeout=max(0.01, deadline - time.monotonic()))
            if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "stream":
                seen.append(msg["content"])
        asked = time.monotonic()
        k.km.interrupt_kernel()
        reply = k.reply(msg_id, "shell", timeout=30)
        took = time.monotonic() - asked
        k.iopub(msg_id)
        check(took < 2, f"interrupt during GanTrainer.Fit: the cell stops within 2 s (took {took:.2f} s)")
        check(reply["content"]["status"] == "error" and reply["content"]["ename"] == "Interrupted", "the interrupted cell's reply is an Interrupted error", reply["content"])
        check(any("trainer.Fit" in line for line in reply["content"]["traceback"]), "the traceback quotes the line it stopped at", reply["content"]["traceback"])

        reply, io = k.execute("(trainer.Step > 0, trainer.Step == trainer.History.Count, trainer.Step)")
        text = outputs(io, "execute_result")[0]["data"]["text/plain"]
        check(text.startswith("(True, True, "), "the half-trained model keeps its step count (Step = steps recorded)", text)
        steps = int(text.strip("()").split(", ")[2])
        reply, io = k.execute("trainer.Fit(new[] { batch }, steps: 3);\ntrainer.Step")
        check(outputs(io, "execute_result")[0]["data"]["text/plain"] == str(steps + 3), "the next cell runs and training goes on from there", outputs(io, "execute_result"))

        for channel in ("control", "shell"):
            msg_id = k.kc.execute("System.Threading.Thread.Sleep(60_000);")
            time.sleep(1)
            asked = time.monotonic()
            if channel == "control":
                k.km.interrupt_kernel()
            else:  # as VS Code's Jupyter extension does
                k.kc.shell_channel.send(k.kc.session.msg("interrupt_request", {}))
            reply = k.reply(msg_id, "shell", timeout=30)
            took = time.monotonic() - asked
            k.iopub(msg_id)
            check(took < 2 and reply["content"]["ename"] == "Interrupted",
                  f"interrupt_request on {channel} stops a waiting cell within 2 s (took {took:.2f} s)", reply["content"])
        reply, io = k.execute("trainer.Step")
        check(reply["content"]["status"] == "ok", "the session goes on after interrupts")

        reply, io = k.execute("var huge = rand(2000, 3000);\ndisplay(huge);\nhuge")
        shown = outputs(io, "display_data") + outputs(io, "execute_result")
        sizes = [len(v) for o in shown for v in o["data"].values()]
        check(len(shown) == 2 and max(sizes) < 20_000 and all("[2000x3000]" in o["data"]["text/plain"] and "more lines not shown" in o["data"]["text/plain"] for o in shown),
              "a huge tensor displays as a short preview (its shape, first and last rows)", sizes, shown[0]["data"]["text/plain"][:400])
    finally:
        k.close()


def restart():
    k = Kernel()
    try:
        reply, _ = k.execute("var kept = 42;\nEnvironment.ProcessId")
        first_pid = k.km.provisioner.process.pid
        msg_id = k.kc.execute("while (true) { }")
        time.sleep(1)
        asked = time.monotonic()
        k.km.interrupt_kernel()
        reply = k.reply(msg_id, "shell", timeout=60)
        took = time.monotonic() - asked
        k.iopub(msg_id)
        check(reply["content"]["status"] == "error" and "Restart the kernel" in reply["content"]["evalue"] and took < 15,
              f"a loop that cannot be stopped gets, after a few seconds ({took:.1f} s), a message that says to restart", reply["content"])
        reply, _ = k.execute("1 + 1")
        check(reply["content"]["status"] == "error" and "Restart the kernel" in reply["content"]["evalue"],
              "the next cell says the kernel is still busy and to restart", reply["content"])

        k.km.restart_kernel(now=False)
        k.kc.wait_for_ready(timeout=60)
        check(k.km.provisioner.process.pid != first_pid, "restart starts a new kernel process")
        reply, io = k.execute("kept")
        check(reply["content"]["status"] == "error" and "CS0103" in reply["content"]["evalue"], "restart gives a fresh session (the old variable is gone)", reply["content"])
        reply, io = k.execute("1 + 1")
        check(reply["content"]["status"] == "ok", "the restarted kernel runs cells")

        msg_id = k.kc.shutdown()
        reply = k.reply(msg_id, "control", timeout=30)
        check(reply["content"]["status"] == "ok" and reply["content"]["restart"] is False, "shutdown_request is answered", reply["content"])
        process = k.km.provisioner.process
        deadline = time.monotonic() + 10
        while process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        check(process.poll() == 0, "after shutdown the kernel process exits by itself, with code 0", process.poll())
    finally:
        k.close()


def assist():
    k = Kernel()
    try:
        reply, io = k.execute(setup_cell(), timeout=300)
        check(reply["content"]["status"] == "ok", "the course's setup cell runs", outputs(io, "error"))
        k.execute("var trainerCount = 3;\nvar g = new DcganGenerator(16, latent: 16, width: 8);")

        def complete(code, cursor=None):
            reply, io = k.request("complete_request", {"code": code, "cursor_pos": len(code) if cursor is None else cursor})
            busy_idle(io, "complete")
            check(reply["content"]["status"] == "ok", "complete_reply ok", reply["content"])
            return reply["content"]

        got = complete("tra")
        check("trainerCount" in got["matches"] and got["cursor_start"] == 0 and got["cursor_end"] == 3,
              "complete: a variable from an earlier cell", got["matches"][:20])
        got = complete("var n = Console.Wri")
        check("WriteLine" in got["matches"] and got["cursor_start"] == len("var n = Console."), "complete: a type's static members after a dot", got)
        got = complete("g.for")
        check("forward" in got["matches"], "complete: members of an earlier cell's GanLab model", got["matches"])
        got = complete("GanTrainer.Cr")
        check(got["matches"] == ["Create"], "complete: GanLab's types", got["matches"])
        types = {t["text"]: t["type"] for t in got["metadata"]["_jupyter_types_experimental"]}
        check(types.get("Create") == "method", "complete: each match says what it is", types)
        got = complete("// 😀 emoji\nvar m = Math.Ab")
        check("Abs" in got["matches"] and got["cursor_start"] == len("// 😀 emoji\nvar m = Math."),
              "complete: cursor positions count code points (an emoji before the cursor)", got)

        def inspect(code, cursor=None):
            reply, io = k.request("inspect_request", {"code": code, "cursor_pos": len(code) if cursor is None else cursor, "detail_level": 0})
            busy_idle(io, "inspect")
            return reply["content"]

        got = inspect("TorchRuntime.Init(")
        text = got["data"].get("text/plain", "")
        check(got["status"] == "ok" and got["found"] and "TorchRuntime.Init(string? device = null" in text,
              "inspect: the signature of the method being called", got)
        check("Sets torch up." in text, "inspect: the summary from GanLab's XML documentation", text)
        got = inspect("Console.WriteLine", cursor=len("Console.Write"))
        text = got["data"].get("text/plain", "")
        check(got["found"] and "Console.WriteLine(" in text and "standard output" in text, "inspect: a framework method's overloads and summaries", text)
        got = inspect("var x = 1;", cursor=3)
        check(got["status"] == "ok", "inspect where there is nothing to say answers ok", got)
    finally:
        k.close()


def streams():
    k = Kernel()
    try:
        msg_id = k.kc.execute('var line = new string(\'x\', 99);\nfor (int i = 0; i < 50_000; i++) Console.WriteLine(line);\nSystem.Threading.Thread.Sleep(4000);')
        time.sleep(0.3)
        asked = time.monotonic()
        reply, _ = k.request("kernel_info_request", {}, channel="control", timeout=10)
        check(time.monotonic() - asked < 2, "while a cell prints megabytes, control requests are answered at once")
        deadline = time.monotonic() + 5
        while not k.kc.hb_channel.is_beating() and time.monotonic() < deadline:
            time.sleep(0.1)
        check(k.kc.hb_channel.is_beating(), "while the cell runs, the heartbeat answers")
        reply = k.reply(msg_id, "shell", timeout=120)
        io = k.iopub(msg_id, timeout=120)
        text = stream_text(io)
        pieces = len(outputs(io, "stream"))
        check(len(text) == 5_000_000 and text.count("\n") == 50_000, "5 MB of output arrive whole", len(text))
        check(pieces < 500, f"in batches: {pieces} stream messages for 50,000 lines")
    finally:
        k.close()


if __name__ == "__main__":
    scenario = sys.argv[1]
    globals()[scenario]()
    print(f"{scenario}: all checks passed")
