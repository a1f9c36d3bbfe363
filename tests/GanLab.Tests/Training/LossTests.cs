using GanLab.Runtime;
using GanLab.Training;
using static TorchSharp.torch;

namespace GanLab.Tests.Training;

// D's outputs used throughout: real = [2, -1], fake = [0, 1] (fake = [0, 2] for WGAN).
// softplus(x) = ln(1 + e^x): softplus(-2) = 0.126928, softplus(1) = 1.313262, softplus(0) = 0.693147, softplus(-1) = 0.313262.
public class LossTests
{
    public LossTests() => TorchRuntime.Init(device: "cpu", threads: 1, quiet: true);

    static readonly float[] Real = { 2f, -1f }, Fake = { 0f, 1f };

    static (float D, float G) Evaluate(GanLoss loss, float[] real, float[] fake)
    {
        using var scope = NewDisposeScope();
        var r = tensor(real);
        var f = tensor(fake);
        return (loss.DiscriminatorLoss(r, f).item<float>(), loss.GeneratorLoss(f, r).item<float>());
    }

    [Fact]
    public void Minimax_is_binary_cross_entropy_for_D_and_log_one_minus_D_for_G()
    {
        var (d, g) = Evaluate(new MinimaxLoss(), Real, Fake);
        // D: mean(softplus(-r)) + mean(softplus(f)) = (0.126928 + 1.313262)/2 + (0.693147 + 1.313262)/2
        Assert.Equal(1.723300f, d, 5);
        // G: mean(log(1 - sigmoid(f))) = -(0.693147 + 1.313262)/2
        Assert.Equal(-1.003204f, g, 5);
    }

    [Fact]
    public void Non_saturating_G_maximises_log_D_of_fake()
    {
        var (d, g) = Evaluate(new NonSaturatingLoss(), Real, Fake);
        Assert.Equal(1.723300f, d, 5);
        // G: mean(softplus(-f)) = (0.693147 + 0.313262)/2
        Assert.Equal(0.503204f, g, 5);
    }

    [Fact]
    public void Hinge_on_known_scores()
    {
        var (d, g) = Evaluate(new HingeLoss(), Real, Fake);
        Assert.Equal(2.5f, d, 6);    // mean(relu(1 - [2, -1])) = 1, mean(relu(1 + [0, 1])) = 1.5
        Assert.Equal(-0.5f, g, 6);   // -mean([0, 1])
    }

    [Fact]
    public void Wasserstein_on_known_scores()
    {
        var (d, g) = Evaluate(new WassersteinGpLoss(), Real, new[] { 0f, 2f });
        Assert.Equal(0.5f, d, 6);    // mean(f) - mean(r) = 1 - 0.5
        Assert.Equal(-1f, g, 6);
        Assert.Equal(10.0, new WassersteinGpLoss().GradientPenaltyWeight);
    }

    [Fact]
    public void Relativistic_average_hinge_on_known_scores()
    {
        var (d, g) = Evaluate(new RelativisticHingeLoss(), Real, Fake);
        // r - mean f = [1.5, -1.5], f - mean r = [-0.5, 0.5]
        Assert.Equal(2.25f, d, 6);   // mean([0, 2.5]) + mean([0.5, 1.5])
        Assert.Equal(2.25f, g, 6);   // mean([2.5, 0]) + mean([1.5, 0.5])
    }

    [Fact]
    public void Losses_by_name_and_scores()
    {
        Assert.All(GanLoss.Names, n => Assert.Equal(n, GanLoss.FromName(n).Name));
        var e = Assert.Throws<ArgumentException>(() => GanLoss.FromName("lsgan"));
        Assert.Contains("hinge", e.Message);
        using var scope = NewDisposeScope();
        Assert.Equal(0.5f, new NonSaturatingLoss().Score(zeros(1)).item<float>());   // a logit of 0 is D = 0.5
        Assert.Equal(3f, new HingeLoss().Score(full(1, 3f)).item<float>());
    }
}
