using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace GanLab.Tests.Kernel;

/// <summary>
/// Debian's Jupyter Notebook 6 (the classic front end) serving <c>root</c> on 127.0.0.1 with a random token, its kernels
/// found in a <see cref="JupyterSandbox"/>. Disposing stops the server and the kernels it started.
/// </summary>
sealed class JupyterNotebookServer : IDisposable
{
    readonly Process _process;
    readonly StringBuilder _log = new();

    JupyterNotebookServer(Process process, int port, string token) => (_process, Port, Token) = (process, port, token);

    public int Port { get; }

    public string Token { get; }

    /// <summary>What the server logged so far (for failure messages).</summary>
    public string Log
    {
        get { lock (_log) return _log.ToString(); }
    }

    /// <summary>The page that opens <paramref name="notebookPath"/> (relative to the root, with / separators).</summary>
    public string NotebookUrl(string notebookPath) => $"http://127.0.0.1:{Port}/notebooks/{notebookPath}?token={Token}";

    public static JupyterNotebookServer Start(JupyterSandbox sandbox, string root)
    {
        int port = FreePort();
        string token = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        var psi = new ProcessStartInfo(JupyterSandbox.Python) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root };
        foreach (string arg in new[]
                 {
                     "-m", "notebook", "--no-browser", "--allow-root", "--ip=127.0.0.1", $"--port={port}", "--port-retries=0",
                     $"--NotebookApp.token={token}", $"--notebook-dir={root}",
                 })
            psi.ArgumentList.Add(arg);
        sandbox.Apply(psi);
        var server = new JupyterNotebookServer(Process.Start(psi)!, port, token);
        server._process.OutputDataReceived += (_, e) => server.Append(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        server.WaitUntilServing(TimeSpan.FromSeconds(90));
        return server;
    }

    void WaitUntilServing(TimeSpan limit)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                Assert.Fail($"Jupyter Notebook exited with {_process.ExitCode} (Debian's jupyter-notebook: bash .ci/install-deps):\n{Log}");
            try
            {
                if (http.GetAsync($"http://127.0.0.1:{Port}/api/status?token={Token}").Result.StatusCode == HttpStatusCode.OK) return;
            }
            catch (AggregateException) { }
            Thread.Sleep(250);
        }
        Assert.Fail($"Jupyter Notebook did not answer on port {Port} within {limit.TotalSeconds:F0} s:\n{Log}");
    }

    void Append(string? line)
    {
        if (line is null) return;
        lock (_log) _log.AppendLine(line);
    }

    static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public void Dispose()
    {
        try
        {
            _process.Kill(entireProcessTree: true);   // the server and the kernels it started
            _process.WaitForExit(10_000);
        }
        catch (InvalidOperationException) { }
        _process.Dispose();
    }
}
