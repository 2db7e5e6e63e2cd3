using System.Net;
using System.Net.Sockets;

namespace Cd4ml.Testing;

/// <summary>A loopback port that was free a moment ago (test hosts run in parallel, so none use fixed ports).</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
