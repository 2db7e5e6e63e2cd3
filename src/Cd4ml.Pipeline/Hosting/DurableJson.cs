using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace Cd4ml.Pipeline.Hosting;

/// <summary>
/// How orchestration and activity payloads are written. A metric a model cannot produce is NaN (the log-loss of an
/// uncalibrated FastForest, an AUC on a holdout of one class, a group's true-positive rate without positives), and
/// plain JSON has no NaN: with the SDK's default converter such a run fails writing its own result. These are the
/// SDK's default options (fields included) plus the named literals <c>NaN</c> and <c>Infinity</c>, so everything
/// already stored still reads the same.
/// </summary>
public static class DurableJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        IncludeFields = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static DataConverter Converter { get; } = new JsonDataConverter(Options);

    /// <summary>Makes the worker and client of the default name (every host here has one of each) use <see cref="Converter"/>.</summary>
    public static IServiceCollection AddCd4mlDurableJson(this IServiceCollection services)
    {
        services.Configure<DurableTaskWorkerOptions>(o => o.DataConverter = Converter);
        services.Configure<DurableTaskClientOptions>(o => o.DataConverter = Converter);
        return services;
    }
}
