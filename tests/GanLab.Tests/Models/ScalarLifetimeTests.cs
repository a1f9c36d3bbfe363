using System.Diagnostics;
using GanLab.Models;
using GanLab.Runtime;
using GanLab.Training;
using static TorchSharp.torch;

namespace GanLab.Tests.Models;

// TorchSharp 0.107 turns a number passed to a tensor op (x.pow(2), x.add(1e-8), w * scale, 1 - x) into a temporary
// Scalar with a finalizer and hands only its native handle to libtorch. A garbage collection started by another thread
// during that call lets the finalizer free the Scalar while libtorch reads it: "Unknown scalar type" or a segfault
// (dotnet/TorchSharp#1434). GanLab's layers and losses make their Scalars once, in fields, so they survive a thread that
// does nothing but make garbage; before that, these tests failed within 0.1 to 8 seconds each (PixelNorm, the losses and
// the equalised layers in every try, MinibatchStdDev in most) with libtorch's Scalar.h assertions. Tensors made inside a dispose
// scope are held by it (so never finalized early), so each block of calls runs in one, as a training step does.
// TorchSharp's own LeakyReLU module failed the same way in 5 of 5 tries (within 2-3 s), hence GanLab's LeakyReLU.
// Not tested, because TorchSharp makes Scalars per call inside them and we cannot: softplus (the ns and minimax losses),
// batch norm in training, and Adam.step.
public class ScalarLifetimeTests
{
    public ScalarLifetimeTests() => TorchRuntime.Init(device: "cpu", threads: 1, quiet: true);

    const int Block = 1000;

    /// <summary>Runs <paramref name="call"/> <paramref name="times"/> times while another thread allocates garbage (a GC every few milliseconds).</summary>
    static void UnderGarbageCollections(int times, Action call)
    {
        var stop = new StopFlag();
        var garbage = new Thread(() =>
        {
            byte[]? last = null;
            while (!stop.Value) last = new byte[1000];
            GC.KeepAlive(last);
        }) { IsBackground = true, Name = "garbage" };
        int collections = GC.CollectionCount(0);
        var watch = Stopwatch.StartNew();
        garbage.Start();
        try
        {
            for (int done = 0; done < times; done += Block)
            {
                using var scope = NewDisposeScope();
                for (int i = 0; i < Block && done + i < times; i++) call();
            }
        }
        finally
        {
            stop.Value = true;
            garbage.Join();
        }
        Console.WriteLine($"{times:N0} calls in {watch.Elapsed.TotalSeconds:F1} s, {GC.CollectionCount(0) - collections:N0} collections");
        Assert.True(GC.CollectionCount(0) - collections > 100, "The garbage thread should have forced many collections.");
    }

    sealed class StopFlag { public volatile bool Value; }

    [Fact]
    public void PixelNorm_survives_collections_on_another_thread()
    {
        using var scope = NewDisposeScope();
        var layer = new PixelNorm();
        var x = randn(2, 4, 1, 1);
        UnderGarbageCollections(20_000, () => layer.forward(x));
    }

    [Fact]
    public void MinibatchStdDev_survives_collections_on_another_thread()
    {
        using var scope = NewDisposeScope();
        var layer = new MinibatchStdDev();
        var x = randn(2, 4, 2, 2);
        UnderGarbageCollections(8_000, () => layer.forward(x));
    }

    [Fact]
    public void LeakyReLU_survives_collections_on_another_thread()
    {
        using var scope = NewDisposeScope();
        var layer = new LeakyReLU(0.2);
        var inplace = new LeakyReLU(0.2, inplace: true);
        var x = randn(2, 4);
        UnderGarbageCollections(150_000, () => { layer.forward(x); inplace.forward(x.clone()); });
    }

    [Fact]
    public void LeakyReLU_computes_what_torch_nn_LeakyReLU_computes()
    {
        using var scope = NewDisposeScope();
        var x = randn(3, 5, requires_grad: true);
        var ours = new LeakyReLU(0.2).forward(x);
        var theirs = nn.LeakyReLU(0.2).forward(x);
        Assert.True(ours.eq(theirs).all().item<bool>());
        var gradOurs = autograd.grad(new[] { ours.sum() }, new[] { x })[0];
        var gradTheirs = autograd.grad(new[] { theirs.sum() }, new[] { x })[0];
        Assert.True(gradOurs.eq(gradTheirs).all().item<bool>());
        var y = x.detach().clone();
        new LeakyReLU(0.2, inplace: true).forward(y);
        Assert.True(y.eq(theirs.detach()).all().item<bool>());
        // In a Sequential (which disposes each layer's input after the next layer ran), as DCGAN's D uses it.
        var body = nn.Sequential(nn.Identity(), new LeakyReLU(0.2, inplace: true));
        Assert.True(body.forward(x.detach().clone()).eq(theirs.detach()).all().item<bool>());
    }

    [Fact]
    public void Equalized_layers_survive_collections_on_another_thread()
    {
        using var scope = NewDisposeScope();
        var conv = new EqualizedConv2d(1, 1, 1);
        var linear = new EqualizedLinear(1, 1);
        var images = randn(1, 1, 1, 1);
        var features = randn(1, 1);
        using var _ = no_grad();
        UnderGarbageCollections(15_000, () => { conv.forward(images); linear.forward(features); });
    }

    [Fact]
    public void Losses_survive_collections_on_another_thread()
    {
        using var scope = NewDisposeScope();
        var losses = new GanLoss[] { new HingeLoss(), new RelativisticHingeLoss(), new WassersteinGpLoss() };
        var real = tensor(new[] { 2f, -1f });
        var fake = tensor(new[] { 0f, 1f });
        UnderGarbageCollections(1_500, () =>
        {
            foreach (var loss in losses)
            {
                loss.DiscriminatorLoss(real, fake);
                loss.GeneratorLoss(fake, real);
            }
        });
    }
}
