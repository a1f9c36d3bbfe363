using TorchSharp;
using static TorchSharp.torch;

namespace GanLab.Data;

public static partial class Datasets
{
    /// <summary>Where CelebA is downloaded from (the official page links the Google Drive and Baidu folders).</summary>
    public const string CelebAUrl = "https://mmlab.ie.cuhk.edu.hk/projects/CelebA.html";
    /// <summary>Where Fashion-MNIST is downloaded from.</summary>
    public const string FashionMnistUrl = "https://github.com/zalandoresearch/fashion-mnist";
    /// <summary>Where the Debian package <c>dataset-fashion-mnist</c> installs Fashion-MNIST.</summary>
    public const string FashionMnistSystemDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>Fashion-MNIST's ten class names, in label order.</summary>
    public static IReadOnlyList<string> FashionMnistClasses { get; } = new[]
        { "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot" };

    /// <summary>
    /// Every .jpg/.jpeg/.png under <paramref name="root"/> (sub-folders included), as torchvision's ImageFolder with
    /// the DCGAN tutorial's transforms: the centred square (or a <paramref name="centerCrop"/>-pixel centre crop
    /// first, 108 for CelebA) resized to <paramref name="size"/>. When every image is inside a first-level sub-folder,
    /// the sub-folder is the label (ClassNames in sorted order). Unreadable files are skipped and counted in
    /// <see cref="ImageDataset.SkippedFiles"/>. Decoded images are cached, and re-decoded when any file changes.
    /// </summary>
    /// <param name="root">The folder.</param>
    /// <param name="size">Output side in pixels.</param>
    /// <param name="centerCrop">Crop this many centre pixels before resizing (null: the largest centred square).</param>
    /// <param name="channels">3 for RGB, 1 for gray.</param>
    /// <param name="limit">Use only the first files (in sorted order), for a quick run on a large folder.</param>
    /// <param name="cache">Keep decoded images in a cache file.</param>
    /// <param name="cacheDir">The cache folder; null means <see cref="DataCache.DefaultDirectory"/>.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="DataFileException">The folder holds no images, or none could be read.</exception>
    public static ImageDataset ImageFolder(string root, int size = 64, int? centerCrop = null, int channels = 3,
        int? limit = null, bool cache = true, string? cacheDir = null)
    {
        CheckCountAndSize(1, size);
        CheckChannels(channels);
        string full = Path.GetFullPath(root);
        if (!Directory.Exists(full))
            throw new DirectoryNotFoundException(
                $"Image folder not found: {full}. Put your .jpg/.png images there (sub-folders are fine). " +
                $"For CelebA, download img_align_celeba.zip from {CelebAUrl} and unzip it there, or use Datasets.CelebA.");
        var files = ImageFiles.Find(full);
        if (files.Length == 0)
            throw new DataFileException(full, null, "contains no .jpg, .jpeg or .png images (searched recursively).");
        if (limit is { } l) files = files.Take(Math.Max(1, l)).ToArray();

        bool labelled = files.All(f => f.Contains(Path.DirectorySeparatorChar));
        string[]? classes = labelled ? files.Select(f => f.Split(Path.DirectorySeparatorChar)[0]).Distinct().OrderBy(c => c, StringComparer.Ordinal).ToArray() : null;

        string identity = $"folder v1 {full} size {size} crop {centerCrop} channels {channels} limit {limit}";
        string fingerprint = ImageFiles.Fingerprint(full, files);
        string name = Path.GetFileName(full.TrimEnd(Path.DirectorySeparatorChar));
        return Cached($"folder-{SafeName(name)}-{size}", identity, fingerprint, cache, cacheDir, () =>
        {
            var (pixels, kept, skipped) = ImageFiles.Decode(full, files, size, centerCrop, channels);
            if (kept.Length == 0)
                throw new DataFileException(full, null, $"none of its {files.Length} images could be read; the first: {skipped.FirstOrDefault()}");
            var keptFiles = kept.Select(i => files[i]).ToArray();
            return new RawImages
            {
                Pixels = pixels, Count = kept.Length, Channels = channels, Height = size, Width = size,
                Labels = classes is null ? null : keptFiles.Select(f => (long)Array.IndexOf(classes, f.Split(Path.DirectorySeparatorChar)[0])).ToArray(),
                ClassNames = classes,
                FileNames = keptFiles,
                Skipped = skipped,
            };
        }, $"folder {name}");
    }

    /// <summary>
    /// One image file prepared exactly as <see cref="ImageFolder"/> prepares each of its images (the centred square, or a
    /// <paramref name="centerCrop"/>-pixel centre crop first, resized to <paramref name="size"/>): a learner's own photo
    /// for a model trained at that size. Returns (1, channels, size, size) in [-1, 1] on the CPU; nothing is cached.
    /// </summary>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="DataFileException">The file is not a readable image.</exception>
    public static Tensor ImageFile(string path, int size = 64, int? centerCrop = null, int channels = 3)
    {
        CheckCountAndSize(1, size);
        CheckChannels(channels);
        string full = Path.GetFullPath(path);
        if (!File.Exists(full)) throw new FileNotFoundException($"Image file not found: {full}. Give the path of a .jpg or .png file.", full);
        var (pixels, kept, skipped) = ImageFiles.Decode(Path.GetDirectoryName(full)!, new[] { Path.GetFileName(full) }, size, centerCrop, channels);
        if (kept.Length == 0) throw new DataFileException(full, null, $"is not a readable image ({skipped.FirstOrDefault()}).");
        var raw = new RawImages { Pixels = pixels, Count = 1, Channels = channels, Height = size, Width = size };
        using var data = raw.ToDataset($"file {Path.GetFileName(full)}");
        return data.Images.clone();
    }

    /// <summary>
    /// CelebA (aligned and cropped faces) in the layout it is downloaded in: <c>root/img_align_celeba/*.jpg</c>,
    /// <c>root/list_attr_celeba.txt</c> (a count line, a header line with the 40 attribute names, then one line per
    /// image with -1/1 values) and <c>root/list_eval_partition.txt</c> (image and 0 train / 1 valid / 2 test).
    /// torchvision's <c>root/celeba/</c> layout works too. Attributes become 0/1. Images get the 108-pixel centre crop
    /// resized to <paramref name="size"/>, as in the DCGAN-on-CelebA code; missing or corrupt images are skipped and counted.
    /// </summary>
    /// <param name="root">The folder holding img_align_celeba and the two list files.</param>
    /// <param name="size">Output side in pixels (64 in the DCGAN papers).</param>
    /// <param name="split">"train", "valid", "test" or "all", as torchvision.</param>
    /// <param name="centerCrop">Centre crop before resizing; null resizes the centred square instead.</param>
    /// <param name="limit">Use only the first images of the split (the full set is 200k images, 9.8 GB as floats at 64x64).</param>
    /// <param name="cache">Keep decoded images in a cache file.</param>
    /// <param name="cacheDir">The cache folder; null means <see cref="DataCache.DefaultDirectory"/>.</param>
    public static ImageDataset CelebA(string root, int size = 64, string split = "train", int? centerCrop = 108,
        int? limit = null, bool cache = true, string? cacheDir = null)
    {
        CheckCountAndSize(1, size);
        int? partition = split.ToLowerInvariant() switch
        {
            "train" => 0, "valid" => 1, "test" => 2, "all" => null,
            _ => throw new ArgumentException($"split must be train, valid, test or all; got '{split}'.", nameof(split)),
        };
        string full = Path.GetFullPath(root);
        if (!Directory.Exists(Path.Combine(full, "img_align_celeba")) && Directory.Exists(Path.Combine(full, "celeba", "img_align_celeba")))
            full = Path.Combine(full, "celeba");
        string images = Path.Combine(full, "img_align_celeba"), attrPath = Path.Combine(full, "list_attr_celeba.txt"), partPath = Path.Combine(full, "list_eval_partition.txt");
        string howTo = $"Download img_align_celeba.zip, list_attr_celeba.txt and list_eval_partition.txt from {CelebAUrl} (\"Align&Cropped Images\", \"Anno\" and \"Eval\") and unzip them into {full}, so that {Path.Combine(images, "000001.jpg")} exists.";
        if (!Directory.Exists(images)) throw new DirectoryNotFoundException($"CelebA images not found: {images}. {howTo}");
        if (!File.Exists(attrPath)) throw new FileNotFoundException($"CelebA attributes not found: {attrPath}. {howTo}", attrPath);
        if (partition is not null && !File.Exists(partPath)) throw new FileNotFoundException($"CelebA partition file not found: {partPath}. {howTo}", partPath);

        var (names, fileNames, values) = CelebAFiles.ReadAttributes(attrPath);
        var selected = Enumerable.Range(0, fileNames.Length).ToArray();
        if (partition is { } wanted)
        {
            var parts = CelebAFiles.ReadPartition(partPath);
            selected = selected.Where(i => parts.TryGetValue(fileNames[i], out int p)
                ? p == wanted
                : throw new DataFileException(partPath, null, $"has no line for {fileNames[i]} (listed in {Path.GetFileName(attrPath)} line {i + 3}).")).ToArray();
        }
        if (limit is { } l) selected = selected.Take(Math.Max(1, l)).ToArray();
        var relative = selected.Select(i => Path.Combine("img_align_celeba", fileNames[i])).ToArray();

        string identity = $"celeba v1 {full} size {size} split {split} crop {centerCrop} limit {limit}";
        string fingerprint = ImageFiles.Fingerprint(full, relative, attrPath, partPath);
        return Cached($"celeba-{split}-{size}", identity, fingerprint, cache, cacheDir, () =>
        {
            var (pixels, kept, skipped) = ImageFiles.Decode(full, relative, size, centerCrop, 3);
            if (kept.Length == 0 && relative.Length > 0)
                throw new DataFileException(images, null, $"none of the {relative.Length} images of the {split} split could be read; the first: {skipped.FirstOrDefault()}");
            int a = names.Length;
            var attributes = new byte[kept.Length * a];
            for (int k = 0; k < kept.Length; k++)
                for (int j = 0; j < a; j++)
                    attributes[k * a + j] = values[selected[kept[k]] * a + j] > 0 ? (byte)1 : (byte)0;
            return new RawImages
            {
                Pixels = pixels, Count = kept.Length, Channels = 3, Height = size, Width = size,
                Attributes = attributes, AttributeNames = names,
                FileNames = kept.Select(k => fileNames[selected[k]]).ToArray(),
                Skipped = skipped,
            };
        }, $"CelebA {split}");
    }

    /// <summary>
    /// Fashion-MNIST (Zalando): 28x28 gray clothes in ten classes, 60,000 training and 10,000 test images, read from
    /// <paramref name="dir"/> (default <c>/usr/share/datasets/fashion-mnist</c>, where <c>bash .ci/install-deps</c> puts it).
    /// </summary>
    /// <param name="dir">Folder with train-images-idx3-ubyte(.gz) and the three other files; null for the system copy.</param>
    /// <param name="train">The 60,000 training images (true) or the 10,000 test images.</param>
    /// <param name="size">Output side; 28 is the original, 32 suits a DCGAN-32 (bilinear resize).</param>
    public static ImageDataset FashionMnist(string? dir = null, bool train = true, int size = 28)
        => IdxPair("Fashion-MNIST", dir ?? FashionMnistSystemDirectory, train, size, FashionMnistClasses,
            $"On Debian/Ubuntu run `bash .ci/install-deps` (it installs the package dataset-fashion-mnist into {FashionMnistSystemDirectory}), or download the four .gz files from {FashionMnistUrl} into a folder and pass it as dir.");

    /// <summary>MNIST's handwritten digits from <paramref name="dir"/> (the four IDX files from the MNIST page, gzipped or not).</summary>
    public static ImageDataset Mnist(string dir, bool train = true, int size = 28)
        => IdxPair("MNIST", dir, train, size, Enumerable.Range(0, 10).Select(d => d.ToString()).ToArray(),
            "Download train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz from https://yann.lecun.com/exdb/mnist/ (or a mirror) into that folder.");

    static ImageDataset IdxPair(string name, string dir, bool train, int size, IReadOnlyList<string> classes, string howTo)
    {
        string prefix = train ? "train" : "t10k";
        string Find(string stem)
        {
            foreach (var folder in new[] { dir, Path.Combine(dir, name.Replace("-", ""), "raw") })
                foreach (var file in new[] { stem + ".gz", stem })
                    if (File.Exists(Path.Combine(folder, file))) return Path.Combine(folder, file);
            throw new FileNotFoundException($"{name} not found: no {Path.Combine(Path.GetFullPath(dir), stem + ".gz")} (or without .gz). {howTo}", Path.Combine(dir, stem + ".gz"));
        }
        string images = Find($"{prefix}-images-idx3-ubyte"), labels = Find($"{prefix}-labels-idx1-ubyte");
        var data = Idx(images, labels, size, classes);
        data.Source = $"{name} {(train ? "train" : "test")}";
        return data;
    }

    /// <summary>
    /// Images from IDX files (gzipped or plain; the magic number is checked): an unsigned-byte images file
    /// (N, H, W), and optionally the matching labels file (N). Images become (N, 1, H, W) in [-1, 1].
    /// </summary>
    /// <param name="imagesPath">The images file, for example train-images-idx3-ubyte.gz.</param>
    /// <param name="labelsPath">The labels file, or null.</param>
    /// <param name="size">Resize to this side (bilinear); null keeps the stored size.</param>
    /// <param name="classNames">Names of the label values, or null.</param>
    public static ImageDataset Idx(string imagesPath, string? labelsPath = null, int? size = null, IReadOnlyList<string>? classNames = null)
    {
        var (shape, pixels) = IdxFile.Read(imagesPath, 3);
        long[]? labels = null;
        if (labelsPath is not null)
        {
            var (labelShape, labelBytes) = IdxFile.Read(labelsPath, 1);
            if (labelShape[0] != shape[0])
                throw new DataFileException(labelsPath, null, $"holds {labelShape[0]} labels but {imagesPath} holds {shape[0]} images.");
            labels = labelBytes.Select(b => (long)b).ToArray();
        }
        var raw = new RawImages { Pixels = pixels, Count = shape[0], Channels = 1, Height = shape[1], Width = shape[2], Labels = labels, ClassNames = classNames?.ToArray() };
        var data = raw.ToDataset($"IDX {Path.GetFileName(imagesPath)}");
        if (size is not { } s || (s == shape[1] && s == shape[2])) return data;
        CheckCountAndSize(1, s);
        using (data)
        {
            using var scope = NewDisposeScope();
            var resized = nn.functional.interpolate(data.Images, new long[] { s, s }, mode: InterpolationMode.Bilinear, align_corners: false).clamp(-1f, 1f);
            var result = new ImageDataset(resized, data.Labels?.clone(), null, null, classNames) { Source = data.Source };
            result.DetachFromScope();
            return result;
        }
    }

    static void CheckChannels(int channels)
    {
        if (channels is not (1 or 3)) throw new ArgumentOutOfRangeException(nameof(channels), $"channels must be 1 (gray) or 3 (RGB), got {channels}.");
    }

    static string SafeName(string name)
    {
        var chars = name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').Take(40).ToArray();
        return chars.Length == 0 ? "root" : new string(chars);
    }
}
