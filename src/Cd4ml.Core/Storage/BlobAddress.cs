using Azure.Storage.Blobs;

namespace Cd4ml.Core.Storage;

/// <summary>
/// Where one blob is: its container and its name inside it. Records and run reports carry addresses as text
/// (<c>container/name</c>, see <see cref="ToString"/>); code turns them into this type with <see cref="Parse"/> and
/// never splits the text itself.
/// </summary>
public readonly record struct BlobAddress(string Container, string Name)
{
    /// <summary>Reads <c>container/name</c>; throws <see cref="FormatException"/> naming the text when there is no container part.</summary>
    public static BlobAddress Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && slash < text.Length - 1
            ? new BlobAddress(text[..slash], text[(slash + 1)..])
            : throw new FormatException($"'{text}' is not a blob address (container/name)");
    }

    /// <summary>The first path segment of <see cref="Name"/>, which is the pipeline for every per-pipeline container.</summary>
    public string? FirstSegment => Name.IndexOf('/', StringComparison.Ordinal) is > 0 and var slash ? Name[..slash] : null;

    public BlobClient Client(BlobServiceClient service)
    {
        ArgumentNullException.ThrowIfNull(service);
        return service.GetBlobContainerClient(Container).GetBlobClient(Name);
    }

    /// <summary><c>container/name</c>, the form records keep.</summary>
    public override string ToString() => $"{Container}/{Name}";
}
