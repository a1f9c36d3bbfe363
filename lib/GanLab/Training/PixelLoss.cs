namespace GanLab.Training;

/// <summary>The regression loss of <see cref="RegressionTrainer"/>: mean squared error (its optimum is the average target) or L1 (the median).</summary>
public enum PixelLoss
{
    /// <summary>Mean squared error, torch's mse_loss.</summary>
    Mse,
    /// <summary>Mean absolute error, torch's l1_loss.</summary>
    L1,
}
