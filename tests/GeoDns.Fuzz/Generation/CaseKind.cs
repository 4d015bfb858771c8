namespace GeoDns.Fuzz.Generation;

/// <summary>How a case was made.</summary>
internal enum CaseKind
{
    /// <summary>A well-formed query, as a resolver would send it (with every option and name shape we know).</summary>
    Valid,
    /// <summary>Built by structure to break one rule (a pointer loop, a wrong count, a bad option length, ...).</summary>
    Crafted,
    /// <summary>A valid or crafted message after random byte- and field-level mutations.</summary>
    Mutated,
}
