using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GanLab.Tests.Notebooks;

/// <summary>
/// Opens a local page in Debian's headless Chromium through the DevTools protocol and reports every request the
/// page made, every request that failed, JavaScript errors, the result of an expression, and a full-page screenshot.
/// </summary>
sealed class HeadlessChromium : IAsyncDisposable
{
    public const string Executable = "/usr/bin/chromium";

    public sealed record Report(IReadOnlyList<string> Requests, IReadOnlyList<string> Failures, IReadOnlyList<string> Errors, JsonNode? Value, byte[] Screenshot);

    readonly Process _process;
    readonly DirectoryInfo _profile;
    readonly ClientWebSocket _socket = new();
    readonly Dictionary<int, TaskCompletionSource<JsonNode>> _pending = new();
    readonly List<JsonObject> _events = new();
    int _nextId;

    HeadlessChromium(Process process, DirectoryInfo profile) => (_process, _profile) = (process, profile);

    /// <summary>Loads <paramref name="htmlPath"/>, waits for load, evaluates <paramref name="expression"/>, screenshots the whole page.</summary>
    public static async Task<Report> Open(string htmlPath, string expression, int width = 1100, int height = 900)
    {
        Assert.True(File.Exists(Executable), "Chromium is missing: bash .ci/install-deps installs Debian's chromium.");
        var profile = Directory.CreateTempSubdirectory("ganlab-chromium-");
        var psi = new ProcessStartInfo(Executable) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", $"--user-data-dir={profile.FullName}", "--remote-debugging-port=0",
                     "--remote-allow-origins=*", $"--window-size={width},{height}", "about:blank" })
            psi.ArgumentList.Add(a);
        await using var browser = new HeadlessChromium(Process.Start(psi)!, profile);
        string endpoint = await browser.ReadEndpoint();
        await browser._socket.ConnectAsync(new Uri(endpoint), CancellationToken.None);
        _ = browser.Receive();

        string target = (await browser.Send("Target.createTarget", new JsonObject { ["url"] = "about:blank" }))["targetId"]!.GetValue<string>();
        string session = (await browser.Send("Target.attachToTarget", new JsonObject { ["targetId"] = target, ["flatten"] = true }))["sessionId"]!.GetValue<string>();
        await browser.Send("Network.enable", new JsonObject(), session);
        await browser.Send("Page.enable", new JsonObject(), session);
        await browser.Send("Runtime.enable", new JsonObject(), session);
        await browser.Send("Page.navigate", new JsonObject { ["url"] = new Uri(Path.GetFullPath(htmlPath)).AbsoluteUri }, session);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!browser.Saw("Page.loadEventFired"))
        {
            Assert.True(DateTime.UtcNow < deadline, "The page did not finish loading within 60 s.");
            await Task.Delay(100);
        }
        await Task.Delay(500); // let charts finish drawing
        var value = (await browser.Send("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true }, session))["result"]?["value"];
        var metrics = await browser.Send("Page.getLayoutMetrics", new JsonObject(), session);
        var size = metrics["cssContentSize"] ?? metrics["contentSize"]!;
        var shot = await browser.Send("Page.captureScreenshot", new JsonObject
        {
            ["format"] = "png",
            ["captureBeyondViewport"] = true,
            ["clip"] = new JsonObject { ["x"] = 0, ["y"] = 0, ["width"] = size["width"]!.GetValue<double>(), ["height"] = Math.Min(size["height"]!.GetValue<double>(), 6000), ["scale"] = 1 },
        }, session);

        List<JsonObject> events;
        lock (browser._events) events = browser._events.ToList();
        var urls = events.Where(e => e["method"]?.GetValue<string>() == "Network.requestWillBeSent")
            .ToDictionary(e => e["params"]!["requestId"]!.GetValue<string>(), e => e["params"]!["request"]!["url"]!.GetValue<string>());
        var failures = events.Where(e => e["method"]?.GetValue<string>() == "Network.loadingFailed")
            .Select(e => $"{urls.GetValueOrDefault(e["params"]!["requestId"]!.GetValue<string>(), "?")}: {e["params"]!["errorText"]} {e["params"]!["blockedReason"]}").ToList();
        var errors = events.Where(e => e["method"]?.GetValue<string>() is "Runtime.exceptionThrown" || (e["method"]?.GetValue<string>() == "Runtime.consoleAPICalled" && e["params"]!["type"]?.GetValue<string>() == "error"))
            .Select(e => e["params"]!.ToJsonString()).ToList();
        return new Report(urls.Values.ToList(), failures, errors, value, Convert.FromBase64String(shot["data"]!.GetValue<string>()));
    }

    bool Saw(string method)
    {
        lock (_events) return _events.Any(e => e["method"]?.GetValue<string>() == method);
    }

    async Task<string> ReadEndpoint()
    {
        var read = Task.Run(() =>
        {
            while (_process.StandardError.ReadLine() is { } line)
                if (line.Contains("DevTools listening on ", StringComparison.Ordinal)) return line[(line.IndexOf("ws://", StringComparison.Ordinal))..].Trim();
            return null;
        });
        Assert.True(await Task.WhenAny(read, Task.Delay(30_000)) == read && read.Result is not null, "Chromium did not open its DevTools endpoint.");
        _ = Task.Run(() => _process.StandardError.ReadToEnd()); // keep the pipe drained
        return read.Result!;
    }

    async Task<JsonNode> Send(string method, JsonObject parameters, string? session = null)
    {
        var done = new TaskCompletionSource<JsonNode>(TaskCreationOptions.RunContinuationsAsynchronously);
        int id;
        lock (_pending) { id = ++_nextId; _pending[id] = done; }
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters };
        if (session is not null) message["sessionId"] = session;
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);
        Assert.True(await Task.WhenAny(done.Task, Task.Delay(60_000)) == done.Task, $"Chromium did not answer {method}.");
        return done.Task.Result;
    }

    async Task Receive()
    {
        var buffer = new byte[1 << 20];
        var message = new MemoryStream();
        while (_socket.State == WebSocketState.Open)
        {
            WebSocketReceiveResult result;
            try { result = await _socket.ReceiveAsync(buffer, CancellationToken.None); }
            catch (Exception) { return; }
            message.Write(buffer, 0, result.Count);
            if (!result.EndOfMessage) continue;
            var json = JsonNode.Parse(message.ToArray())!.AsObject();
            message.SetLength(0);
            if (json["id"] is JsonValue idValue)
            {
                TaskCompletionSource<JsonNode>? waiter;
                lock (_pending) _pending.Remove(idValue.GetValue<int>(), out waiter);
                if (json["error"] is { } error) waiter?.TrySetException(new InvalidOperationException(error.ToJsonString()));
                else waiter?.TrySetResult(json["result"] ?? new JsonObject());
            }
            else lock (_events) _events.Add(json);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try { await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None); } catch (Exception) { }
        _socket.Dispose();
        try { _process.Kill(entireProcessTree: true); _process.WaitForExit(10_000); } catch (InvalidOperationException) { }
        _process.Dispose();
        try { _profile.Delete(recursive: true); } catch (IOException) { }
    }
}
