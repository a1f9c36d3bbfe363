using System.Diagnostics;
using GanLab.Training;

namespace GanLab.Cli;

/// <summary>
/// A console progress bar fed by the trainer's <c>StepCompleted</c> event: steps done, losses, D(x), D(G(z)) before → after
/// D's update, gradient norms, speed and time left. On a terminal it redraws one line; when output is redirected it
/// prints a plain line about every 5% of the run.
/// </summary>
/// <example><code>
/// var progress = new ConsoleProgress(totalSteps: 2000, batchSize: 64);
/// trainer.StepCompleted += progress.Report;
/// </code></example>
public sealed class ConsoleProgress
{
    readonly long _total;
    readonly int _batchSize;
    readonly TextWriter _out;
    readonly bool _redraw;
    readonly Stopwatch _watch = Stopwatch.StartNew();
    long _firstStep = -1;
    double _lastDraw = double.NegativeInfinity;

    /// <param name="totalSteps">The step the run ends at (for the bar and the time left).</param>
    /// <param name="batchSize">Images per step, for the speed in img/s (0 to show steps/s).</param>
    /// <param name="output">Where to write (default: the console's standard error, so standard output stays clean).</param>
    /// <param name="redraw">Redraw one line with a carriage return; default: when that output is a terminal.</param>
    public ConsoleProgress(long totalSteps, int batchSize = 0, TextWriter? output = null, bool? redraw = null)
    {
        _total = Math.Max(1, totalSteps);
        _batchSize = batchSize;
        _out = output ?? Console.Error;
        _redraw = redraw ?? (output is null && !Console.IsErrorRedirected);
    }

    /// <summary>Takes one step's figures; draws when due (at most 4 times a second, and at the last step).</summary>
    public void Report(TrainingStep s)
    {
        if (_firstStep < 0) _firstStep = s.Step - 1;
        double now = _watch.Elapsed.TotalSeconds;
        bool last = s.Step >= _total;
        if (_redraw ? !last && now - _lastDraw < 0.25 : !last && s.Step % Math.Max(1, _total / 20) != 0) return;
        _lastDraw = now;
        _out.Write(_redraw ? "\r" + Line(s, now) + (last ? Environment.NewLine : "") : Line(s, now) + Environment.NewLine);
        _out.Flush();
    }

    /// <summary>The text of one progress line for step <paramref name="s"/>, <paramref name="elapsed"/> seconds into the run.</summary>
    public string Line(TrainingStep s, double elapsed)
    {
        const int width = 20;
        int filled = (int)Math.Clamp(s.Step * width / _total, 0, width);
        long done = s.Step - _firstStep;
        double perStep = done > 0 ? elapsed / done : s.Seconds;
        string speed = _batchSize > 0 ? $"{_batchSize / perStep,6:F0} img/s" : $"{1 / perStep,6:F0} steps/s";
        var left = TimeSpan.FromSeconds(Math.Max(0, (_total - s.Step) * perStep));
        return $"[{new string('#', filled)}{new string('.', width - filled)}] {s.Step}/{_total}  " +
               $"Loss_D {s.LossD:F3}  Loss_G {s.LossG:F3}  D(x) {s.DReal:F2}  D(G(z)) {s.DFake:F2} → {s.DFakeAfter:F2}  " +
               $"|∇D| {s.GradNormD:F2} |∇G| {s.GradNormG:F2}{(s.DFrozen ? "  D frozen" : "")}  {speed}  left {left:hh\\:mm\\:ss}";
    }
}
