using Cd4ml.Core.Scoring;
using Cd4ml.Pipeline.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cd4ml.Pipeline.Scoring;

/// <summary>Registration of batch and online scoring (<c>Cd4ml:Scoring</c>), shared by every host. Called by <c>AddCd4mlPipeline</c>.</summary>
public static class ScoringServiceCollectionExtensions
{
    public static IServiceCollection AddCd4mlScoring(this IServiceCollection services)
    {
        services.AddOptions<ScoringOptions>().BindConfiguration(ScoringOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ScoringOptions>, ScoringOptionsValidation>();
        services.AddSingleton<ScoringModels>();
        services.AddSingleton<ScoringStorage>();
        services.AddSingleton<ScoringQuarantine>();
        services.AddSingleton<ScoringArrivalHandler>();
        services.AddSingleton<ScoringReceipts>();
        services.AddSingleton<OnlineSamples>();
        services.AddSingleton<PredictApi>();
        return services;
    }
}

/// <summary>Each out-of-range scoring setting stops the host at start-up with its own message naming it.</summary>
internal sealed class ScoringOptionsValidation : IValidateOptions<ScoringOptions>
{
    public ValidateOptionsResult Validate(string? name, ScoringOptions options) =>
        options.Problems() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
}
