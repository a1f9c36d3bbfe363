using GanLab.Display;
using GanLab.Notebooks.Display;
using static TorchSharp.torch;

namespace GanLab.Tests.Notebooks;

public class ValueFormatterTests
{
    [TypeFormatterSource(typeof(BadgeFormatters), PreferredMimeTypes = new[] { "image/svg+xml" })]
    public sealed class Badge(string label)
    {
        public string Label { get; } = label;
        public override string ToString() => $"badge {Label}";
    }

    public sealed class DerivedBadge() : BadgeBase;

    [TypeFormatterSource(typeof(BadgeFormatters))]
    public class BadgeBase;

    sealed class BadgeFormatters
    {
        public IEnumerable<object> CreateTypeFormatters() => new object[] { new Svg(), new BaseHtml() };

        public sealed class Svg
        {
            public string MimeType => "image/svg+xml";
            public Type Type => typeof(Badge);
            public bool Format(object instance, TextWriter writer)
            {
                writer.Write($"<svg><text>{((Badge)instance).Label}</text></svg>");
                return true;
            }
        }

        public sealed class BaseHtml
        {
            public string MimeType => "text/html";
            public Type Type => typeof(BadgeBase);
            public bool Format(object instance, TextWriter writer)
            {
                writer.Write("<i>a badge</i>");
                return true;
            }
        }
    }

    [Fact]
    public void Preferred_mime_types_and_formatter_types_are_honoured_by_name()
    {
        var data = ValueFormatter.Format(new Badge("ok"));
        Assert.Equal(new[] { "image/svg+xml", "text/plain" }, data.Keys);
        Assert.Equal("<svg><text>ok</text></svg>", data["image/svg+xml"]);
        Assert.Equal("badge ok", data["text/plain"]);
        // The attribute on a base type applies to subtypes (as in the kernel); the svg formatter is for Badge only.
        var derived = ValueFormatter.Format(new DerivedBadge());
        Assert.Equal("<i>a badge</i>", derived["text/html"]);
        Assert.False(ValueFormatter.Format(new DerivedBadge(), new[] { "image/svg+xml" }).ContainsKey("image/svg+xml"));
    }

    [Fact]
    public void Strings_are_plain_text_markup_is_escaped_and_null_shows_as_null()
    {
        Assert.Equal(new[] { "text/plain" }, ValueFormatter.Format("<b>x</b>").Keys);
        Assert.Equal("<div class=\"dni-plaintext\"><pre>&lt;null&gt;</pre></div>", ValueFormatter.Format(null)["text/html"]);
        Assert.Equal("<div class=\"dni-plaintext\"><pre>[ 1, 2, 3 ]</pre></div>", ValueFormatter.Format(new List<int> { 1, 2, 3 })["text/html"]);
        Assert.Equal("<b>raw</b>", ValueFormatter.Format(new HtmlString("<b>raw</b>"))["text/html"]);
    }

    [Fact]
    public void An_image_grid_view_is_a_captioned_figure_or_a_png()
    {
        GanLab.Runtime.TorchRuntime.Init(device: "cpu", quiet: true);
        var view = Show.Grid(ones(6, 1, 4, 4).mul(-1), "six <dark> squares", nrow: 3, range: GanLab.Imaging.ImageTensor.MinusOneOne);
        Assert.Equal((3 * 6 + 2, 2 * 6 + 2), (view.Width, view.Height));   // torchvision's layout, padding 2
        var html = ValueFormatter.Format(view)["text/html"];
        Assert.Contains("<figcaption", html);
        Assert.Contains("six &lt;dark&gt; squares", html);                 // the caption is escaped
        Assert.Contains($"width=\"{view.Width * (256 / view.Width)}\"", html); // small grids are enlarged by a whole factor
        var png = ValueFormatter.Format(view, new[] { "image/png" });
        Assert.Equal(Convert.ToBase64String(view.Png), png["image/png"]);
        using var decoded = GanLab.Imaging.ImageTensor.Decode(view.Png, channels: 1);
        Assert.Equal(0f, decoded[0, 3, 3].item<float>());                   // -1 in [-1, 1] is black
        Assert.Equal("a face (1 image, 5x7 px)", Show.Image(zeros(3, 7, 5), "a face").ToString());
    }
}
