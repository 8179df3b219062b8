using System.Globalization;

namespace Steward.Tests;

/// <summary>The seed of generated differential cases: fixed by default so a CI run is reproducible,
/// overridable with STEWARD_TEST_SEED (a number, or "random") to explore new cases locally.</summary>
public static class TestSeed
{
    public static int Get(int fallback)
    {
        string? value = Environment.GetEnvironmentVariable("STEWARD_TEST_SEED");
        if (value == "random")
        {
            return Environment.TickCount;
        }

        return int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int seed) ? seed : fallback;
    }
}
