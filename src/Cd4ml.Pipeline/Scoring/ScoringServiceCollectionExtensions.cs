using Cd4ml.Core.Scoring;
using Cd4ml.Pipeline.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Cd4ml.Pipeline.Scoring;

/// <summary>Registration of batch and online scoring (<c>Cd4ml:Scoring</c>), shared by every host. Called by <c>AddCd4mlPipeline</c>.</summary>
public static class ScoringServiceCollectionExtensions
{
    public static IServiceCollection AddCd4mlScoring(this IServiceCollection services)
    {
        services.AddOptions<ScoringOptions>().BindConfiguration(ScoringOptions.Section)
            .Validate(o => o.Problems().Count == 0, $"{ScoringOptions.Section}: a setting is out of range (see docs/scoring.md, Settings)")
            .ValidateOnStart();
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
