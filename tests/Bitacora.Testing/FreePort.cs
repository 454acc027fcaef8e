using System.Net;
using System.Net.Sockets;

namespace Bitacora.Testing;

public static class FreePort
{
    /// <summary>A TCP port on loopback that nobody listens on right now.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Waits until something accepts connections on the port, or fails after <paramref name="timeout"/>.</summary>
    /// <summary>Gives up at once, with the process output, if <paramref name="owner"/> exits first.</summary>
    public static async Task WaitUntilListeningAsync(int port, TimeSpan timeout, ChildProcess? owner = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && owner is not { HasExited: true })
            {
                await Task.Delay(100);
            }
            catch (SocketException e)
            {
                throw new TimeoutException(
                    $"Nothing listens on port {port} (waited up to {timeout}). {owner?.Output}", e);
            }
        }
    }
}
