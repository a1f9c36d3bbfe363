using Plotly.NET;

namespace GanLab.Tests.Notebooks;

/// <summary>
/// A Plotly.NET chart for the course-book test, rendered through the tests' own by-name
/// <see cref="TypeFormatterSourceAttribute"/>: a second, independent definition of the convention.
/// </summary>
[TypeFormatterSource(typeof(TestChartFormatters))]
public sealed class TestChart(GenericChart chart)
{
    public GenericChart Chart { get; } = chart;

    /// <summary>y = x² as a line chart, made the way a notebook cell would.</summary>
    public static TestChart Squares(int n)
    {
        var trace = new Trace2D("scatter");
        trace.SetProperty("x", Enumerable.Range(1, n).ToArray());
        trace.SetProperty("y", Enumerable.Range(1, n).Select(i => i * i).ToArray());
        trace.SetProperty("mode", "lines+markers");
        return new TestChart(GenericChart.ofTraceObject(true, trace));
    }
}

[AttributeUsage(AttributeTargets.Class)]
sealed class TypeFormatterSourceAttribute(Type formatterSourceType) : Attribute
{
    public Type FormatterSourceType { get; } = formatterSourceType;
    public string[]? PreferredMimeTypes { get; set; }
}

sealed class TestChartFormatters
{
    public IEnumerable<object> CreateTypeFormatters() => new object[] { new HtmlFormatter() };

    public sealed class HtmlFormatter
    {
        public string MimeType => "text/html";
        public Type Type => typeof(TestChart);
        public bool Format(object instance, TextWriter writer)
        {
            writer.Write(GenericChart.toChartHTML(((TestChart)instance).Chart));
            return true;
        }
    }
}
