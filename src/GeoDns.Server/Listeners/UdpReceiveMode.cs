namespace GeoDns.Server.Listeners;

/// <summary>How a UDP socket's receive loop waits for datagrams.</summary>
internal enum UdpReceiveMode
{
    /// <summary>A dedicated thread per socket in blocking <c>ReceiveFrom</c>/<c>SendTo</c> (the default; measured faster).</summary>
    Blocking,

    /// <summary>An async loop per socket on the thread pool (<c>ReceiveFromAsync</c>/<c>SendToAsync</c>).</summary>
    Async,
}
