namespace GanLab.Kernel;

/// <summary>The kernel cannot start (a missing or malformed connection file, a port already taken); the message says why and what to do.</summary>
public sealed class KernelStartException(string message, Exception? inner = null) : Exception(message, inner);
