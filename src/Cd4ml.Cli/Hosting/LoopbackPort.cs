using System.Net;
using System.Net.Sockets;

namespace Cd4ml.Cli.Hosting;

/// <summary>A free TCP port on 127.0.0.1, for the in-process Durable sidecar.</summary>
public static class LoopbackPort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
