namespace GeoDns.Server.Tests.Deploy;

/// <summary>A Dockerfile read into instructions: continuation lines joined, comments dropped, each with its build stage.</summary>
internal sealed class Dockerfile
{
    private Dockerfile(List<Instruction> instructions) => Instructions = instructions;

    public IReadOnlyList<Instruction> Instructions { get; }

    /// <summary>The stage index of the last FROM: the image that is run.</summary>
    public int FinalStage => Instructions.Max(i => i.Stage);

    public IEnumerable<Instruction> All(string keyword) => Instructions.Where(i => i.Keyword == keyword);

    public Instruction Single(string keyword) => Assert.Single(All(keyword));

    public static Dockerfile Parse(string text)
    {
        var instructions = new List<Instruction>();
        int stage = -1;
        string pending = "";
        foreach (string raw in text.Split('\n'))
        {
            string line = raw.TrimEnd('\r');
            if (pending.Length == 0 && line.TrimStart().StartsWith('#')) continue;
            if (pending.Length > 0 && line.TrimStart().StartsWith('#')) continue;
            if (line.EndsWith('\\'))
            {
                pending += line[..^1] + " ";
                continue;
            }
            string full = (pending + line).Trim();
            pending = "";
            if (full.Length == 0) continue;
            int space = full.IndexOf(' ', StringComparison.Ordinal);
            string keyword = (space < 0 ? full : full[..space]).ToUpperInvariant();
            string arguments = space < 0 ? "" : full[(space + 1)..].Trim();
            if (keyword == "FROM") stage++;
            instructions.Add(new Instruction(keyword, arguments, stage));
        }
        Assert.True(pending.Length == 0, "the Dockerfile ends inside a continuation line");
        return new Dockerfile(instructions);
    }

    /// <summary>One instruction: <c>COPY --from=build /app/ /app/</c> is keyword COPY, arguments "--from=build /app/ /app/".</summary>
    internal sealed record Instruction(string Keyword, string Arguments, int Stage)
    {
        /// <summary>The words of the arguments, a JSON (exec form) array or whitespace-separated.</summary>
        public IReadOnlyList<string> Words()
        {
            if (Arguments.StartsWith('['))
                return System.Text.Json.JsonSerializer.Deserialize<string[]>(Arguments)!;
            return Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        }

        /// <summary>The value of a <c>--name=value</c> flag, or null.</summary>
        public string? Flag(string name) =>
            Words().FirstOrDefault(w => w.StartsWith($"--{name}=", StringComparison.Ordinal))?[(name.Length + 3)..];

        /// <summary>The words that are not <c>--flags</c>.</summary>
        public IReadOnlyList<string> Operands() => Words().Where(w => !w.StartsWith("--", StringComparison.Ordinal)).ToList();
    }
}
