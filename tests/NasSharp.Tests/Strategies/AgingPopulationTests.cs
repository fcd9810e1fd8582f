namespace NasSharp.Tests.Strategies;

using NasSharp.Strategies.Evolution;

/// <summary>The aging population: removal by age, not score; tournaments with replacement; failures never preferred.</summary>
public sealed class AgingPopulationTests
{
    private static PopulationMember M(int born, double? score) => new($"m{born}", "{}", score, born);

    [Fact]
    public void Add_BeyondCapacity_KeepsSizeAndRemovesTheOldestNotTheWorst()
    {
        var population = new AgingPopulation(3);
        Assert.Null(population.Add(M(1, 0.95))); // the best, and the oldest
        Assert.Null(population.Add(M(2, 0.10))); // the worst
        Assert.Null(population.Add(M(3, 0.50)));
        Assert.True(population.IsFull);
        var removed = population.Add(M(4, 0.20));
        Assert.Equal("m1", removed!.Key);
        Assert.Equal(["m2", "m3", "m4"], population.Members.Select(m => m.Key));
        Assert.Equal("m2", population.Add(M(5, 0.30))!.Key); // then the next oldest, the worst only because it is old
        Assert.Equal(3, population.Members.Count);
    }

    [Fact]
    public void Tournament_ManySeeds_IsTheBestOfItsDrawsWithReplacement()
    {
        var population = new AgingPopulation(4);
        foreach (var m in new[] { M(1, 0.3), M(2, 0.9), M(3, null), M(4, 0.6) }) population.Add(m);
        var sawRepeat = false;
        for (var seed = 0; seed < 500; seed++)
        {
            var draws = Enumerable.Range(0, 3).Select(_ => 0).ToArray();
            var replay = new Random(seed);
            for (var i = 0; i < 3; i++) draws[i] = replay.Next(4);
            sawRepeat |= draws.Distinct().Count() < 3;
            var drawn = draws.Select(i => population.Members[i]).ToArray();
            // Expected: highest score, failed = -inf, first drawn on ties.
            var expected = drawn.Aggregate((best, c) => (c.Score ?? double.NegativeInfinity) > (best.Score ?? double.NegativeInfinity) ? c : best);
            Assert.Equal(expected, population.Tournament(new Random(seed), 3));
        }
        Assert.True(sawRepeat, "draws are with replacement, so some tournaments repeat a member");
    }

    [Fact]
    public void Tournament_FailedMember_ParentOnlyWhenEveryDrawFailed()
    {
        var population = new AgingPopulation(2);
        population.Add(M(1, null));
        population.Add(M(2, 0.1));
        for (var seed = 0; seed < 200; seed++)
        {
            var replay = new Random(seed);
            var allFailed = Enumerable.Range(0, 3).All(_ => replay.Next(2) == 0);
            Assert.Equal(allFailed ? "m1" : "m2", population.Tournament(new Random(seed), 3).Key);
        }
    }

    [Fact]
    public void Create_MoreMembersThanCapacityOrEmptyTournament_Throws()
    {
        Assert.Throws<ArgumentException>(() => new AgingPopulation(1, [M(1, 0.1), M(2, 0.2)]));
        var e = Assert.Throws<InvalidOperationException>(() => new AgingPopulation(2).Tournament(new Random(1), 3));
        Assert.Contains("at least one member", e.Message);
    }
}
