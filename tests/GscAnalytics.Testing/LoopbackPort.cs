using System.Net;
using System.Net.Sockets;

namespace GscAnalytics.Testing;

/// <summary>Ports on 127.0.0.1 for the tests' servers.</summary>
public static class LoopbackPort
{
    /// <summary>A port nothing listens on right now.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
