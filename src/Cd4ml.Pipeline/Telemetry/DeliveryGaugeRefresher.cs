using Cd4ml.Pipeline.Dashboard;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cd4ml.Pipeline.Telemetry;

/// <summary><c>Cd4ml:DeliveryMetrics</c>: how often the delivery gauges are read again from storage.</summary>
public sealed class DeliveryGaugeOptions
{
    public const string Section = "Cd4ml:DeliveryMetrics";

    /// <summary>
    /// How often every pipeline's delivery measures are read (one audit-log read and one run-index read per pipeline).
    /// <c>00:00:00</c> turns the gauges off.
    /// </summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>
/// Reads the delivery measures of every pipeline at start and then every <see cref="DeliveryGaugeOptions.RefreshInterval"/>
/// and hands them to <see cref="DeliveryGauges"/>. A failed read keeps the previous snapshot and is logged; the next
/// interval tries again.
/// </summary>
public sealed partial class DeliveryGaugeRefresher(DeliveryMetricsReader reader, IOptions<DeliveryGaugeOptions> options, TimeProvider time, ILogger<DeliveryGaugeRefresher> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.RefreshInterval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                DeliveryGauges.Publish(await reader.ReadAsync(pipeline: null, since: null, stoppingToken).ConfigureAwait(false));
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                RefreshFailed(logger, ex, interval);
            }

            try
            {
                await Task.Delay(interval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "Reading the delivery metrics for the gauges failed; the previous values stay and the next read is in {Interval}")]
    private static partial void RefreshFailed(ILogger logger, Exception exception, TimeSpan interval);
}
