using GanLab.Training;

namespace GanLab.Workshop;

/// <summary>
/// How long each course notebook takes on a machine, from its measured speeds (<see cref="MachineSpeed"/>) and the
/// notebook's parameters: what it trains (computed as the notebook computes its budget) plus the rest of its work
/// (drawing data, evaluating, t-SNE, compiling its cells), each counted from the parameters and priced from the
/// machine's figures. <c>ganlab check</c> prints these; <c>ganlab check --against DIR</c> puts them beside a run's
/// measured times.
/// <code>
/// var estimate = CourseEstimates.For("03-dcgan-faces.ipynb", new NotebookParameters(defaults), MachineSpeed.Current);
/// Console.WriteLine(estimate);   // 2 min 40 s: DCGAN training (624 steps) 2 min 4 s, ...
/// </code>
/// </summary>
/// <remarks>
/// The prices of work that no figure measures directly are ratios measured on the 2-core development VM (CPU time on
/// one thread, 2026-12-02): to a DCGAN-32 training step (width 32, batch 64) for torch work, and to drawing one
/// procedural face for the CPU work of .NET code. They move with the machine as those two figures do.
/// </remarks>
public static class CourseEstimates
{
    // Torch work, in DCGAN-32 steps (width 32, batch 64).
    const double SamplePerImage = 0.0012;          // G(z) for one image, no gradient (width 32)
    const double FeaturesPerImage = 0.0013;        // the face classifier's features or prediction for one image
    const double EncodePerImage = 0.0013;          // E(x) for one image
    const double FitPerImageEpoch = 0.0018;        // FeatureClassifier.Fit, one image, one epoch
    const double ProjectionPerFaceStep = 0.0019;   // LatentProjection, one face, one Adam step on z
    const double CriticStep = 0.073;               // notebook 1's critic (DCGAN D of width 16, batch 64, MSE)
    // CPU work of .NET code, in faces drawn.
    const double MixedImage = 1.1;                 // Datasets.Mixed, one image
    const double TsnePerPoint = 11;                // Tsne.FitTransform, 1,000 iterations, per point
    // Starting the notebook: loading its packages, compiling its cells, the engine's own work.
    const double NotebookStart = 5;

    /// <summary>The course notebooks this knows, by file name.</summary>
    public static IReadOnlyList<string> Notebooks { get; } = new[]
    {
        "00-setup-and-tour.ipynb", "01-reverse-classifier.ipynb", "02-adversarial-game-2d.ipynb", "03-dcgan-faces.ipynb",
        "04-mode-collapse.ipynb", "05-msg-gan.ipynb", "06-latent-space.ipynb", "07-curating-unlabeled.ipynb", "08-finding-a-face.ipynb",
    };

    /// <summary>The estimate for the course notebook named <paramref name="notebook"/> (its file name), or null for a notebook this does not know.</summary>
    public static NotebookEstimate? For(string notebook, NotebookParameters p, MachineSpeed s)
    {
        string name = Path.GetFileName(notebook);
        var parts = new Estimator(p, s);
        Action<Estimator>? estimate = name switch
        {
            "00-setup-and-tour.ipynb" => SetupAndTour,
            "01-reverse-classifier.ipynb" => ReverseClassifier,
            "02-adversarial-game-2d.ipynb" => Game2d,
            "03-dcgan-faces.ipynb" => DcganFaces,
            "04-mode-collapse.ipynb" => ModeCollapse,
            "05-msg-gan.ipynb" => MsgGan,
            "06-latent-space.ipynb" => LatentSpace,
            "07-curating-unlabeled.ipynb" => Curating,
            "08-finding-a-face.ipynb" => FindingAFace,
            _ => null,
        };
        if (estimate is null) return null;
        estimate(parts);
        parts.Add("starting the notebook, compiling its cells", NotebookStart);
        return new NotebookEstimate(name, parts.Parts.OrderByDescending(x => x.Seconds).ToList());
    }

    static void SetupAndTour(Estimator e)
    {
        var p = e.P;
        e.Draw("faces and mixed images", p.Int("FaceCount", 2000) + MixedImage * p.Int("MixedCount", 400));
    }

    static void ReverseClassifier(Estimator e)
    {
        var (p, s) = (e.P, e.S);
        int batch = (int)p.Int("BatchSize", 64);
        int models = p.Bool("TrainFullDescription", true) ? 3 : 2;
        // as the notebook computes it
        double perStep = s.ReverseClassifierSecondsPerStep(batch);
        long steps = p.Int("Steps", 0) is > 0 and var given ? given : StepBudget.Fit(p.Double("TrainSeconds", 120) / models, perStep, minSteps: 300, maxSteps: 1_500).Steps;
        e.Add($"{models} reverse classifiers x {steps:N0} steps", models * steps * perStep);
        e.Torch("the critic and the paintings", p.Int("CriticSteps", 150) * CriticStep + (3 * 512 + 2048 + 1024) * SamplePerImage);
        e.Draw("faces", p.Int("TrainCount", 10_000));
    }

    static void Game2d(Estimator e)
    {
        var (p, s) = (e.P, e.S);
        long steps = p.Int("Steps", 3000), runs = p.Int("Runs", 10);
        long snapshots = steps / Math.Max(1, p.Int("SnapshotEvery", 100)) + 1;
        e.Add($"a toy GAN x {steps:N0} steps, step by step", steps * s.ToySecondsPerStep());
        if (runs > 1) e.Add($"{runs - 1} toy GANs x {steps:N0} steps, together", steps * s.ToyRunsSecondsPerStep((int)runs - 1));
        e.Add($"{snapshots} snapshots (coverage, D's surface, a frame)", snapshots * 0.05);
    }

    static void DcganFaces(Estimator e)
    {
        var (p, s) = (e.P, e.S);
        long count = p.Int("TrainCount", 10_000), evalCount = p.Int("EvalCount", 2_000), curve = p.Int("CurveCount", 512);
        int batch = (int)p.Int("BatchSize", 64), width = (int)p.Int("Width", 32);
        // as the notebook computes it (procedural faces at 32x32)
        long perEpoch = count / batch;
        double perStep = s.DcganSecondsPerStep(batch, width);
        long epochs = p.Int("Epochs", 0) is > 0 and var given ? given
            : StepBudget.Fit(p.Double("TrainSeconds", 210), perStep, perEpoch, minSteps: 4 * perEpoch, maxSteps: 20 * perEpoch).Epochs;
        e.Add($"DCGAN training ({epochs} epochs of {perEpoch} steps)", epochs * perEpoch * perStep);
        e.Torch("the Fréchet distance after each epoch", (epochs + 1) * curve * (SamplePerImage + FeaturesPerImage)
            + epochs * p.Int("SnapshotsPerEpoch", 2) * 64 * SamplePerImage);
        e.Torch("the final evaluation", evalCount * (2 * SamplePerImage + 7 * FeaturesPerImage));
        if (!p.Bool("UsePretrainedClassifier", true))
            e.Torch("training the classifier", p.Int("ClassifierTrainCount", 20_000) * p.Int("ClassifierEpochs", 6) * FitPerImageEpoch);
        e.Draw("faces", count + 2 * evalCount);
    }

    static void ModeCollapse(Estimator e)
    {
        var (p, s) = (e.P, e.S);
        // the ring, as the notebook computes its budget: every setup's step, its seeds trained together
        int seeds = (int)p.Int("RingSeeds", 2);
        var toy = new ToyGanSetup { Latent = (int)p.Int("RingLatent", 2), Hidden = (int)p.Int("RingHidden", 128), Layers = 3, BatchSize = (int)p.Int("RingBatch", 100) };
        var wgan = toy with { Options = toy.Options with { Loss = new WassersteinGpLoss(), DiscriminatorSteps = 5 } };
        double ringStep = 8 * s.ToyRunsSecondsPerStep(seeds, toy) + s.ToyRunsSecondsPerStep(seeds, wgan) + seeds * s.ToySecondsPerStep(toy);
        long ringSteps = p.Int("RingSteps", 0) is > 0 and var given ? given : StepBudget.Fit(p.Double("RingSeconds", 150), ringStep, minSteps: 1_000, maxSteps: 3_000).Steps;
        e.Add($"10 ring setups x {seeds} seeds x {ringSteps:N0} steps", ringSteps * ringStep);
        e.Add("the ring's pictures and table", 10 * seeds * 0.05 + 5 * 0.1);
        // the faces: two continuations of the pretrained DCGAN
        int width = (int)p.Int("FaceWidth", 32);
        double faceStep = s.DcganSecondsPerStep(64, width);
        long freezeSteps = p.Int("FreezeSteps", 0) is > 0 and var f ? f : StepBudget.Fit(p.Double("FreezeSeconds", 60) / 2, faceStep, minSteps: 150, maxSteps: 600).Steps;
        e.Add($"2 DCGAN continuations x {freezeSteps:N0} steps", 2 * freezeSteps * faceStep);
        if (!p.Bool("UsePretrained", true)) e.Add($"training the starting DCGAN", p.Int("FaceSteps", 600) * faceStep);
        long eval = p.Int("FaceEval", 1_000);
        e.Torch("the face metrics", eval * (3 * SamplePerImage + 7 * FeaturesPerImage) + 512 * 2 * SamplePerImage);
        e.Draw("faces", p.Int("FaceTrainCount", 10_000) + 2 * eval);
    }

    static void MsgGan(Estimator e)
    {
        var (p, s) = (e.P, e.S);
        long seeds = p.Int("SeedCount", 3), evalHalf = p.Int("EvalCount", 1000) / 2;
        int batch = (int)p.Int("BatchSize", 64);
        // as the notebook computes it
        double pixels = Math.Pow(p.Int("ImageSize", 32) / 32.0, 2);
        double dcganStep = s.DcganSecondsPerStep(batch, (int)p.Int("DcganWidth", 32)) * pixels;
        double msgStep = s.MsgGanSecondsPerStep(batch) * Math.Pow(p.Int("MsgWidth", 16) / 16.0, 2) * pixels;
        long steps = p.Int("Steps", 0) is > 0 and var given ? given
            : StepBudget.Fit(p.Double("TrainSeconds", 200), seeds * (dcganStep + msgStep), minSteps: 40, maxSteps: 360).Steps;
        long evalEvery = p.Int("EvalEvery", 0) is > 0 and var every ? every : Math.Max(1, steps / 9);
        e.Add($"{seeds} DCGAN runs x {steps:N0} steps", seeds * steps * dcganStep);
        e.Add($"{seeds} MSG-GAN runs x {steps:N0} steps", seeds * steps * msgStep);
        long evals = steps / evalEvery + 1;
        // every run's measurements, and one more per MSG-GAN run at equal wall-clock time with DCGAN's
        e.Torch("the Fréchet distance while training", (2 * evals + 1) * seeds * evalHalf * (SamplePerImage + FeaturesPerImage) + 2 * seeds * 7 * 32 * SamplePerImage);
        if (p.Bool("UseLongRuns", true)) e.Torch("the six longer runs from files", 6 * evalHalf * (SamplePerImage + 2 * FeaturesPerImage));
        e.Torch("the real faces' features", 2 * evalHalf * 3 * FeaturesPerImage);
        e.Draw("faces", p.Int("TrainFaces", 10_000) + 2 * evalHalf);
    }

    static void LatentSpace(Estimator e)
    {
        var p = e.P;
        long faces = p.Int("Faces", 2_000), clfFaces = p.Int("ClassifierFaces", 6_000), map = Math.Min(p.Int("MapPoints", 1_000), faces);
        if (!p.Bool("UsePretrained", true))
            e.Add("training G and E", p.Int("GanSteps", 1_500) * e.S.DcganSecondsPerStep() + p.Int("EncoderSteps", 1_000) * 0.5 * e.S.DcganSecondsPerStep());
        e.Torch("training the attribute classifier", clfFaces * p.Int("ClassifierEpochs", 4) * FitPerImageEpoch);
        // encode, reconstruct, random samples; the classifier on x, G(E(x)) and on 40 edits of about a quarter of the faces
        e.Torch("encoding, generating and reading faces", faces * (EncodePerImage + 3 * SamplePerImage + 3 * FeaturesPerImage) + 40 * faces / 4 * (SamplePerImage + FeaturesPerImage));
        e.Cpu($"t-SNE of {map:N0} codes", map * TsnePerPoint);
        e.Draw("faces", faces + clfFaces);
    }

    static void Curating(Estimator e)
    {
        var (p, s) = (e.P, e.S);
        long count = p.Int("Count", 3_000), evalCount = p.Int("EvalCount", 600);
        int batch = (int)p.Int("BatchSize", 64), width = (int)p.Int("Width", 16);
        double perStep = s.DcganSecondsPerStep(batch, width);
        // as the notebook computes it
        long steps = p.Int("CompareSteps", 0) is > 0 and var given ? given : StepBudget.Fit(p.Double("CompareSeconds", 150) / 2, perStep, minSteps: 1_500, maxSteps: 2_000).Steps;
        e.Add($"2 DCGANs x {steps:N0} steps", 2 * steps * perStep);
        if (!p.Bool("UsePretrained", true)) e.Add("training the GAN on the mix", p.Int("MixSteps", 800) * perStep);
        e.Cpu($"2 t-SNEs of {count:N0} images", 2 * count * TsnePerPoint);
        e.Torch("D's features, the ruler, samples and scores", p.Int("ClassifierEpochs", 3) * count * FitPerImageEpoch
            + (count + 14 * evalCount + 2 * steps / 50 * 32) * SamplePerImage / 4);
        e.Draw("mixed images", MixedImage * (count + 8 * evalCount));
    }

    static void FindingAFace(Estimator e)
    {
        var p = e.P;
        long targets = p.Int("Targets", 16), steps = p.Int("Steps", 1_000);
        if (!p.Bool("UsePretrained", true))
            e.Add("training G and E", p.Int("GanSteps", 1_500) * e.S.DcganSecondsPerStep() + p.Int("EncoderSteps", 1_000) * 0.5 * e.S.DcganSecondsPerStep());
        e.Torch($"2 projections of {targets} faces x {steps:N0} steps", 2 * targets * steps * ProjectionPerFaceStep);
        e.Torch("training the judge", p.Int("ClassifierFaces", 4_000) * p.Int("ClassifierEpochs", 3) * FitPerImageEpoch);
        e.Torch("encoding and editing", p.Int("AttributeFaces", 1_000) * (EncodePerImage + FeaturesPerImage) + 20 * targets * SamplePerImage);
        e.Draw("faces", p.Int("AttributeFaces", 1_000) + p.Int("ClassifierFaces", 4_000));
    }

    /// <summary>Collects a notebook's parts, pricing torch work in DCGAN steps and CPU work in faces drawn.</summary>
    sealed class Estimator(NotebookParameters p, MachineSpeed s)
    {
        public NotebookParameters P { get; } = p;
        public MachineSpeed S { get; } = s;
        public List<(string What, double Seconds)> Parts { get; } = new();

        public void Add(string what, double seconds) => Parts.Add((what, seconds));

        /// <summary>Torch work priced in DCGAN-32 steps (width 32, batch 64).</summary>
        public void Torch(string what, double dcganSteps) => Add(what, dcganSteps * S.DcganSecondsPerStep());

        /// <summary>CPU work priced in procedural faces drawn.</summary>
        public void Cpu(string what, double faces) => Add(what, faces / S.FacesPerSecond);

        /// <summary>Drawing data (the first run; later runs read the cache).</summary>
        public void Draw(string what, double faces) => Cpu($"drawing the {what} (first run only)", faces);
    }
}
