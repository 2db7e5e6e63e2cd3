using Cd4ml.Core.Monitoring;
using static Cd4ml.Core.Tests.Monitoring.MonitoringRows;

namespace Cd4ml.Core.Tests.Monitoring;

public sealed class MonitoringReportHtmlTests
{
    private const string Hostile = "<script>alert(1)</script>";

    [Fact]
    public void The_page_is_self_contained_and_encodes_every_value_from_the_data()
    {
        var metric = new LiveMetric("auc", 0.8, 0.5, 0.45, 0.55, 0.3, 0.25, 0.35, 0.05, true);
        var report = new MonitoringReport
        {
            Pipeline = "p",
            EvaluatedAt = T0,
            ChampionVersion = 2,
            Policy = "policy",
            Join = new JoinCounts { Samples = [$"feedback/p/x.csv:2: '{Hostile}' is not one of the model's classes"] },
            Windows =
            [
                new WindowReport(Hostile, T0, T0, 300, true, true, true, [Hostile], [metric], [],
                    [new DriftMeasure(Hostile, LiveDrift.Psi, 0.4, true)]),
            ],
            Incidents = [new Incident { Id = "i", Pipeline = "p", ModelVersion = 2, Window = Hostile, OpenedAt = T0, Reasons = [Hostile], Action = "alert" }],
        };

        var html = MonitoringReportHtml.Render(report);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", html, StringComparison.Ordinal);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
    }
}
