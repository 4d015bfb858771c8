namespace GeoDns.Core.Geo;

/// <summary>
/// A binary trie of CIDR rules for one address family, stored in flat arrays. Nodes exist only on
/// paths to rules, so every leaf holds a rule; that is what makes the ECS scope computation exact:
/// a node on the client's path below the deepest matching rule means the block still contains a
/// more specific rule. Immutable after <see cref="Builder.Build"/>; lookups allocate nothing.
/// </summary>
internal sealed class CidrTrie
{
    private readonly int[] _child0;
    private readonly int[] _child1;
    private readonly int[] _rule;

    private CidrTrie(int[] child0, int[] child1, int[] rule)
    {
        _child0 = child0;
        _child1 = child1;
        _rule = rule;
    }

    public static CidrTrie Empty { get; } = new([], [], []);

    public bool IsEmpty => _child0.Length == 0;

    /// <summary>
    /// Walks <paramref name="address"/> (<paramref name="bits"/> wide: 32 or 128).
    /// <paramref name="rule"/> = the longest matching rule, or -1.
    /// <paramref name="scope"/> = the shortest prefix P such that address/P contains no rule more
    /// specific than the match (no rule at all when there is no match): the matched rule's own
    /// prefix when it has no nested rule on that side, else one bit past the last trie node on the
    /// address's path. 0 for an empty trie.
    /// </summary>
    public void Walk(UInt128 address, int bits, out int rule, out int scope)
    {
        rule = -1;
        if (_child0.Length == 0)
        {
            scope = 0;
            return;
        }

        int node = 0;
        int depth = 0;
        while (true)
        {
            int r = _rule[node];
            if (r >= 0)
            {
                rule = r;
            }

            if (depth == bits)
            {
                break;
            }

            uint bit = (uint)(address >> (bits - 1 - depth)) & 1u;
            int next = bit == 0 ? _child0[node] : _child1[node];
            if (next < 0)
            {
                break;
            }

            node = next;
            depth++;
        }

        bool leaf = _child0[node] < 0 && _child1[node] < 0;
        scope = leaf ? depth : depth + 1;
    }

    /// <summary>Collects the rules of a family at load time.</summary>
    internal sealed class Builder
    {
        private readonly List<int> _c0 = [];
        private readonly List<int> _c1 = [];
        private readonly List<int> _r = [];

        /// <summary>Adds a rule; false when the same network is already present.</summary>
        public bool Add(UInt128 network, int prefix, int bits, int ruleIndex)
        {
            if (_c0.Count == 0)
            {
                NewNode();
            }

            int node = 0;
            for (int depth = 0; depth < prefix; depth++)
            {
                uint bit = (uint)(network >> (bits - 1 - depth)) & 1u;
                List<int> children = bit == 0 ? _c0 : _c1;
                int next = children[node];
                if (next < 0)
                {
                    next = NewNode();
                    children[node] = next;
                }

                node = next;
            }

            if (_r[node] >= 0)
            {
                return false;
            }

            _r[node] = ruleIndex;
            return true;
        }

        public CidrTrie Build() => _c0.Count == 0 ? Empty : new CidrTrie([.. _c0], [.. _c1], [.. _r]);

        private int NewNode()
        {
            _c0.Add(-1);
            _c1.Add(-1);
            _r.Add(-1);
            return _c0.Count - 1;
        }
    }
}
