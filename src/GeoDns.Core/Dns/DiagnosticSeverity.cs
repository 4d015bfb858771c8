namespace GeoDns.Core.Dns;

public enum DiagnosticSeverity
{
    Warning,
    Error,
}
