using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace TimeTrack.Web.Tests.Infrastructure;

/// <summary>
/// A loopback TCP forwarder between the app and PostgreSQL that can take the database away from one
/// app host, as stopping the server would (new connections refused, open ones reset), without
/// touching the cluster the other tests share.
/// </summary>
public sealed class TcpFaultProxy : IAsyncDisposable
{
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly ConcurrentDictionary<Socket, byte> _sockets = new();
    private readonly Lock _lock = new();
    private TcpListener? _listener;
    private CancellationTokenSource _running = new();

    private TcpFaultProxy(string targetHost, int targetPort)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
    }

    public int Port { get; private set; }

    public static TcpFaultProxy Start(string targetHost, int targetPort)
    {
        var proxy = new TcpFaultProxy(targetHost, targetPort);
        proxy.Listen(0);
        return proxy;
    }

    /// <summary>The database goes away: the port refuses connections and every open one is reset.</summary>
    public void Cut()
    {
        lock (_lock)
        {
            _running.Cancel();
            _listener?.Stop();
            _listener = null;
            foreach (var socket in _sockets.Keys)
            {
                Close(socket);
            }
        }
    }

    /// <summary>The database is back on the same port.</summary>
    public void Restore()
    {
        lock (_lock)
        {
            _running = new CancellationTokenSource();
            Listen(Port);
        }
    }

    public ValueTask DisposeAsync()
    {
        Cut();
        return ValueTask.CompletedTask;
    }

    private void Listen(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        _listener = listener;
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        _ = AcceptAsync(listener, _running.Token);
    }

    private async Task AcceptAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptSocketAsync(cancellationToken);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = ForwardAsync(client, cancellationToken);
        }
    }

    private async Task ForwardAsync(Socket client, CancellationToken cancellationToken)
    {
        var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _sockets[client] = 0;
        _sockets[server] = 0;
        try
        {
            await server.ConnectAsync(_targetHost, _targetPort, cancellationToken);
            await using var fromClient = new NetworkStream(client, ownsSocket: false);
            await using var toServer = new NetworkStream(server, ownsSocket: false);
            await Task.WhenAny(fromClient.CopyToAsync(toServer, cancellationToken), toServer.CopyToAsync(fromClient, cancellationToken));
        }
        catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The link was cut or one side closed it.
        }
        finally
        {
            Close(client);
            Close(server);
        }
    }

    private void Close(Socket socket)
    {
        if (_sockets.TryRemove(socket, out _))
        {
            try
            {
                // A reset, as a stopped server's closed connections look to the client.
                socket.LingerState = new LingerOption(true, 0);
                socket.Close();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }
}
