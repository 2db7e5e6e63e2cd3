using System.Text;

namespace Cd4ml.Core.Tests.Support;

/// <summary>A folder of its own per test class instance, deleted afterwards.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = Directory.CreateTempSubdirectory("cd4ml-core-tests-").FullName;
    }

    public string Path { get; }

    /// <summary>Writes <paramref name="text"/> as UTF-8 exactly as given (no BOM unless asked) and returns the file's path.</summary>
    public string Write(string text, bool bom = false, string name = "data.csv")
    {
        var file = System.IO.Path.Combine(Path, name);
        File.WriteAllText(file, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: bom));
        return file;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
