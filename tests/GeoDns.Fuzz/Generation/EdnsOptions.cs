namespace GeoDns.Fuzz.Generation;

/// <summary>The data of EDNS options, valid ones and ones that break exactly one rule.</summary>
internal static class EdnsOptions
{
    /// <summary>Networks of the sample configuration's CIDR rules, so that ECS locates clients in each region.</summary>
    private static readonly byte[][] SampleV4 = [[192, 0, 2], [198, 51, 100], [203, 0, 113], [10, 1, 2]];
    private static readonly byte[][] SampleV6 = [[0x20, 0x01, 0x0d, 0xb8, 0, 1], [0x20, 0x01, 0x0d, 0xb8, 0, 2], [0x20, 0x01, 0x0d, 0xb8, 0, 3]];

    /// <summary>
    /// A valid client subnet option (RFC 7871 §6): family 1 or 2, a source prefix within it, SCOPE 0,
    /// exactly ceil(source/8) address bytes, no bit set beyond the source prefix. Sometimes an IPv4-mapped IPv6 network.
    /// </summary>
    public static byte[] ClientSubnet(Random random, out string recipe)
    {
        bool v6 = random.Next(3) == 0;
        int bits = v6 ? 128 : 32;
        int source = random.Next(6) switch
        {
            0 => 0,
            1 => bits,
            2 => v6 ? 56 : 24,
            3 when v6 => 96 + random.Next(33), // ::ffff:a.b.c.d
            _ => random.Next(bits + 1),
        };
        var address = new byte[16];
        random.NextBytes(address);
        if (v6 && source > 96 && random.Next(2) == 0)
        {
            Array.Clear(address, 0, 10);
            address[10] = address[11] = 0xFF;
        }
        else if (random.Next(2) == 0)
        {
            byte[] network = v6 ? SampleV6[random.Next(SampleV6.Length)] : SampleV4[random.Next(SampleV4.Length)];
            network.CopyTo(address, 0);
        }
        int length = (source + 7) / 8;
        ClearBeyond(address, source);
        recipe = $"ECS {(v6 ? "v6" : "v4")}/{source}";
        return Subnet(v6 ? 2 : 1, source, 0, address.AsSpan(0, length));
    }

    /// <summary>A client subnet option that breaks one rule of RFC 7871 §7.1.2 (a server answers FORMERR).</summary>
    public static byte[] BadClientSubnet(Random random, out string recipe)
    {
        var address = new byte[17];
        random.NextBytes(address);
        switch (random.Next(6))
        {
            case 0:
                recipe = "ECS scope > 0";
                return Subnet(1, 24, random.Next(1, 33), [192, 0, 2]);
            case 1:
                recipe = "ECS source beyond the family";
                return Subnet(1, 33 + random.Next(200), 0, address.AsSpan(0, 5));
            case 2:
                recipe = "ECS address length wrong";
                return Subnet(random.Next(1, 3), 24, 0, address.AsSpan(0, random.Next(2) == 0 ? 2 : 4 + random.Next(13)));
            case 3:
                recipe = "ECS bits beyond the prefix";
                return Subnet(1, 20, 0, [192, 0, 0x2F]);
            case 4:
                recipe = "ECS unknown family";
                return Subnet(random.Next(3, 65536), 8, 0, [10]);
            default:
                recipe = "ECS shorter than its fixed part";
                return address[..random.Next(4)];
        }
    }

    public static byte[] Subnet(int family, int source, int scope, ReadOnlySpan<byte> address)
    {
        var data = new byte[4 + address.Length];
        data[0] = (byte)(family >> 8);
        data[1] = (byte)family;
        data[2] = (byte)source;
        data[3] = (byte)scope;
        address.CopyTo(data.AsSpan(4));
        return data;
    }

    /// <summary>A valid COOKIE option (RFC 7873 §4): a client cookie of 8 bytes, alone or with a server cookie of 8 to 32 bytes.</summary>
    public static byte[] Cookie(Random random, out string recipe)
    {
        int server = random.Next(2) == 0 ? 0 : random.Next(8, 33);
        var data = new byte[8 + server];
        random.NextBytes(data);
        recipe = server == 0 ? "COOKIE client" : $"COOKIE client+server {server}";
        return data;
    }

    /// <summary>A COOKIE option of a length RFC 7873 §5.2.2 calls malformed (not 8, not 16 to 40): FORMERR.</summary>
    public static byte[] BadCookie(Random random, out string recipe)
    {
        int length = random.Next(3) switch
        {
            0 => random.Next(0, 8),
            1 => random.Next(9, 16),
            _ => random.Next(41, 80),
        };
        var data = new byte[length];
        random.NextBytes(data);
        recipe = $"COOKIE of {length} bytes";
        return data;
    }

    private static void ClearBeyond(byte[] address, int prefix)
    {
        for (int bit = prefix; bit < address.Length * 8; bit++) address[bit / 8] &= (byte)~(0x80 >> (bit % 8));
    }
}
