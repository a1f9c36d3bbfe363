namespace GanLab.Notebooks.Execution;

/// <summary>One completion: the text to insert, what it is (method, property, local, class, keyword, ...) and its signature.</summary>
public sealed record Completion(string Text, string Kind, string Signature);
