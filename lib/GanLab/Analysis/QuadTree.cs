namespace GanLab.Analysis;

/// <summary>
/// The Barnes-Hut space-partitioning tree over 2-D points: each cell knows its points' count and centre of mass,
/// so a far cell acts on a point as one body (van der Maaten 2014, "Accelerating t-SNE using tree-based algorithms").
/// </summary>
internal sealed class QuadTree
{
    const int MaxDepth = 40;
    readonly double[] _y;
    readonly int[] _order;
    readonly List<Cell> _cells = new();

    struct Cell
    {
        public double Width;           // side of the square cell
        public double MassX, MassY;    // centre of mass of its points
        public int Count, Start, End;  // its points are _order[Start..End)
        public int FirstChild;         // index of the first of 4 consecutive children; -1 for a leaf
    }

    /// <summary>Builds the tree over points stored as (x0, y0, x1, y1, ...).</summary>
    public QuadTree(double[] y, int n)
    {
        _y = y;
        _order = new int[n];
        for (int i = 0; i < n; i++) _order[i] = i;
        double minX = double.MaxValue, minY = double.MaxValue, maxX = double.MinValue, maxY = double.MinValue;
        for (int i = 0; i < n; i++)
        {
            minX = Math.Min(minX, y[2 * i]); maxX = Math.Max(maxX, y[2 * i]);
            minY = Math.Min(minY, y[2 * i + 1]); maxY = Math.Max(maxY, y[2 * i + 1]);
        }
        double width = Math.Max(maxX - minX, maxY - minY) * (1 + 1e-9) + 1e-12;
        _cells.Add(default);
        Build(0, 0, n, minX, minY, width, 0, new int[n]);
    }

    void Build(int cell, int start, int end, double x0, double y0, double width, int depth, int[] scratch)
    {
        double mx = 0, my = 0;
        for (int k = start; k < end; k++) { mx += _y[2 * _order[k]]; my += _y[2 * _order[k] + 1]; }
        int count = end - start;
        var c = new Cell { Width = width, MassX = count > 0 ? mx / count : 0, MassY = count > 0 ? my / count : 0, Count = count, Start = start, End = end, FirstChild = -1 };
        if (count <= 1 || depth >= MaxDepth)
        {
            _cells[cell] = c;
            return;
        }
        // Split into quadrants by a counting sort of _order[start..end).
        double half = width / 2, cx = x0 + half, cy = y0 + half;
        Span<int> sizes = stackalloc int[4];
        for (int k = start; k < end; k++) sizes[Quadrant(_order[k], cx, cy)]++;
        Span<int> offsets = stackalloc int[4];
        offsets[0] = start;
        for (int q = 1; q < 4; q++) offsets[q] = offsets[q - 1] + sizes[q - 1];
        Span<int> next = stackalloc int[4];
        offsets.CopyTo(next);
        for (int k = start; k < end; k++)
        {
            int i = _order[k];
            scratch[next[Quadrant(i, cx, cy)]++] = i;
        }
        Array.Copy(scratch, start, _order, start, count);
        c.FirstChild = _cells.Count;
        _cells[cell] = c;
        for (int q = 0; q < 4; q++) _cells.Add(default);
        for (int q = 0; q < 4; q++)
        {
            int a = offsets[q], b = offsets[q] + sizes[q];
            Build(c.FirstChild + q, a, b, (q & 1) == 0 ? x0 : cx, (q & 2) == 0 ? y0 : cy, half, depth + 1, scratch);
        }
    }

    int Quadrant(int i, double cx, double cy) => (_y[2 * i] >= cx ? 1 : 0) | (_y[2 * i + 1] >= cy ? 2 : 0);

    /// <summary>
    /// The repulsive force on point <paramref name="i"/>: adds Σⱼ qᵢⱼ²Z²(yᵢ − yⱼ) to (fx, fy) and returns Σⱼ (1 + ‖yᵢ − yⱼ‖²)⁻¹,
    /// treating a cell as one body when its width / distance &lt; θ.
    /// </summary>
    public double Repulsion(int i, double theta, int[] stack, out double fx, out double fy)
    {
        double yx = _y[2 * i], yy = _y[2 * i + 1], sumQ = 0, theta2 = theta * theta;
        fx = 0; fy = 0;
        int top = 0;
        stack[top++] = 0;
        while (top > 0)
        {
            var c = _cells[stack[--top]];
            if (c.Count == 0) continue;
            if (c.FirstChild < 0)
            {
                for (int k = c.Start; k < c.End; k++)
                {
                    int j = _order[k];
                    if (j == i) continue;
                    double dx = yx - _y[2 * j], dy = yy - _y[2 * j + 1];
                    double q = 1 / (1 + dx * dx + dy * dy);
                    sumQ += q;
                    fx += q * q * dx; fy += q * q * dy;
                }
                continue;
            }
            double mx = yx - c.MassX, my = yy - c.MassY, d2 = mx * mx + my * my;
            if (c.Width * c.Width < theta2 * d2)
            {
                double q = 1 / (1 + d2), m = c.Count * q;
                sumQ += m;
                fx += m * q * mx; fy += m * q * my;
                continue;
            }
            for (int q = 0; q < 4; q++) stack[top++] = c.FirstChild + q;
        }
        return sumQ;
    }

    /// <summary>Stack size a traversal needs.</summary>
    public static int StackSize => 4 * (MaxDepth + 2);
}
