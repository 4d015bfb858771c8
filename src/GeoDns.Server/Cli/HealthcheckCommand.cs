namespace GeoDns.Server.Cli;

/// <summary>
/// <c>geodns healthcheck [--url URL] [--timeout DURATION]</c>: a GET of the admin API's <c>/healthz</c>
/// (default <see cref="DefaultUrl"/>); exit 0 on a 2xx answer, 1 otherwise (other status, refused,
/// timeout). It is the container's <c>HEALTHCHECK</c>, since the runtime image has no curl or wget.
/// </summary>
internal static class HealthcheckCommand
{
    public const string DefaultUrl = "http://127.0.0.1:8053/healthz";

    public static async Task<int> RunAsync(string url, TimeSpan timeout, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            await error.WriteLineAsync($"geodns: --url: '{url}' is not an http or https URL").ConfigureAwait(false);
            return ExitCodes.InvalidConfiguration;
        }
        // No proxy: the probe is for this host's own admin listener, whatever HTTP_PROXY says.
        using var handler = new HttpClientHandler { UseProxy = false };
        using var client = new HttpClient(handler) { Timeout = timeout };
        try
        {
            using var response = await client.GetAsync(uri, cancellationToken).ConfigureAwait(false);
            int status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                await output.WriteLineAsync($"{uri}: {status} healthy").ConfigureAwait(false);
                return ExitCodes.Ok;
            }
            await error.WriteLineAsync($"{uri}: {status} unhealthy").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
        catch (HttpRequestException ex)
        {
            await error.WriteLineAsync($"{uri}: unreachable: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync($"{uri}: no answer within {timeout.TotalSeconds:0.###} s").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
    }
}
