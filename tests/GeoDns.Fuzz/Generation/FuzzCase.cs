namespace GeoDns.Fuzz.Generation;

/// <summary>One generated message; <see cref="Seed"/> and <see cref="Index"/> regenerate it (<c>--seed S --case I</c>).</summary>
internal sealed class FuzzCase
{
    public required int Seed { get; init; }
    public required long Index { get; init; }
    public required CaseKind Kind { get; init; }
    public required Expectation Expect { get; init; }
    /// <summary>The message, without a TCP length prefix. The network runners overwrite its ID.</summary>
    public required byte[] Message { get; init; }
    /// <summary>How it was made, for the failure report ("valid: A www.example.com. EDNS 1232 ECS").</summary>
    public required string Recipe { get; init; }

    public string Replay => $"--seed {Seed} --case {Index}";

    public override string ToString() => $"case {Index} (seed {Seed}, {Kind}: {Recipe}) {Convert.ToHexString(Message)}";
}
