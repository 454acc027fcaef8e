using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Bitacora.Cards.Expressions;

/// <summary>Writes engine values as JSON, as <see cref="Js.ToJson"/> would build them (and then serialize them).</summary>
internal static class JsonOutput
{
    /// <summary>
    /// The expanded card is written once into a pooled buffer and parsed back by <see cref="System.Text.Json.Nodes.JsonNode"/>,
    /// so escaping only has to be valid JSON (any reader sees the same strings).
    /// </summary>
    public static readonly JsonWriterOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    public static void Write(Utf8JsonWriter w, object? v)
    {
        switch (v)
        {
            case null or Undefined:
                w.WriteNullValue();
                break;
            case bool b:
                w.WriteBooleanValue(b);
                break;
            case double d:
                WriteNumber(w, d);
                break;
            case string s:
                w.WriteStringValue(s);
                break;
            case List<object?> list:
                w.WriteStartArray();
                foreach (var item in list) Write(w, item);
                w.WriteEndArray();
                break;
            case JsObject o:
                w.WriteStartObject();
                foreach (var (k, val) in o.Entries)
                {
                    if (val is Undefined) continue;
                    w.WritePropertyName(k);
                    Write(w, val);
                }
                w.WriteEndObject();
                break;
            default:
                w.WriteStringValue(v.ToString());
                break;
        }
    }

    public static void WriteNumber(Utf8JsonWriter w, double d)
    {
        if (!double.IsFinite(d)) w.WriteNullValue();
        else if (Math.Floor(d) == d && Math.Abs(d) < 9.007199254740992E15) w.WriteNumberValue((long)d);
        else w.WriteNumberValue(d);
    }
}

/// <summary>An <see cref="IBufferWriter{T}"/> over arrays of the shared pool; Dispose gives the array back.</summary>
internal sealed class PooledBufferWriter : IBufferWriter<byte>, IDisposable
{
    private byte[] _buffer;
    private int _written;

    public PooledBufferWriter(int initialSize) => _buffer = ArrayPool<byte>.Shared.Rent(initialSize);

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _written);

    public void Advance(int count) => _written += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_written);
    }

    private void Ensure(int sizeHint)
    {
        var needed = _written + Math.Max(sizeHint, 256);
        if (needed <= _buffer.Length) return;
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _buffer.Length * 2));
        _buffer.AsSpan(0, _written).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        _written = 0;
        if (buffer.Length > 0) ArrayPool<byte>.Shared.Return(buffer);
    }
}

/// <summary>Characters of one interpolated string, in an array of the shared pool (no string is made for the card).</summary>
internal struct PooledChars : IDisposable
{
    private char[] _buffer;
    private int _length;

    public PooledChars(int initialSize)
    {
        _buffer = ArrayPool<char>.Shared.Rent(initialSize);
        _length = 0;
    }

    public readonly ReadOnlySpan<char> Span => _buffer.AsSpan(0, _length);

    public void Append(char c)
    {
        if (_length == _buffer.Length) Grow(1);
        _buffer[_length++] = c;
    }

    public void Append(ReadOnlySpan<char> s)
    {
        if (_length + s.Length > _buffer.Length) Grow(s.Length);
        s.CopyTo(_buffer.AsSpan(_length));
        _length += s.Length;
    }

    /// <summary>A string of the data as it is stored (no string is made unless it holds escapes).</summary>
    public void Append(JsonElement element)
    {
        var raw = JsonMarshal.GetRawUtf8Value(element);
        if (raw.Length >= 2 && raw[0] == (byte)'"') raw = raw[1..^1];
        if (raw.IndexOf((byte)'\\') >= 0)
        {
            Append(element.GetString());
            return;
        }
        if (_length + raw.Length > _buffer.Length) Grow(raw.Length);
        _length += Encoding.UTF8.GetChars(raw, _buffer.AsSpan(_length));
    }

    /// <summary>JavaScript's toString of a number, without a string for the integers cards are full of.</summary>
    public void AppendNumber(double d)
    {
        if (Math.Floor(d) == d && Math.Abs(d) < 1e15 && !(d == 0 && double.IsNegative(d)))
        {
            if (_length + 20 > _buffer.Length) Grow(20);
            ((long)d).TryFormat(_buffer.AsSpan(_length), out var n, default, System.Globalization.CultureInfo.InvariantCulture);
            _length += n;
            return;
        }
        Append(Js.NumberToString(d));
    }

    private void Grow(int more)
    {
        var bigger = ArrayPool<char>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + more));
        _buffer.AsSpan(0, _length).CopyTo(bigger);
        ArrayPool<char>.Shared.Return(_buffer);
        _buffer = bigger;
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        _length = 0;
        if (buffer is { Length: > 0 }) ArrayPool<char>.Shared.Return(buffer);
    }
}
