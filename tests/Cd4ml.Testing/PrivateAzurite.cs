using System.Globalization;
using Cd4ml.Pipeline.Hosting;

namespace Cd4ml.Testing;

/// <summary>
/// An Azurite of one test's own, for triggers that act on the whole account. <see cref="AzuriteFixture"/> starts a
/// private instance (free ports, in memory, stopped on dispose) when the configured one does not answer, so it is
/// built while <c>CD4ML_TEST_STORAGE</c> names a port nobody listens on.
/// </summary>
public static class PrivateAzurite
{
    private const string Variable = "CD4ML_TEST_STORAGE";

    private static readonly Lock s_gate = new();

    public static AzuriteFixture Start()
    {
        lock (s_gate)
        {
            var previous = Environment.GetEnvironmentVariable(Variable);
            var nobody = LoopbackPort.Next().ToString(CultureInfo.InvariantCulture);
            Environment.SetEnvironmentVariable(Variable, $"BlobEndpoint=http://127.0.0.1:{nobody}/devstoreaccount1;");
            try
            {
                return new AzuriteFixture();
            }
            finally
            {
                Environment.SetEnvironmentVariable(Variable, previous);
            }
        }
    }
}
