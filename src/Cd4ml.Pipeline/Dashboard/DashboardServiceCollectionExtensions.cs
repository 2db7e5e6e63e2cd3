using Cd4ml.Pipeline.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Cd4ml.Pipeline.Dashboard;

/// <summary>The delivery measures and the dashboard pages, for every host.</summary>
public static class DashboardServiceCollectionExtensions
{
    public static IServiceCollection AddCd4mlDashboard(this IServiceCollection services)
    {
        services.AddSingleton<DeliveryMetricsReader>();
        services.AddSingleton<MetricsApi>();
        services.AddSingleton<DashboardIndexStore>();
        services.AddSingleton<DashboardPages>();
        services.AddSingleton<DatasetPages>();
        services.AddSingleton<StoredDocuments>();
        return services;
    }
}
