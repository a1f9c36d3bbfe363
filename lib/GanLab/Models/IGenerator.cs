namespace GanLab.Models;

/// <summary>A generator that maps latent vectors z of a fixed length to samples; the trainer reads the length from it.</summary>
public interface IGenerator
{
    /// <summary>Length of the latent vector z.</summary>
    int Latent { get; }
}
