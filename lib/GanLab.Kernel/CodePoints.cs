namespace GanLab.Kernel;

/// <summary>
/// Cursor positions: the protocol counts Unicode code points (since 5.2), .NET strings count UTF-16 units; they differ
/// after a character outside the Basic Multilingual Plane (an emoji in a comment).
/// </summary>
static class CodePoints
{
    /// <summary>The UTF-16 offset of code point <paramref name="position"/> in <paramref name="text"/> (clamped to the text).</summary>
    public static int ToUtf16(string text, int position)
    {
        int index = 0;
        for (int seen = 0; seen < position && index < text.Length; seen++)
            index += char.IsHighSurrogate(text[index]) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]) ? 2 : 1;
        return index;
    }

    /// <summary>The code point position of UTF-16 offset <paramref name="index"/> in <paramref name="text"/>.</summary>
    public static int FromUtf16(string text, int index)
    {
        int position = 0;
        for (int i = 0; i < index && i < text.Length; i++)
            if (!char.IsLowSurrogate(text[i]) || i == 0 || !char.IsHighSurrogate(text[i - 1])) position++;
        return position;
    }
}
