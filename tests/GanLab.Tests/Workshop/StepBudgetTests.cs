using GanLab.Workshop;

namespace GanLab.Tests.Workshop;

public class StepBudgetTests
{
    [Fact]
    public void A_budget_becomes_the_whole_epochs_that_fit()
    {
        // 100 s at 0.2 s per step: 500 steps fit, 3 whole epochs of 156.
        var budget = StepBudget.Fit(100, 0.2, stepsPerEpoch: 156);
        Assert.Equal(468, budget.Steps);
        Assert.Equal(3, budget.Epochs);
        Assert.Equal(468, budget.FittingSteps);
        Assert.False(budget.BelowFloor);
        Assert.False(budget.Capped);
        Assert.Equal(93.6, budget.EstimatedSeconds, 6);
    }

    [Fact]
    public void Per_epoch_work_counts_against_the_budget()
    {
        // An evaluation of 10 s per epoch of 100 steps at 0.1 s: 20 s an epoch, so 5 epochs in 100 s (10 without it).
        Assert.Equal(1000, StepBudget.Fit(100, 0.1, stepsPerEpoch: 100).Steps);
        var budget = StepBudget.Fit(100, 0.1, stepsPerEpoch: 100, secondsPerEpoch: 10);
        Assert.Equal(500, budget.Steps);
        Assert.Equal(100, budget.EstimatedSeconds, 6);
    }

    [Fact]
    public void The_floor_and_the_ceiling_are_whole_epochs_and_say_so()
    {
        var slow = StepBudget.Fit(10, 1.0, stepsPerEpoch: 50, minSteps: 120, maxSteps: 1000);
        Assert.Equal(150, slow.Steps);                  // the floor, rounded up to 3 epochs
        Assert.True(slow.BelowFloor);
        Assert.Contains("the floor", slow.ToString());

        var fast = StepBudget.Fit(1000, 0.01, stepsPerEpoch: 50, minSteps: 120, maxSteps: 1020);
        Assert.Equal(1000, fast.Steps);                 // the ceiling, rounded down to 20 epochs
        Assert.True(fast.Capped);
        Assert.Contains("the ceiling", fast.ToString());
    }

    [Fact]
    public void Without_epochs_the_budget_is_a_plain_step_count()
    {
        var budget = StepBudget.Fit(30, 0.004, minSteps: 500, maxSteps: 3000);
        Assert.Equal(3000, budget.Steps);
        Assert.Equal(7500, budget.FittingSteps);
        Assert.Equal("30 s budget at 0.0040 s per step: 3,000 steps (the ceiling: the budget held more), about 12 s", budget.ToString());
    }

    [Fact]
    public void Explicit_steps_win_and_are_estimated_at_the_same_speed()
    {
        var given = StepBudget.Exactly(700, 0.2, stepsPerEpoch: 156);
        Assert.Equal(700, given.Steps);
        Assert.Null(given.BudgetSeconds);
        Assert.False(given.BelowFloor || given.Capped);
        Assert.Equal("given: 700 steps (4.5 epochs), about 2 min 20 s", given.ToString());
    }

    [Fact]
    public void Nonsense_is_refused_with_the_value_named()
    {
        Assert.Contains("positive", Assert.Throws<ArgumentOutOfRangeException>(() => StepBudget.Fit(10, 0)).Message);
        Assert.Contains("at least 0", Assert.Throws<ArgumentOutOfRangeException>(() => StepBudget.Fit(double.NaN, 0.1)).Message);
        Assert.Contains("at least one step", Assert.Throws<ArgumentOutOfRangeException>(() => StepBudget.Fit(10, 0.1, stepsPerEpoch: 0)).Message);
        Assert.Contains("above maxSteps", Assert.Throws<ArgumentException>(() => StepBudget.Fit(10, 0.1, minSteps: 10, maxSteps: 5)).Message);
        Assert.Contains("negative", Assert.Throws<ArgumentOutOfRangeException>(() => StepBudget.Exactly(-1, 0.1)).Message);
    }

    [Theory]
    [InlineData(0.4, "0 s")]
    [InlineData(59.4, "59 s")]
    [InlineData(124, "2 min 4 s")]
    public void Durations_read_as_minutes_and_seconds(double seconds, string text) => Assert.Equal(text, StepBudget.Duration(seconds));
}
