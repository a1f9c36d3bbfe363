using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GanLab.Notebooks;
using GanLab.Tests.Notebooks;
using PuppeteerSharp;
using Xunit.Abstractions;

namespace GanLab.Tests.Kernel;

/// <summary>
/// A learner's session in a real browser: Jupyter Notebook 6 in headless Chromium, notebook 3 (DCGAN) in smoke mode run
/// cell by cell with Shift+Enter. The live training view must update while the cell trains and end at the trainer's
/// final step with its sample grid and both charts drawn; no JavaScript error, and no request leaves the machine.
/// The screenshot of the final view is written to <c>out/screenshots/</c>.
/// </summary>
public class NotebookInBrowserTests
{
    /// <summary>The kernel Jupyter starts for the notebook.</summary>
    const string KernelName = GanLab.Kernel.CSharpKernel.Name;

    const string NotebookName = "03-dcgan-faces.ipynb";

    readonly ITestOutputHelper _output;

    public NotebookInBrowserTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task Notebook_3_runs_cell_by_cell_in_Jupyter_Notebook_and_its_training_view_updates_to_the_final_state()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var sandbox = new JupyterSandbox();
        InstallKernel(sandbox);
        string root = ServerRoot();
        string notebook = SmokeCopy.Write(Path.Combine(NotebookFiles.RepoRoot, "notebooks", NotebookName), Path.Combine(root, "notebooks"));
        OpenWith(notebook, KernelName);

        using var server = JupyterNotebookServer.Start(sandbox, root);
        await using var chromium = await HeadlessChromium.Launch();
        var tab = await chromium.NewPage(1280, 1500);
        var page = tab.Page;
        page.DefaultTimeout = 120_000;
        await page.GoToAsync(server.NotebookUrl("notebooks/" + NotebookName), WaitUntilNavigation.Load);
        await page.WaitForFunctionAsync(
            "() => window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected() " +
            "&& Jupyter.notebook.kernel.info_reply.protocol_version && document.querySelector('#kernel_indicator_icon.kernel_idle_icon')",
            new WaitForFunctionOptions { Timeout = 120_000, PollingInterval = 250 });
        string kernelShown = await page.EvaluateExpressionAsync<string>("Jupyter.notebook.kernel.name");
        Assert.Equal(KernelName, kernelShown);

        // Every state the training view's heading shows, as the browser renders it.
        await page.EvaluateExpressionAsync(
            "window.ganlabViewStates = []; new MutationObserver(() => { for (const v of document.querySelectorAll('.ganlab-training > div:first-child')) {" +
            " const s = window.ganlabViewStates; if (s[s.length - 1] !== v.textContent) s.push(v.textContent); } })" +
            ".observe(document.body, { subtree: true, childList: true, characterData: true })");

        int cells = await page.EvaluateExpressionAsync<int>("Jupyter.notebook.ncells()");
        await page.ClickAsync("#notebook-container .cell");   // select the first cell, as a learner would
        await page.Keyboard.PressAsync("Escape");               // command mode: Shift+Enter runs and moves on
        int trainingCell = -1;
        for (int i = 0; i < cells; i++)
        {
            Assert.Equal(i, await page.EvaluateExpressionAsync<int>("Jupyter.notebook.get_selected_index()"));
            string type = await page.EvaluateExpressionAsync<string>($"Jupyter.notebook.get_cell({i}).cell_type");
            string source = await page.EvaluateExpressionAsync<string>($"Jupyter.notebook.get_cell({i}).get_text()");
            if (source.Contains("new TrainingView(", StringComparison.Ordinal)) trainingCell = i;
            await page.Keyboard.DownAsync("Shift");
            await page.Keyboard.PressAsync("Enter");
            await page.Keyboard.UpAsync("Shift");
            if (type != "code") continue;
            await page.WaitForFunctionAsync(
                $"() => typeof Jupyter.notebook.get_cell({i}).input_prompt_number === 'number' && document.querySelector('#kernel_indicator_icon.kernel_idle_icon')",
                new WaitForFunctionOptions { Timeout = 300_000, PollingInterval = 250 });
            string errors = await page.EvaluateExpressionAsync<string>(
                $"Jupyter.notebook.get_cell({i}).output_area.outputs.filter(o => o.output_type === 'error').map(o => o.ename + ': ' + o.evalue).join('\\n')");
            Assert.True(errors.Length == 0, $"cell {i} ({source.Split('\n')[0]}) failed in the browser:\n{errors}");
        }
        Assert.True(trainingCell >= 0, $"{NotebookName} has no cell that creates a TrainingView");

        // The view reaches the trainer's final step: heading, the grid of that step, both charts drawn.
        string printed = await page.EvaluateExpressionAsync<string>(
            $"Jupyter.notebook.get_cell({trainingCell}).output_area.outputs.filter(o => o.output_type === 'stream').map(o => o.text).join('')");
        var steps = Regex.Match(printed, @"^(\d+) steps \(", RegexOptions.Multiline);
        Assert.True(steps.Success, $"the training cell printed no step count:\n{printed}");
        string finalStep = steps.Groups[1].Value;
        string expression =
            "(() => { const v = document.querySelector('.ganlab-training'); if (!v) return null; return {" +
            " heading: v.firstElementChild.textContent," +
            " caption: (v.querySelector('figure.ganlab-grid figcaption') || {}).textContent || ''," +
            " grids: v.querySelectorAll('figure.ganlab-grid img[src^=\"data:image/png\"]').length," +
            " charts: v.querySelectorAll('.js-plotly-plot .main-svg .scatterlayer .trace').length > 0 ? v.querySelectorAll('.js-plotly-plot').length : 0 }; })()";
        try
        {
            await page.WaitForFunctionAsync(
                $"() => {{ const v = {expression}; return v && /step {finalStep},/.test(v.heading) && v.caption.includes('after {finalStep} steps') && v.grids === 1 && v.charts === 2; }}",
                new WaitForFunctionOptions { Timeout = 60_000, PollingInterval = 250 });
        }
        catch (WaitTaskTimeoutException)
        {
            await Screenshot(page);
            string seen = await page.EvaluateExpressionAsync<string>("JSON.stringify(" + expression + ")");
            var states = await page.EvaluateExpressionAsync<string[]>("window.ganlabViewStates");
            Assert.Fail($"the training view did not reach step {finalStep} with its grid and two charts within 60 s after the cell ended.\n" +
                        $"view now: {seen}\nstates the view showed: {string.Join(" | ", states)}\n" +
                        $"JavaScript errors: {string.Join("\n", tab.Errors)}\nrequests off the machine: {string.Join("\n", tab.Requests.Where(url => !IsLocal(url)))}");
        }
        var shown = await page.EvaluateExpressionAsync<string[]>("window.ganlabViewStates");
        _output.WriteLine("training view states: " + string.Join(" | ", shown));
        Assert.True(shown.Length >= 2, $"the view never updated while the cell ran: {string.Join(" | ", shown)}");
        Assert.Contains("not started", shown[0]);

        string shot = await Screenshot(page);
        _output.WriteLine($"screenshot: {shot}; {clock.Elapsed.TotalSeconds:F0} s in all (load {File.ReadAllText("/proc/loadavg").Trim()})");

        Assert.True(tab.Errors.Count == 0, "JavaScript errors:\n" + string.Join("\n", tab.Errors));
        var offMachine = tab.Requests.Where(url => !IsLocal(url)).ToList();
        Assert.True(offMachine.Count == 0, "requests left the machine:\n" + string.Join("\n", offMachine));
    }

    static void InstallKernel(JupyterSandbox sandbox) => GanLab.Cli.Commands.KernelCommand.Install(sandbox.Prefix);

    /// <summary>
    /// A folder laid out like the repository for the notebook server: <c>notebooks/</c> holds the prepared copy, and
    /// <c>lib</c> and <c>data</c> link to the repository's, so the setup cell's <c>../lib/...</c> and the checkpoints resolve.
    /// </summary>
    static string ServerRoot()
    {
        string root = NotebookFiles.TempFolder();
        Directory.CreateDirectory(Path.Combine(root, "notebooks"));
        foreach (string folder in new[] { "lib", "data" })
            Directory.CreateSymbolicLink(Path.Combine(root, folder), Path.Combine(NotebookFiles.RepoRoot, folder));
        return root;
    }

    /// <summary>Names <paramref name="kernel"/> in the notebook's metadata: the kernel Jupyter Notebook starts for it.</summary>
    static void OpenWith(string path, string kernel)
    {
        var notebook = Notebook.Load(path);
        notebook.Metadata["kernelspec"] = new JsonObject { ["name"] = kernel, ["display_name"] = kernel, ["language"] = "C#" };
        notebook.Save(path);
    }

    static bool IsLocal(string url)
    {
        var uri = new Uri(url);
        return uri.Scheme is "data" or "blob" or "about" || uri.Host is "127.0.0.1" or "localhost";
    }

    /// <summary>The notebook window scrolled to the training view, saved under out/screenshots/.</summary>
    static async Task<string> Screenshot(IPage page)
    {
        await page.EvaluateExpressionAsync(
            "(() => { const v = document.querySelector('.ganlab-training'); const site = document.getElementById('site'); if (!v || !site) return;" +
            " site.scrollTop += v.getBoundingClientRect().top - site.getBoundingClientRect().top - 120; })()");
        await Task.Delay(300);
        string folder = Path.Combine(NotebookFiles.RepoRoot, "out", "screenshots");
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, $"03-dcgan-faces-jupyter-notebook-{KernelName.TrimStart('.')}.png");
        await page.ScreenshotAsync(path);
        return path;
    }
}
