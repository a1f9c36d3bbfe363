namespace GanLab.Runtime;

/// <summary>
/// Torch could not be set up: the message names the cause and what to do; <see cref="Details"/> keeps
/// TorchSharp's own (long) loader trace for <c>--verbose</c>.
/// </summary>
public sealed class TorchRuntimeException : Exception
{
    public TorchRuntimeException(string cause, string remedy, Exception? inner = null)
        : base($"{cause}\nWhat to do: {remedy}", inner)
    {
        Cause = cause;
        Remedy = remedy;
    }

    /// <summary>What went wrong, in one sentence.</summary>
    public string Cause { get; }

    /// <summary>What the user can do about it.</summary>
    public string Remedy { get; }

    /// <summary>The underlying exception's full text (TorchSharp's loader trace), or empty.</summary>
    public string Details => InnerException?.ToString() ?? "";
}
