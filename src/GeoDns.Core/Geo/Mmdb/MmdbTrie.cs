using System.Buffers.Binary;

namespace GeoDns.Core.Geo.Mmdb;

/// <summary>
/// The writer's binary trie over addresses of <c>bitCount</c> bits, in flat arrays. A node
/// without children is a leaf holding a location id (or -1, no data); a node with children has
/// both. Nodes can be shared (the ::ffff:0:0/96 alias), so the result is a DAG.
/// </summary>
internal sealed class MmdbTrie
{
    private readonly int _bitCount;
    private int[] _zero = new int[1024];
    private int[] _one = new int[1024];
    private int[] _data = new int[1024];
    private int _count;

    public MmdbTrie(int bitCount)
    {
        _bitCount = bitCount;
        NewLeaf(-1);
    }

    /// <summary>Sets the location of a network; anything more specific under it is replaced.</summary>
    public void Insert(UInt128 address, int prefix, int location)
    {
        int node = Walk(address, prefix);
        _zero[node] = -1;
        _one[node] = -1;
        _data[node] = location;
    }

    /// <summary>The node for the network (<paramref name="address"/>, <paramref name="depth"/>), splitting leaves on the way.</summary>
    public int EnsureNode(UInt128 address, int depth) => Walk(address, depth);

    /// <summary>Makes the network (<paramref name="address"/>, <paramref name="depth"/>) share node <paramref name="target"/>.</summary>
    public void Alias(UInt128 address, int depth, int target)
    {
        int parent = Walk(address, depth - 1);
        if (_zero[parent] < 0)
        {
            Split(parent);
        }

        if (Bit(address, depth - 1) == 0)
        {
            _zero[parent] = target;
        }
        else
        {
            _one[parent] = target;
        }
    }

    /// <summary>A database has at least one node: the root.</summary>
    public void EnsureRootIsNode()
    {
        if (_zero[0] < 0)
        {
            Split(0);
        }
    }

    /// <summary>Numbers the nodes reachable from the root (preorder, root = 0); leaves get -1.</summary>
    public int[] NumberNodes(out int nodeCount)
    {
        var numbers = new int[_count];
        Array.Fill(numbers, -1);
        var stack = new Stack<int>();
        stack.Push(0);
        nodeCount = 0;
        while (stack.Count > 0)
        {
            int node = stack.Pop();
            if (_zero[node] < 0 || numbers[node] >= 0)
            {
                continue;
            }

            numbers[node] = nodeCount++;
            stack.Push(_one[node]);
            stack.Push(_zero[node]);
        }

        return numbers;
    }

    /// <summary>Writes the search tree (node_count nodes of two records) at the start of <paramref name="output"/>.</summary>
    public void WriteTree(byte[] output, int[] numbers, int nodeCount, int recordSize, int[] dataOffsets)
    {
        int nodeBytes = recordSize / 4;
        for (int node = 0; node < _count; node++)
        {
            int number = numbers[node];
            if (number < 0)
            {
                continue;
            }

            uint left = Record(_zero[node], numbers, nodeCount, dataOffsets);
            uint right = Record(_one[node], numbers, nodeCount, dataOffsets);
            Span<byte> span = output.AsSpan(number * nodeBytes, nodeBytes);
            switch (recordSize)
            {
                case 24:
                    WriteUInt24(span, left);
                    WriteUInt24(span[3..], right);
                    break;
                case 28:
                    WriteUInt24(span, left);
                    span[3] = (byte)(((left >> 24) & 0x0F) << 4 | ((right >> 24) & 0x0F));
                    WriteUInt24(span[4..], right);
                    break;
                default:
                    BinaryPrimitives.WriteUInt32BigEndian(span, left);
                    BinaryPrimitives.WriteUInt32BigEndian(span[4..], right);
                    break;
            }
        }
    }

    private uint Record(int child, int[] numbers, int nodeCount, int[] dataOffsets)
    {
        if (_zero[child] >= 0)
        {
            return (uint)numbers[child];
        }

        int location = _data[child];
        return location < 0
            ? (uint)nodeCount
            : (uint)((long)nodeCount + MmdbFormat.DataSectionSeparator + dataOffsets[location]);
    }

    private static void WriteUInt24(Span<byte> span, uint value)
    {
        span[0] = (byte)(value >> 16);
        span[1] = (byte)(value >> 8);
        span[2] = (byte)value;
    }

    private int Walk(UInt128 address, int depth)
    {
        int node = 0;
        for (int i = 0; i < depth; i++)
        {
            if (_zero[node] < 0)
            {
                Split(node);
            }

            node = Bit(address, i) == 0 ? _zero[node] : _one[node];
        }

        return node;
    }

    private int Bit(UInt128 address, int index) => (int)(address >> (_bitCount - 1 - index)) & 1;

    private void Split(int node)
    {
        int location = _data[node];
        int zero = NewLeaf(location);
        int one = NewLeaf(location);
        _zero[node] = zero;
        _one[node] = one;
        _data[node] = -1;
    }

    private int NewLeaf(int location)
    {
        if (_count == _zero.Length)
        {
            int size = _count * 2;
            Array.Resize(ref _zero, size);
            Array.Resize(ref _one, size);
            Array.Resize(ref _data, size);
        }

        _zero[_count] = -1;
        _one[_count] = -1;
        _data[_count] = location;
        return _count++;
    }
}
