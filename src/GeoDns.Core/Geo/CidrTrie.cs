using System.Numerics;

namespace GeoDns.Core.Geo;

/// <summary>
/// A path-compressed binary trie of CIDR rules for one address family, in flat arrays. The
/// uncompressed trie has nodes only on paths to rules, so every leaf holds a rule; that makes the
/// ECS scope exact: a trie node on the client's path below the deepest matching rule means the
/// block still contains a more specific rule. Compression keeps the root, rule nodes and branching
/// nodes; a chain between them is one edge, checked with one XOR and a leading-zero count.
/// Immutable after <see cref="Builder.Build"/>; lookups allocate nothing.
/// </summary>
internal sealed class CidrTrie
{
    // Node k occupies _nodes[4k .. 4k+3]: child for bit 0, child for bit 1 (node offsets, -1 = none),
    // rule index (-1 = none), depth (prefix length). _keys[2k], _keys[2k+1]: the node's prefix,
    // left-aligned in 128 bits (an IPv4 prefix in the top 32 bits of the first word).
    private readonly int[] _nodes;
    private readonly ulong[] _keys;

    private CidrTrie(int[] nodes, ulong[] keys)
    {
        _nodes = nodes;
        _keys = keys;
    }

    public static CidrTrie Empty { get; } = new([], []);

    public bool IsEmpty => _nodes.Length == 0;

    /// <summary>Number of nodes after path compression.</summary>
    public int NodeCount => _nodes.Length / 4;

    /// <summary>
    /// Walks <paramref name="address"/> (<paramref name="bits"/> wide: 32 or 128).
    /// <paramref name="rule"/> = the longest matching rule, or -1.
    /// <paramref name="scope"/> = the shortest prefix P such that address/P contains no rule more
    /// specific than the match (no rule at all when there is no match): the matched rule's own
    /// prefix when it has no nested rule, else one bit past the deepest (uncompressed) trie node
    /// on the address's path. 0 for an empty trie.
    /// </summary>
    public void Walk(UInt128 address, int bits, out int rule, out int scope)
    {
        rule = -1;
        int[] nodes = _nodes;
        if (nodes.Length == 0)
        {
            scope = 0;
            return;
        }

        ulong hi = bits == 128 ? (ulong)(address >> 64) : (ulong)address << 32;
        ulong lo = bits == 128 ? (ulong)address : 0;
        int node = 0;
        while (true)
        {
            int r = nodes[node + 2];
            if (r >= 0)
            {
                rule = r;
            }

            int depth = nodes[node + 3];
            if (depth == bits)
            {
                scope = depth;
                return;
            }

            ulong word = depth < 64 ? hi << depth : lo << (depth - 64);
            int child = nodes[node + (int)(word >> 63)];
            if (child < 0)
            {
                scope = nodes[node] < 0 && nodes[node + 1] < 0 ? depth : depth + 1;
                return;
            }

            int childDepth = nodes[child + 3];
            int k = child >> 1;
            ulong xh = _keys[k] ^ hi;
            int common = xh != 0 ? BitOperations.LeadingZeroCount(xh) : 64 + BitOperations.LeadingZeroCount(_keys[k + 1] ^ lo);
            if (common < childDepth)
            {
                // The address leaves the compressed edge at depth common: that chain node has
                // one child, away from the address.
                scope = common + 1;
                return;
            }

            node = child;
        }
    }

    /// <summary>Collects the rules of a family at load time.</summary>
    internal sealed class Builder
    {
        private readonly List<int> _c0 = [];
        private readonly List<int> _c1 = [];
        private readonly List<int> _r = [];
        private int _bits;

        /// <summary>Adds a rule; false when the same network is already present.</summary>
        public bool Add(UInt128 network, int prefix, int bits, int ruleIndex)
        {
            _bits = bits;
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

        public CidrTrie Build()
        {
            if (_c0.Count == 0)
            {
                return Empty;
            }

            var nodes = new List<int>();
            var keys = new List<ulong>();
            Emit(0, 0, UInt128.Zero, nodes, keys);
            return new CidrTrie([.. nodes], [.. keys]);
        }

        /// <summary>Writes a kept node and, recursively, its compressed children; returns its offset.</summary>
        private int Emit(int node, int depth, UInt128 key, List<int> nodes, List<ulong> keys)
        {
            int offset = nodes.Count;
            nodes.AddRange([-1, -1, _r[node], depth]);
            UInt128 aligned = key << (128 - _bits);
            keys.Add((ulong)(aligned >> 64));
            keys.Add((ulong)aligned);
            for (int bit = 0; bit < 2; bit++)
            {
                int child = bit == 0 ? _c0[node] : _c1[node];
                if (child < 0)
                {
                    continue;
                }

                int childDepth = depth + 1;
                UInt128 childKey = key | ((UInt128)(uint)bit << (_bits - childDepth));
                while (_r[child] < 0 && (_c0[child] < 0) != (_c1[child] < 0))
                {
                    // A chain node (one child, no rule): compress it away.
                    int next = _c0[child] >= 0 ? _c0[child] : _c1[child];
                    uint nextBit = _c0[child] >= 0 ? 0u : 1u;
                    childDepth++;
                    childKey |= (UInt128)nextBit << (_bits - childDepth);
                    child = next;
                }

                nodes[offset + bit] = Emit(child, childDepth, childKey, nodes, keys);
            }

            return offset;
        }

        private int NewNode()
        {
            _c0.Add(-1);
            _c1.Add(-1);
            _r.Add(-1);
            return _c0.Count - 1;
        }
    }
}
