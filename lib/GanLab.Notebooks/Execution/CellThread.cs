using System.Collections.Concurrent;

namespace GanLab.Notebooks.Execution;

/// <summary>
/// The one thread a notebook's cells run on, in order, like a REPL: thread-local state (TorchSharp's dispose scopes,
/// torch's grad mode) carries from cell to cell. A cell that overruns its time limit keeps the thread; the run then
/// stops, and the thread ends when that cell does (it is a background thread: it never keeps the process alive).
/// </summary>
sealed class CellThread : IDisposable
{
    readonly BlockingCollection<Action> _work = new();

    public CellThread(string name)
    {
        var thread = new Thread(() =>
        {
            foreach (var action in _work.GetConsumingEnumerable()) action();
        }, maxStackSize: 16 * 1024 * 1024) { IsBackground = true, Name = name };
        thread.Start();
    }

    public void Post(Action action) => _work.Add(action);

    public void Dispose() => _work.CompleteAdding();
}
