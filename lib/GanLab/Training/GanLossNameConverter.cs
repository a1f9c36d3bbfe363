using System.Text.Json;
using System.Text.Json.Serialization;

namespace GanLab.Training;

/// <summary>Writes a <see cref="GanLoss"/> in a checkpoint's header as its name ("ns", "wgan-gp", ...) and reads it back with <see cref="GanLoss.FromName"/>.</summary>
sealed class GanLossNameConverter : JsonConverter<GanLoss>
{
    public override GanLoss Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        try { return GanLoss.FromName(reader.GetString() ?? ""); }
        catch (ArgumentException e) { throw new JsonException(e.Message, e); }
    }

    public override void Write(Utf8JsonWriter writer, GanLoss value, JsonSerializerOptions options) => writer.WriteStringValue(value.Name);
}
