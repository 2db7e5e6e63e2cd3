namespace Cd4ml.Core.Promotion;

/// <summary>
/// One candidate's primary metric where it was selected and where it was judged: <see cref="Selection"/> on validation
/// rows of the training part (<see cref="SelectionSource"/>; null when the holdout picked it, e.g. a single candidate or
/// an older run), <see cref="Holdout"/> on the holdout, which only the winner's comparison with the champion uses.
/// </summary>
public sealed record CandidateRanking(string Id, string? SelectionSource, double? Selection, double? Holdout, string? Problem = null);
