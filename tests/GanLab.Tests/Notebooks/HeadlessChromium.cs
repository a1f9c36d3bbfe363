using System.Text.Json;
using System.Text.Json.Nodes;
using PuppeteerSharp;

namespace GanLab.Tests.Notebooks;

/// <summary>
/// Debian's Chromium, headless, driven through PuppeteerSharp (never a downloaded browser): the one way the tests drive a
/// browser. Each launch gets a fresh profile; <see cref="NewPage"/> records every request the page makes, every request
/// that fails, and every JavaScript error (console errors and uncaught exceptions).
/// </summary>
sealed class HeadlessChromium : IAsyncDisposable
{
    public const string Executable = "/usr/bin/chromium";

    /// <summary>What <see cref="Open"/> saw: requested URLs, failed requests, JavaScript errors, the expression's value, a screenshot.</summary>
    public sealed record Report(IReadOnlyList<string> Requests, IReadOnlyList<string> Failures, IReadOnlyList<string> Errors, JsonNode? Value, byte[] Screenshot);

    readonly IBrowser _browser;
    readonly DirectoryInfo _profile;

    HeadlessChromium(IBrowser browser, DirectoryInfo profile) => (_browser, _profile) = (browser, profile);

    /// <summary>Starts Chromium with the flags that work on a machine with no network (no background requests, no GPU).</summary>
    public static async Task<HeadlessChromium> Launch()
    {
        Assert.True(File.Exists(Executable), "Chromium is missing: bash .ci/install-deps installs Debian's chromium.");
        var profile = Directory.CreateTempSubdirectory("ganlab-chromium-");
        var browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            UserDataDir = profile.FullName,
            Args = new[]
            {
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            },
        });
        return new HeadlessChromium(browser, profile);
    }

    /// <summary>A new tab of <paramref name="width"/> x <paramref name="height"/> whose requests and errors are recorded.</summary>
    public async Task<RecordedPage> NewPage(int width, int height)
    {
        var page = await _browser.NewPageAsync();
        await page.SetViewportAsync(new ViewPortOptions { Width = width, Height = height });
        return new RecordedPage(page);
    }

    /// <summary>Loads <paramref name="htmlPath"/>, waits for load, evaluates <paramref name="expression"/>, screenshots the whole page.</summary>
    public static async Task<Report> Open(string htmlPath, string expression, int width = 1100, int height = 900)
    {
        await using var browser = await Launch();
        var recorded = await browser.NewPage(width, height);
        var page = recorded.Page;
        await page.GoToAsync(new Uri(Path.GetFullPath(htmlPath)).AbsoluteUri, new NavigationOptions { Timeout = 60_000, WaitUntil = new[] { WaitUntilNavigation.Load } });
        await Task.Delay(500); // let charts finish drawing
        var value = await page.EvaluateExpressionAsync<JsonElement?>(expression);
        var size = await page.EvaluateExpressionAsync<double[]>("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]");
        byte[] shot = await page.ScreenshotDataAsync(new ScreenshotOptions
        {
            CaptureBeyondViewport = true,
            Clip = new PuppeteerSharp.Media.Clip { X = 0, Y = 0, Width = (decimal)size[0], Height = (decimal)Math.Min(size[1], 6000) },
        });
        return new Report(recorded.Requests, recorded.Failures, recorded.Errors, value is { } v ? JsonNode.Parse(v.GetRawText()) : null, shot);
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.CloseAsync();
        await _browser.DisposeAsync();
        try { _profile.Delete(recursive: true); } catch (IOException) { }
    }

    /// <summary>A tab and what it did so far.</summary>
    public sealed class RecordedPage
    {
        readonly List<string> _requests = new(), _failures = new(), _errors = new();

        internal RecordedPage(IPage page)
        {
            Page = page;
            page.Request += (_, e) => Add(_requests, e.Request.Url);
            page.RequestFailed += (_, e) => Add(_failures, $"{e.Request.Url}: {e.Request.FailureText}");
            page.Console += (_, e) =>
            {
                if (e.Message.Type == ConsoleType.Error) Add(_errors, $"console error: {e.Message.Text} ({e.Message.Location?.URL}:{e.Message.Location?.LineNumber})");
            };
            page.PageError += (_, e) => Add(_errors, $"uncaught: {e.Message}");
        }

        public IPage Page { get; }

        /// <summary>Every URL the page requested (documents, scripts, images, XHR; data: URLs included).</summary>
        public IReadOnlyList<string> Requests => Copy(_requests);

        /// <summary>Requests that failed, with Chromium's reason.</summary>
        public IReadOnlyList<string> Failures => Copy(_failures);

        /// <summary>console.error calls and uncaught exceptions.</summary>
        public IReadOnlyList<string> Errors => Copy(_errors);

        static void Add(List<string> list, string item)
        {
            lock (list) list.Add(item);
        }

        static List<string> Copy(List<string> list)
        {
            lock (list) return list.ToList();
        }
    }
}
