using System.Text.Json.Serialization;

namespace GanLab.Models;

/// <summary>
/// The sizes that build one model family's networks (nanoGPT's <c>GPTConfig</c>): one record per family,
/// <see cref="DcganSettings"/>, <see cref="MsgGanSettings"/> and <see cref="Toy2dSettings"/>. A checkpoint and an export
/// store the record (as nanoGPT stores <c>model_args</c>), so resuming and <c>Pretrained</c> rebuild the same networks
/// from the file alone. Each record's defaults are the course's CPU workshop sizes.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "model")]
[JsonDerivedType(typeof(DcganSettings), DcganSettings.ModelName)]
[JsonDerivedType(typeof(MsgGanSettings), MsgGanSettings.ModelName)]
[JsonDerivedType(typeof(Toy2dSettings), Toy2dSettings.ModelName)]
public abstract record ModelSettings
{
    /// <summary>The family's name, as <c>ganlab train --model</c> takes it: dcgan, msggan or toy2d.</summary>
    [JsonIgnore]
    public abstract string Model { get; }
}
