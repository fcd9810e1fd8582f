namespace NasSharp.Strategies.Evolution;

/// <summary>
/// The population of regularized (aging) evolution (Real et al., AAAI 2019, Algorithm 1): members in the order they
/// joined; adding one beyond <see cref="Capacity"/> removes the oldest, whatever its score; the parent is the best of a
/// tournament drawn uniformly with replacement (AutoDL-Projects <c>regularized_ea.py</c>: <c>random.choice</c> once per
/// tournament slot).
/// </summary>
public sealed class AgingPopulation
{
    private readonly List<PopulationMember> _members;

    /// <summary>Creates a population of at most <paramref name="capacity"/> members, optionally restored from
    /// <paramref name="members"/> (oldest first).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is below 1.</exception>
    /// <exception cref="ArgumentException"><paramref name="members"/> has more than <paramref name="capacity"/> members.</exception>
    public AgingPopulation(int capacity, IEnumerable<PopulationMember>? members = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _members = members?.ToList() ?? [];
        if (_members.Count > capacity)
            throw new ArgumentException($"A population of capacity {capacity} cannot hold {_members.Count} members.", nameof(members));
    }

    /// <summary>The most members it keeps.</summary>
    public int Capacity { get; }

    /// <summary>The members, oldest first.</summary>
    public IReadOnlyList<PopulationMember> Members => _members;

    /// <summary>Whether it holds <see cref="Capacity"/> members.</summary>
    public bool IsFull => _members.Count == Capacity;

    /// <summary>Appends <paramref name="member"/> as the youngest; when that makes one too many, removes and returns the
    /// oldest (age-based removal, not the worst), else returns null.</summary>
    public PopulationMember? Add(PopulationMember member)
    {
        ArgumentNullException.ThrowIfNull(member);
        _members.Add(member);
        if (_members.Count <= Capacity) return null;
        var oldest = _members[0];
        _members.RemoveAt(0);
        return oldest;
    }

    /// <summary>The tournament winner: <paramref name="sample"/> members drawn uniformly with replacement
    /// (<c>random.Next(count)</c> each), the one with the highest <see cref="PopulationMember.Score"/>; a failed member
    /// (null score) counts as −∞, and ties go to the one drawn first (as Python's <c>max</c>), so when every drawn
    /// member failed the first drawn is the parent.</summary>
    /// <exception cref="InvalidOperationException">The population is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sample"/> is below 1.</exception>
    public PopulationMember Tournament(Random random, int sample)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfLessThan(sample, 1);
        if (_members.Count == 0) throw new InvalidOperationException("A tournament needs at least one member in the population.");
        PopulationMember? best = null;
        for (var i = 0; i < sample; i++)
        {
            var candidate = _members[random.Next(_members.Count)];
            if (best is null || (candidate.Score ?? double.NegativeInfinity) > (best.Score ?? double.NegativeInfinity)) best = candidate;
        }
        return best!;
    }
}
