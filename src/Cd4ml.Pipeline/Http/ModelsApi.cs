using System.Globalization;
using Azure;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Storage;
using Cd4ml.Pipeline.Governance;
using Cd4ml.Pipeline.Triggers;
using Microsoft.AspNetCore.Http;

namespace Cd4ml.Pipeline.Http;

/// <summary>
/// The model management routes (<c>/api/models/...</c>), written once against ASP.NET Core types so the Functions app
/// and <c>cd4ml serve</c> share them. Every name from the route is checked before any storage call; every refusal
/// is a 4xx with <c>{"error": "..."}</c>.
/// </summary>
public sealed class ModelsApi(ModelGovernance governance, PipelineSpecStore specs, RequestActors actors)
{
    /// <summary>Management requests are a few hundred bytes; anything much larger is refused before it is all read.</summary>
    public const int MaxBodyBytes = 16 * 1024;

    private const int MaxReason = 1000;
    private const int MaxBy = 200;
    private const string PutExample = """{"version": 3, "reason": "why", "by": "who"}""";
    private const string RollbackExample = """{"alias": "champion", "expectedVersion": 3, "toVersion": 2, "reason": "why", "by": "who"}""";

    private ModelRegistry Registry => governance.Registry;

    /// <summary><c>GET /api/models/{pipeline}</c>: aliases and version summaries.</summary>
    public async Task<IResult> GetModelAsync(string pipeline, CancellationToken ct = default)
    {
        if (BadPipeline(pipeline) is { } bad)
        {
            return bad;
        }

        var versions = await Registry.ListVersionSummariesAsync(pipeline, ct).ConfigureAwait(false);
        if (versions.Count == 0 && !await specs.ExistsAsync(pipeline, ct).ConfigureAwait(false))
        {
            return UnknownPipeline(pipeline);
        }

        var aliases = await Registry.ListAliasesAsync(pipeline, ct).ConfigureAwait(false);
        return ApiResults.Json(new ModelOverview(pipeline, aliases, versions));
    }

    /// <summary><c>GET /api/models/{pipeline}/versions/{version}</c>: the version's manifest.</summary>
    public async Task<IResult> GetVersionAsync(string pipeline, string version, CancellationToken ct = default)
    {
        var badVersion = BadVersion(version, out var number);
        var bad = BadPipeline(pipeline) ?? badVersion;
        if (bad is not null)
        {
            return bad;
        }

        var manifest = await Registry.GetManifestAsync(pipeline, number, ct).ConfigureAwait(false);
        return manifest is null
            ? ApiResults.Error(StatusCodes.Status404NotFound, $"{pipeline} has no version {number.ToString(CultureInfo.InvariantCulture)}")
            : ApiResults.Json(manifest);
    }

    /// <summary><c>GET /api/models/{pipeline}/aliases/{alias}</c>: the alias record, with its ETag in the body and the <c>ETag</c> header.</summary>
    public async Task<IResult> GetAliasAsync(string pipeline, string alias, CancellationToken ct = default)
    {
        if ((BadPipeline(pipeline) ?? BadAlias(alias)) is { } bad)
        {
            return bad;
        }

        var (record, etag) = await Registry.GetAliasAsync(pipeline, alias, ct).ConfigureAwait(false);
        return record is null
            ? ApiResults.Error(StatusCodes.Status404NotFound, $"{pipeline} has no alias '{alias}'")
            : ApiResults.WithETag(ApiResults.Json(new AliasResponse(pipeline, alias, etag?.ToString(), record)), etag?.ToString());
    }

    /// <summary><c>PUT /api/models/{pipeline}/aliases/{alias}</c> with <c>{version, reason, by?}</c>: promote by compare-and-swap.</summary>
    public async Task<IResult> PutAliasAsync(HttpRequest request, string pipeline, string alias, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var badIfMatch = BadIfMatch(request, out var ifMatch);
        var bad = BadPipeline(pipeline) ?? BadAlias(alias) ?? badIfMatch;
        if (bad is not null)
        {
            return bad;
        }

        var (body, bodyError) = await ApiResults.ReadJsonAsync<PutAliasBody>(request, MaxBodyBytes, PutExample, ct).ConfigureAwait(false);
        if (bodyError is not null)
        {
            return bodyError;
        }

        if (body!.Version is not { } version || version < 1)
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, $"$.version is required: the version number to point '{alias}' at (1 or more)");
        }

        if (BadText(body.Reason, body.By, out var by) is { } badText)
        {
            return badText;
        }

        return await MoveAsync(pipeline, alias, () => governance.PromoteAsync(pipeline, alias, version, Who(request, by), body.Reason!, ifMatch, ct)).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>POST /api/models/{pipeline}/rollback</c> with <c>{alias?, toVersion?, expectedVersion?, reason, by?}</c> and an
    /// optional <c>If-Match</c>: a repeat of a rollback that happened is a no-op (200, <c>alreadyMoved</c>); an alias that
    /// is not what the request expected is a 409 with its current state.
    /// </summary>
    public async Task<IResult> RollbackAsync(HttpRequest request, string pipeline, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var badIfMatch = BadIfMatch(request, out var ifMatch);
        if ((BadPipeline(pipeline) ?? badIfMatch) is { } bad)
        {
            return bad;
        }

        var (body, bodyError) = await ApiResults.ReadJsonAsync<RollbackBody>(request, MaxBodyBytes, RollbackExample, ct).ConfigureAwait(false);
        if (bodyError is not null)
        {
            return bodyError;
        }

        var alias = body!.Alias ?? ModelRegistry.Champion;
        var badText = BadText(body.Reason, body.By, out var by);
        var badBody = BadAlias(alias) ?? badText;
        if (badBody is not null)
        {
            return badBody;
        }

        if (body.ToVersion is < 1)
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, "$.toVersion must be 1 or more (or left out: the alias's previous version)");
        }

        if (body.ExpectedVersion is < 1)
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, "$.expectedVersion must be 1 or more: the version the alias points at now (or left out)");
        }

        return await MoveAsync(pipeline, alias, () => governance.RollbackAsync(
            pipeline, alias, body.ToVersion, Who(request, by), body.Reason!, ct, body.ExpectedVersion, ifMatch)).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>GET /api/models/{pipeline}/history[?at=ISO8601[&amp;alias=champion]]</c>: the audit log, newest first; with
    /// <c>at</c>, also the version the alias pointed at then.
    /// </summary>
    public async Task<IResult> GetHistoryAsync(HttpRequest request, string pipeline, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var alias = request.Query["alias"].Count == 0 ? ModelRegistry.Champion : request.Query["alias"].ToString();
        var badAt = BadAt(request.Query["at"].ToString(), out var at);
        var bad = BadPipeline(pipeline) ?? BadAlias(alias) ?? badAt;
        if (bad is not null)
        {
            return bad;
        }

        var history = await Registry.ReadHistoryAsync(pipeline, ct).ConfigureAwait(false);
        if (history.Count == 0 && !await specs.ExistsAsync(pipeline, ct).ConfigureAwait(false)
            && (await Registry.ListVersionsAsync(pipeline, ct).ConfigureAwait(false)).Count == 0)
        {
            return UnknownPipeline(pipeline);
        }

        var aliasAt = at is { } t ? new AliasAtTime(alias, t, AliasTimeline.VersionAt(history.Reverse(), alias, t)) : null;
        return ApiResults.Json(new HistoryResponse(pipeline, history, aliasAt));
    }

    private static async Task<IResult> MoveAsync(string pipeline, string alias, Func<Task<AliasMoveResult>> move)
    {
        AliasMoveResult result;
        try
        {
            result = await move().ConfigureAwait(false);
        }
        catch (ModelNotFoundException ex)
        {
            return ApiResults.Error(StatusCodes.Status404NotFound, ex.Message);
        }
        catch (AliasMoveRefusedException ex)
        {
            return ApiResults.Error(StatusCodes.Status422UnprocessableEntity, ex.Message);
        }

        return result.Outcome == AliasMoveOutcome.Conflict
            ? ApiResults.Json(new AliasConflictResponse(result.Message, pipeline, alias, result.ETag, result.Current), StatusCodes.Status409Conflict)
            : ApiResults.WithETag(ApiResults.Json(new AliasMoveResponse(pipeline, alias, result.Outcome, result.Message, result.ETag, result.Current)), result.ETag);
    }


    private static IResult UnknownPipeline(string pipeline) =>
        ApiResults.Error(StatusCodes.Status404NotFound, $"unknown pipeline '{pipeline}': it has no spec in {Containers.Pipelines}/{pipeline}.json and no model versions");

    private static IResult? BadPipeline(string pipeline) => PipelineNames.IsValid(pipeline)
        ? null
        : ApiResults.Error(StatusCodes.Status400BadRequest, $"'{Printable(pipeline)}' is not a pipeline name: {PipelineNames.Rule}");

    private static IResult? BadAlias(string alias) => AliasNames.IsValid(alias)
        ? null
        : ApiResults.Error(StatusCodes.Status400BadRequest, $"'{Printable(alias)}' is not an alias name: {AliasNames.Rule}");

    private static IResult? BadVersion(string version, out int number)
    {
        number = 0;
        return version.Length <= 9 && int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out number) && number >= 1
            ? null
            : ApiResults.Error(StatusCodes.Status400BadRequest, $"'{Printable(version)}' is not a version number (1, 2, 3, ...)");
    }

    /// <summary>Reads <c>If-Match</c>: one strong ETag as <c>GET .../aliases/{alias}</c> returned it, or <c>*</c> (the alias must exist).</summary>
    private static IResult? BadIfMatch(HttpRequest request, out ETag? ifMatch)
    {
        ifMatch = null;
        var values = request.Headers.IfMatch;
        if (values.Count == 0)
        {
            return null;
        }

        var value = values.ToString().Trim();
        if (values.Count > 1 || value.Contains(',', StringComparison.Ordinal) || value.StartsWith("W/", StringComparison.Ordinal) || value.Length is 0 or > 128)
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, "If-Match takes one strong ETag, as GET .../aliases/{alias} returned it, or *");
        }

        ifMatch = value == "*" ? ETag.All : new ETag(value);
        return null;
    }

    private static IResult? BadAt(string at, out DateTimeOffset? parsed)
    {
        parsed = null;
        if (at.Length == 0)
        {
            return null;
        }

        // An unencoded '+' in a query string arrives as a space; read "…T10:00:00 01:00" as the offset it was.
        var candidate = at.Replace(' ', '+');
        if (DateTimeOffset.TryParse(candidate, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
        {
            parsed = value;
            return null;
        }

        return ApiResults.Error(StatusCodes.Status400BadRequest, $"at='{Printable(at)}' is not an ISO 8601 time, e.g. 2026-11-01T12:00:00Z");
    }

    private static IResult? BadText(string? reason, string? by, out string? cleanBy)
    {
        cleanBy = string.IsNullOrWhiteSpace(by) ? null : by.Trim();
        if (string.IsNullOrWhiteSpace(reason))
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, "$.reason is required: say why the alias moves; it goes into the alias record and the audit log");
        }

        if (reason.Length > MaxReason || reason.Any(char.IsControl))
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, $"$.reason must be one line of at most {MaxReason} characters");
        }

        return cleanBy is not null && (cleanBy.Length > MaxBy || cleanBy.Any(char.IsControl))
            ? ApiResults.Error(StatusCodes.Status400BadRequest, $"$.by must be one line of at most {MaxBy} characters")
            : null;
    }

    /// <summary>
    /// A user Easy Auth signed in beats a self-declared name; without either the move is attributed to the authenticated
    /// actor (the key's name, or "anonymous").
    /// </summary>
    private string Who(HttpRequest request, string? by) =>
        actors.SignedInUser(request) ?? by ?? actors.Of(request);

    private static string Printable(string? value) =>
        value is null ? "" : new string(value.Take(80).Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
