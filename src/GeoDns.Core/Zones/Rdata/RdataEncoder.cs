namespace GeoDns.Core.Zones.Rdata;

/// <summary>Encodes one record's presentation-form RDATA (the tokens after the type) into wire form.</summary>
internal delegate void RdataEncoder(RdataParser parser);
