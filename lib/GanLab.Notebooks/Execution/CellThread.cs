using System.Collections.Concurrent;

namespace GanLab.Notebooks.Execution;

/// <summary>
/// The one thread a session's cells run on, in order, like a REPL: thread-local state (TorchSharp's dispose scopes,
/// torch's grad mode) carries from cell to cell. A cell that cannot be stopped keeps the thread; it is a background
/// thread, so it never keeps the process alive.
/// </summary>
sealed class CellThread : IDisposable
{
    readonly BlockingCollection<Action> _work = new();

    public CellThread(string name)
    {
        Thread = new Thread(Loop, maxStackSize: 16 * 1024 * 1024) { IsBackground = true, Name = name };
        Thread.Start();
    }

    /// <summary>The thread itself, for <see cref="System.Threading.Thread.Interrupt"/> when a cell is stopped while it waits.</summary>
    public Thread Thread { get; }

    public void Post(Action action) => _work.Add(action);

    public void Dispose() => _work.CompleteAdding();

    void Loop()
    {
        while (true)
        {
            Action action;
            try
            {
                if (!_work.TryTake(out action!, Timeout.Infinite)) return;
            }
            catch (ThreadInterruptedException) { continue; } // an interrupt meant for a cell that had just ended
            catch (InvalidOperationException) { return; }    // disposed
            action();
            ClearPendingInterrupt();
        }
    }

    /// <summary>An interrupt that arrived as a cell ended would otherwise hit the next cell's first wait.</summary>
    static void ClearPendingInterrupt()
    {
        try { Thread.Sleep(0); }
        catch (ThreadInterruptedException) { }
    }
}
