using System.Diagnostics;
using System.Globalization;
using GanLab.Notebooks.Display;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Scripting;

namespace GanLab.Notebooks.Execution;

/// <summary>
/// The execution core every door shares (<c>ganlab run</c>, the course book, the Jupyter kernel): one C# session whose
/// cells run in order on one thread, in one Roslyn scripting session, with the kernel's directives, formatters and
/// <c>display</c>. Outputs leave through the door's <see cref="IOutputReceiver"/> as they happen; errors name the cell
/// and the line.
/// </summary>
/// <remarks>
/// <para><b>Stopping a cell</b> (an interrupt, a time limit) happens in three steps. The running cell's
/// <see cref="CancellationToken"/> is cancelled: it is published in the AppContext entry <see cref="CancellationKey"/>,
/// where long library loops poll it between steps with no reference to the engine (GanLab's training, t-SNE, projection
/// and data generation do). After <see cref="WakeAfter"/> a cell still waiting (Sleep, Wait, Join) is woken with
/// <see cref="Thread.Interrupt"/>. A cell still running after <see cref="StopGrace"/> cannot be stopped (a loop of its
/// own that checks nothing): it gets an error that says to restart, and the session refuses further cells while it runs.</para>
/// <para>One cell runs at a time in a process: the console and the AppContext entries are the process's.</para>
/// </remarks>
public sealed class ExecutionSession : IDisposable
{
    /// <summary>
    /// The AppContext entry holding the running cell's <see cref="CancellationToken"/> (boxed). A library stops its long
    /// loops when it is cancelled: <c>if (AppContext.GetData(CancellationKey) is CancellationToken t) t.ThrowIfCancellationRequested();</c>
    /// </summary>
    public const string CancellationKey = "GanLab.CellCancellation";

    /// <summary>The AppContext entry naming the session, unique per session (a library can embed a script once per session).</summary>
    public const string SessionKey = "GanLab.NotebookSession";

    static readonly object OneCellAtATime = new();

    readonly OutputSink _sink;
    readonly ScriptSession _script;
    readonly CellThread _thread;
    readonly ErrorReport _errors = new();
    RunningCell? _stuck;
    int _submissions;

    /// <summary>A new session; <paramref name="name"/> names its thread and (with a unique suffix) <see cref="SessionKey"/>.</summary>
    public ExecutionSession(IOutputReceiver receiver, string name = "session")
    {
        _sink = new OutputSink(receiver);
        _script = new ScriptSession(_sink);
        _thread = new CellThread($"cells of {name}");
        Id = $"{name}#{Guid.NewGuid():N}";
        AppContext.SetData(SessionKey, Id);
        StandardOutput = _sink.Writer("stdout");
        StandardError = _sink.Writer("stderr");
    }

    /// <summary>The session's unique name (also in the AppContext entry <see cref="SessionKey"/>).</summary>
    public string Id { get; }

    /// <summary>A writer for <see cref="Console.SetOut"/>: what it gets becomes the running cell's stdout.</summary>
    public TextWriter StandardOutput { get; }

    /// <summary>A writer for <see cref="Console.SetError"/>: the running cell's stderr.</summary>
    public TextWriter StandardError { get; }

    /// <summary>How long a stopped cell's loops get to see the cancellation before a wait it is in is interrupted.</summary>
    public TimeSpan WakeAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a stopped cell may take to end before it is declared impossible to stop.</summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The C# version cells are compiled with (Roslyn's latest), e.g. "14.0".</summary>
    public static string LanguageVersion { get; } = Microsoft.CodeAnalysis.CSharp.LanguageVersion.Latest.MapSpecifiedToEffectiveVersion().ToDisplayString();

    /// <summary>
    /// Whether <paramref name="code"/> is a whole submission (Jupyter's is_complete): "complete", or "incomplete" when
    /// the parser still waits for something (an open brace, an unfinished statement).
    /// </summary>
    public static string IsComplete(string code)
    {
        var parsed = Microsoft.CodeAnalysis.CSharp.SyntaxFactory.ParseSyntaxTree(CellDirectives.Parse(code).Code,
            new Microsoft.CodeAnalysis.CSharp.CSharpParseOptions(Microsoft.CodeAnalysis.CSharp.LanguageVersion.Latest, kind: Microsoft.CodeAnalysis.SourceCodeKind.Script));
        return Microsoft.CodeAnalysis.CSharp.SyntaxFactory.IsCompleteSubmission(parsed) ? "complete" : "incomplete";
    }

    /// <summary>Completions at <paramref name="cursor"/> (a UTF-16 offset) in <paramref name="code"/>, against the session as it is (nothing runs).</summary>
    public CompletionList Complete(string code, int cursor) => CodeAssist.Complete(_script.LastScript, _script.Options, code, cursor);

    /// <summary>The signature and documentation summary of the symbol at <paramref name="cursor"/>, or null (nothing runs).</summary>
    public string? Inspect(string code, int cursor) => CodeAssist.Inspect(_script.LastScript, _script.Options, code, cursor);

    /// <summary>Compiles a throw-away script, so Roslyn's first-use cost (seconds) is paid before the first cell.</summary>
    public static void WarmUp()
    {
        try { Microsoft.CodeAnalysis.CSharp.Scripting.CSharpScript.Create<object>("1 + 1").Compile(); }
        catch (Exception) { /* the first cell will say what is wrong */ }
    }

    /// <summary>True while a cell that could not be stopped still runs: no other cell can run until it ends.</summary>
    public bool IsBusy => _stuck is { Done.IsSet: false };

    /// <summary>
    /// Runs one cell and returns when it has ended, or has been stopped (<paramref name="interrupt"/> cancelled, or
    /// <paramref name="timeLimit"/> passed), or could not be stopped within <see cref="StopGrace"/>.
    /// </summary>
    public CellResult Execute(CellRequest request, CancellationToken interrupt = default, TimeSpan? timeLimit = null)
    {
        lock (OneCellAtATime)
        {
            var cell = new RunningCell($"cell-{++_submissions}.csx", request);
            _errors.Register(cell.FileName, request.Label, request.Source);
            if (IsBusy)
                return Fail(ErrorReport.NotRun(request.Label, "CellStillRunning",
                    $"did not run: {_stuck!.Request.Label} is still running, and could not be stopped. Restart the kernel to go on (the session's variables will be lost)."));

            var directives = CellDirectives.Parse(request.Source);
            _thread.Post(() => Work(cell, directives));
            int signalled = WaitHandle.WaitAny(new[] { cell.Done.WaitHandle, interrupt.WaitHandle }, timeLimit ?? Timeout.InfiniteTimeSpan);
            if (signalled == 0) return cell.Result;

            cell.Stopping = signalled == 1
                ? new StopReason(RunStatus.Interrupted, "Interrupted", "was interrupted.",
                    "The session keeps its state: every variable keeps its value (a model keeps the weights and the step count it had reached), and the next cell runs.")
                : new StopReason(RunStatus.TimedOut, "CellTimeoutError", $"did not finish within {timeLimit!.Value.TotalSeconds.ToString("0.##", CultureInfo.InvariantCulture)} s (the per-cell time limit).", null);
            cell.Stop.Cancel();
            var watch = Stopwatch.StartNew();
            while (!cell.Done.Wait(100))
            {
                if (watch.Elapsed >= WakeAfter && (_thread.Thread.ThreadState & System.Threading.ThreadState.WaitSleepJoin) != 0)
                    _thread.Thread.Interrupt();
                if (watch.Elapsed < StopGrace) continue;
                _stuck = cell;
                return Fail(ErrorReport.NotRun(request.Label, "CellStillRunning",
                    $"{cell.Stopping.Why[..^1]}, but did not stop within {StopGrace.TotalSeconds:0} s: it runs code that never checks for an interrupt " +
                    "(a loop of its own, or one long call into native code). Restart the kernel to stop it (the session's variables will be lost)."), cell.Stopping.Status);
            }
            return cell.Result;
        }
    }

    /// <summary>Runs on the cell thread.</summary>
    void Work(RunningCell cell, CellDirectives directives)
    {
        AppContext.SetData(CancellationKey, cell.Stop.Token);
        try { cell.Result = Run(cell, directives); }
        catch (Exception e) { cell.Result = cell.Stopping is { } why ? Stopped(cell, why, e) : Fail(_errors.Exception(cell.FileName, e)); }
        finally
        {
            AppContext.SetData(CancellationKey, null);
            cell.Done.Set();
        }
    }

    CellResult Run(RunningCell cell, CellDirectives directives)
    {
        var watch = Stopwatch.StartNew();
        ScriptSession.Outcome result;
        try
        {
            result = _script.Run(directives, cell.FileName, cell.Stop.Token);
        }
        catch (DirectiveException e)
        {
            return Fail(_errors.Directive(cell.FileName, e));
        }
        catch (CompilationErrorException e)
        {
            _sink.Write("stderr", ErrorReport.KernelDiagnostics(e));
            return Fail(_errors.Compilation(cell.FileName, e));
        }
        if (result.Exception is { } exception)
            return cell.Stopping is { } why ? Stopped(cell, why, exception) : Fail(_errors.Exception(cell.FileName, exception));
        if (result.HasValue) _sink.Add(CellOutput.Result(cell.Request.ExecutionCount, ValueFormatter.Format(result.Value)));
        if (directives.Time)
            _sink.Add(CellOutput.Display(new Dictionary<string, string> { [ValueFormatter.PlainText] = $"Wall time: {watch.Elapsed.TotalMilliseconds.ToString("0.####", CultureInfo.InvariantCulture)}ms" }));
        return CellResult.Completed;
    }

    CellResult Stopped(RunningCell cell, StopReason why, Exception raised) =>
        Fail(_errors.Stopped(cell.FileName, why.EName, why.Why, raised, why.Remedy), why.Status);

    CellResult Fail((CellOutput Output, string Summary) error, RunStatus status = RunStatus.Failed)
    {
        _sink.Add(error.Output);
        return new CellResult(status, error.Summary, error.Output);
    }

    /// <summary>Ends the cell thread once its last cell is done.</summary>
    public void Dispose() => _thread.Dispose();

    sealed record StopReason(RunStatus Status, string EName, string Why, string? Remedy);

    /// <summary>A cell between the door's thread (which waits and may stop it) and the cell thread (which runs it).</summary>
    sealed class RunningCell(string fileName, CellRequest request)
    {
        public string FileName { get; } = fileName;
        public CellRequest Request { get; } = request;
        public CancellationTokenSource Stop { get; } = new();
        public ManualResetEventSlim Done { get; } = new();
        public volatile StopReason? Stopping;
        public CellResult Result = CellResult.Completed;
    }
}
