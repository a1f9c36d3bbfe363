using System.Net;
using System.Net.Sockets;

namespace GanLab.Tests.Kernel;

/// <summary>Ports on 127.0.0.1 for the servers and kernels the tests start.</summary>
static class TcpPorts
{
    /// <summary>A port no one listens on now (the system's choice, released at once).</summary>
    public static int Free()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
