using Cd4ml.Core.Checks;

namespace Cd4ml.Core.Tests.Checks;

/// <summary>Which value of a two-valued label is the positive class.</summary>
public sealed class LabelClassesTests
{
    [Theory]
    [InlineData("yes", "no", "yes")]
    [InlineData("no", "yes", "yes")]
    [InlineData("No", "Yes", "Yes")]
    [InlineData("0", "1", "1")]
    [InlineData("1", "0", "1")]
    [InlineData("true", "false", "true")]
    [InlineData("False", "TRUE", "TRUE")]
    [InlineData("n", "y", "y")]
    [InlineData("negative", "positive", "positive")]
    public void Conventional_positive_is_inferred(string first, string second, string positive)
    {
        var (p, n, problem) = LabelClasses.Resolve([first, second], declaredPositive: null);

        Assert.Null(problem);
        Assert.Equal(positive, p);
        Assert.Equal(positive == first ? second : first, n);
    }

    [Fact]
    public void Unknown_pair_needs_positive_class()
    {
        var (p, n, problem) = LabelClasses.Resolve(["good", "bad"], declaredPositive: null);

        Assert.Null(p);
        Assert.Null(n);
        Assert.Equal("cannot tell which of 'bad', 'good' is the positive class; set \"positiveClass\" in the spec", problem);
    }

    [Fact]
    public void Declared_positive_class_resolves_an_unknown_pair()
    {
        var (p, n, problem) = LabelClasses.Resolve(["good", "bad"], declaredPositive: "bad");

        Assert.Null(problem);
        Assert.Equal("bad", p);
        Assert.Equal("good", n);
    }

    [Fact]
    public void Declared_positive_class_overrides_the_convention()
    {
        var (p, n, _) = LabelClasses.Resolve(["yes", "no"], declaredPositive: "no");

        Assert.Equal("no", p);
        Assert.Equal("yes", n);
    }

    [Fact]
    public void Declared_positive_class_must_match_exactly()
    {
        var (p, _, problem) = LabelClasses.Resolve(["good", "bad"], declaredPositive: "Bad");

        Assert.Null(p);
        Assert.Equal("positiveClass 'Bad' is not one of the label's values (bad, good)", problem);
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("yes", 1)]
    [InlineData("yes,no,maybe", 3)]
    public void Label_without_exactly_two_values_is_not_binary(string values, int count)
    {
        var (p, _, problem) = LabelClasses.Resolve(values.Split(',', StringSplitOptions.RemoveEmptyEntries), declaredPositive: "yes");

        Assert.Null(p);
        Assert.Equal($"a binary label needs exactly 2 distinct values, found {count}", problem);
    }
}
