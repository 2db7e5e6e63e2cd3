namespace Cd4ml.Core.Checks;

/// <summary>One check of the data-quality gate that runs before training.</summary>
public interface IDataCheck
{
    DataCheckDefinition Definition { get; }

    /// <summary>Judges the profile; returns at least one result, each naming the columns and lines it is about.</summary>
    IReadOnlyList<CheckResult> Evaluate(DataCheckContext context);
}
