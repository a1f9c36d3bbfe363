namespace GanLab.Runtime;

/// <summary>
/// Lets a notebook kernel stop GanLab's long loops (training steps, t-SNE iterations, latent projection steps, image
/// generation) between two steps, so a half-trained model keeps its weights and its step count. GanLab references no
/// kernel: a kernel publishes the running cell's <see cref="CancellationToken"/> in the AppContext entry
/// <see cref="Key"/> (GanLab's own kernel and <c>ganlab run</c> do), and the loops call <see cref="ThrowIfRequested"/>,
/// which throws <see cref="OperationCanceledException"/> once the cell is interrupted. Outside a notebook nothing is
/// published and the check costs one lookup.
/// </summary>
public static class NotebookInterrupt
{
    /// <summary>The AppContext entry holding the running cell's cancellation token (boxed).</summary>
    public const string Key = "GanLab.CellCancellation";

    /// <summary>The running cell's token, or <see cref="CancellationToken.None"/> outside a notebook.</summary>
    public static CancellationToken Token => AppContext.GetData(Key) is CancellationToken token ? token : CancellationToken.None;

    /// <summary>Throws <see cref="OperationCanceledException"/> when the running cell has been interrupted.</summary>
    public static void ThrowIfRequested() => Token.ThrowIfCancellationRequested();
}
