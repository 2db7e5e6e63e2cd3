using System.Net;
using System.Net.Sockets;

namespace Cd4ml.Pipeline.Hosting;

/// <summary>A free TCP port on 127.0.0.1: for the local Durable sidecar, and for test servers.</summary>
public static class LoopbackPort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
