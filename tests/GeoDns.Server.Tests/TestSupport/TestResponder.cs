using System.Buffers.Binary;
using GeoDns.Core.Dns;
using GeoDns.Core.Pipeline;
using GeoDns.Server.Listeners;

namespace GeoDns.Server.Tests.TestSupport;

/// <summary>
/// A tiny stand-in for the query pipeline, so listener behaviour is tested on its own. Replies to
/// a query with its header and question plus one answer holding the client's address (A for IPv4
/// clients, AAAA for IPv6). Shorter than a header or QR=1: no reply. Question name
/// <c>boom.test.</c> throws; <c>slow.test.</c> signals <see cref="SlowStarted"/> and waits for
/// <see cref="ReleaseSlow"/>.
/// </summary>
internal sealed class TestResponder : IQueryHandler
{
    private static readonly byte[] Boom = DnsWire.EncodeName("boom.test.");
    private static readonly byte[] Slow = DnsWire.EncodeName("slow.test.");
    private readonly SemaphoreSlim _slowGate = new(0);

    public SemaphoreSlim SlowStarted { get; } = new(0);

    public void ReleaseSlow() => _slowGate.Release();

    public IQueryWorker CreateWorker() => new Worker(this);

    private sealed class Worker : IQueryWorker
    {
        private readonly TestResponder _owner;
        private readonly QueryOutcome _outcome = new();

        public Worker(TestResponder owner) => _owner = owner;

        public QueryOutcome Process(ReadOnlySpan<byte> query, Span<byte> response, in QueryContext context)
        {
            int length = Respond(query, response, context);
            _outcome.Reset();
            _outcome.ResponseLength = length;
            if (length > 0)
            {
                _outcome.RCode = response[3] & 0x0F;
                _outcome.Malformed = _outcome.RCode == DnsWire.FormErr;
            }
            return _outcome;
        }

        private int Respond(ReadOnlySpan<byte> query, Span<byte> response, in QueryContext context)
        {
            if (query.Length < DnsWire.HeaderLength || (query[2] & 0x80) != 0) return 0;
            int nameLength = DnsName.Measure(query[DnsWire.HeaderLength..]);
            if (nameLength < 0 || query.Length < DnsWire.HeaderLength + nameLength + 4)
            {
                query[..DnsWire.HeaderLength].CopyTo(response);
                response[2] |= 0x80;
                response[3] = DnsWire.FormErr;
                response[4..DnsWire.HeaderLength].Clear();
                return DnsWire.HeaderLength;
            }
            var name = query.Slice(DnsWire.HeaderLength, nameLength);
            if (DnsName.EqualsIgnoreCase(name, Boom)) throw new InvalidOperationException("test responder: boom");
            if (DnsName.EqualsIgnoreCase(name, Slow))
            {
                _owner.SlowStarted.Release();
                _owner._slowGate.Wait(TimeSpan.FromSeconds(30));
            }

            int questionEnd = DnsWire.HeaderLength + nameLength + 4;
            query[..questionEnd].CopyTo(response);
            response[2] = (byte)(0x80 | 0x04 | (query[2] & 0x01)); // QR, AA, RD
            response[3] = 0;
            BinaryPrimitives.WriteUInt16BigEndian(response[4..], 1);
            BinaryPrimitives.WriteUInt16BigEndian(response[6..], 1);
            BinaryPrimitives.WriteUInt16BigEndian(response[8..], 0);
            BinaryPrimitives.WriteUInt16BigEndian(response[10..], 0);
            int pos = questionEnd;
            response[pos++] = 0xC0;
            response[pos++] = DnsWire.HeaderLength;
            BinaryPrimitives.WriteUInt16BigEndian(response[pos..], context.IsIPv6 ? RRType.AAAA : RRType.A);
            BinaryPrimitives.WriteUInt16BigEndian(response[(pos + 2)..], RRClass.IN);
            BinaryPrimitives.WriteUInt32BigEndian(response[(pos + 4)..], 60);
            pos += 8;
            if (context.IsIPv6)
            {
                BinaryPrimitives.WriteUInt16BigEndian(response[pos..], 16);
                BinaryPrimitives.WriteUInt128BigEndian(response[(pos + 2)..], context.ClientAddress);
                pos += 18;
            }
            else
            {
                BinaryPrimitives.WriteUInt16BigEndian(response[pos..], 4);
                BinaryPrimitives.WriteUInt32BigEndian(response[(pos + 2)..], (uint)context.ClientAddress);
                pos += 6;
            }
            return pos;
        }
    }
}
