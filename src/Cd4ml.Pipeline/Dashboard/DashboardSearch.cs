using System.Text;
using Cd4ml.Core.Reports;
using static Cd4ml.Pipeline.Dashboard.DashboardHtml;

namespace Cd4ml.Pipeline.Dashboard;

/// <summary>The run page's "Search" section: every rung of a spec's search, the same rows the model card shows.</summary>
internal static class DashboardSearch
{
    public static void Append(StringBuilder h, SearchReport? search)
    {
        if (search is null)
        {
            return;
        }

        h.Append(I, $"<h2>Search</h2><p>{E(SearchRows.Summary(search))}</p><table><caption>Every configuration of every rung</caption><thead><tr>");
        foreach (var column in SearchRows.Header(search))
        {
            h.Append(I, $"<th scope=\"col\">{E(column)}</th>");
        }

        h.Append("</tr></thead><tbody>");
        foreach (var row in SearchRows.Rows(search))
        {
            h.Append("<tr>");
            for (var i = 0; i < row.Length; i++)
            {
                h.Append(i is 5 or 7 ? "<td class=\"num\">" : "<td>").Append(E(row[i])).Append("</td>");
            }

            h.Append("</tr>");
        }

        h.Append("</tbody></table>");
    }
}
