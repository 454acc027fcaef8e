using System.Globalization;

namespace Bitacora.Load;

/// <summary>Latencies in milliseconds, thread-safe to add.</summary>
internal sealed class Latencies
{
    private readonly List<double> _values = [];

    public void Add(double ms)
    {
        lock (_values) _values.Add(ms);
    }

    public int Count
    {
        get { lock (_values) return _values.Count; }
    }

    public double Mean
    {
        get { lock (_values) return _values.Count == 0 ? 0 : _values.Average(); }
    }

    /// <summary>Nearest-rank percentile (0 when empty).</summary>
    public double P(double percentile)
    {
        lock (_values)
        {
            if (_values.Count == 0) return 0;
            var sorted = _values.Order().ToArray();
            var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length) - 1;
            return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
        }
    }

    public static string Ms(double ms) => ms < 10 ? ms.ToString("0.00", CultureInfo.InvariantCulture) + " ms" : ms.ToString("0", CultureInfo.InvariantCulture) + " ms";
}

/// <summary>CPU time of a process (user + system, from /proc/&lt;pid&gt;/stat), to compare over a phase.</summary>
internal static class ProcessCpu
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    public static TimeSpan Of(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        // Fields after the command name (which may contain spaces, inside parentheses).
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    /// <summary>Resident set size in MiB (VmRSS).</summary>
    public static double RssMiB(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var kb = long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                return kb / 1024.0;
            }
        }
        return 0;
    }
}
