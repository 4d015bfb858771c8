using System.CommandLine;
using System.CommandLine.Invocation;

namespace GeoDns.Server.Cli;

/// <summary>
/// <c>geodns --version</c>: System.CommandLine's own action prints the entry assembly's informational
/// version with the full commit; this one prints <see cref="VersionInfo.Text"/> ("geodns 0.7.0+abc1234").
/// </summary>
internal sealed class VersionAction : SynchronousCommandLineAction
{
    private readonly TextWriter _output;

    public VersionAction(TextWriter output) => _output = output;

    public override int Invoke(ParseResult parseResult)
    {
        _output.WriteLine(VersionInfo.Text);
        return ExitCodes.Ok;
    }
}
