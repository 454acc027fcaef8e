using System.Buffers.Binary;
using System.IO.Compression;

namespace Bitacora.Cli.Commands.Package;

/// <summary>
/// Just enough of PNG to check Teams icons: the header, and the pixels of 8-bit non-interlaced images.
/// Written here because the checks need no imaging library and must run offline on any machine.
/// </summary>
public sealed class PngImage
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private readonly byte[] _pixels; // unfiltered scanlines without the filter byte

    private PngImage(int width, int height, byte bitDepth, byte colorType, bool interlaced, byte[] pixels)
    {
        Width = width;
        Height = height;
        BitDepth = bitDepth;
        ColorType = colorType;
        Interlaced = interlaced;
        _pixels = pixels;
    }

    public int Width { get; }
    public int Height { get; }
    public byte BitDepth { get; }

    /// <summary>0 grey, 2 RGB, 3 palette, 4 grey + alpha, 6 RGBA.</summary>
    public byte ColorType { get; }

    public bool Interlaced { get; }

    public bool HasAlphaChannel => ColorType is 4 or 6;

    /// <summary>True when <see cref="Pixel"/> can be used (8-bit, not interlaced, not palette).</summary>
    public bool PixelsReadable => BitDepth == 8 && !Interlaced && ColorType is 0 or 2 or 4 or 6;

    /// <summary>Parses a PNG; throws <see cref="InvalidDataException"/> with a plain reason if it is not one.</summary>
    public static PngImage Read(ReadOnlySpan<byte> data)
    {
        if (data.Length < Signature.Length + 25 || !data[..Signature.Length].SequenceEqual(Signature))
        {
            throw new InvalidDataException("not a PNG file (bad signature)");
        }
        var offset = Signature.Length;
        int width = 0, height = 0;
        byte bitDepth = 0, colorType = 0;
        var interlaced = false;
        var sawHeader = false;
        using var idat = new MemoryStream();
        while (offset + 8 <= data.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(data[offset..]);
            var type = System.Text.Encoding.ASCII.GetString(data.Slice(offset + 4, 4));
            if (length < 0 || offset + 12 + length > data.Length)
            {
                throw new InvalidDataException($"truncated PNG chunk '{type}'");
            }
            var body = data.Slice(offset + 8, length);
            switch (type)
            {
                case "IHDR":
                    width = BinaryPrimitives.ReadInt32BigEndian(body);
                    height = BinaryPrimitives.ReadInt32BigEndian(body[4..]);
                    bitDepth = body[8];
                    colorType = body[9];
                    interlaced = body[12] != 0;
                    sawHeader = true;
                    break;
                case "IDAT":
                    idat.Write(body);
                    break;
            }
            offset += 12 + length;
            if (type == "IEND")
            {
                break;
            }
        }
        if (!sawHeader || width <= 0 || height <= 0)
        {
            throw new InvalidDataException("PNG without a valid IHDR header");
        }
        var image = new PngImage(width, height, bitDepth, colorType, interlaced, []);
        return image.PixelsReadable ? new PngImage(width, height, bitDepth, colorType, interlaced,
            Unfilter(Inflate(idat.ToArray()), width, height, image.Channels)) : image;
    }

    /// <summary>The RGBA value of a pixel (grey is expanded; alpha is 255 for images without alpha).</summary>
    public (byte R, byte G, byte B, byte A) Pixel(int x, int y)
    {
        if (!PixelsReadable)
        {
            throw new InvalidOperationException("Pixels of this PNG kind are not decoded.");
        }
        var i = (y * Width + x) * Channels;
        return ColorType switch
        {
            0 => (_pixels[i], _pixels[i], _pixels[i], 255),
            2 => (_pixels[i], _pixels[i + 1], _pixels[i + 2], 255),
            4 => (_pixels[i], _pixels[i], _pixels[i], _pixels[i + 1]),
            _ => (_pixels[i], _pixels[i + 1], _pixels[i + 2], _pixels[i + 3]),
        };
    }

    private int Channels => ColorType switch { 0 => 1, 2 => 3, 4 => 2, 6 => 4, _ => 1 };

    private static byte[] Inflate(byte[] zlib)
    {
        try
        {
            using var input = new ZLibStream(new MemoryStream(zlib), CompressionMode.Decompress);
            using var output = new MemoryStream();
            input.CopyTo(output);
            return output.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException("PNG image data is not valid zlib: " + e.Message);
        }
    }

    private static byte[] Unfilter(byte[] raw, int width, int height, int bytesPerPixel)
    {
        var stride = width * bytesPerPixel;
        if (raw.Length < (stride + 1) * height)
        {
            throw new InvalidDataException("PNG image data is shorter than its header says");
        }
        var result = new byte[stride * height];
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * (stride + 1)];
            var src = raw.AsSpan(y * (stride + 1) + 1, stride);
            var row = result.AsSpan(y * stride, stride);
            var prior = y == 0 ? new byte[stride] : result.AsSpan((y - 1) * stride, stride).ToArray();
            for (var x = 0; x < stride; x++)
            {
                int a = x >= bytesPerPixel ? row[x - bytesPerPixel] : 0;
                int b = prior[x];
                int c = x >= bytesPerPixel ? prior[x - bytesPerPixel] : 0;
                row[x] = filter switch
                {
                    0 => src[x],
                    1 => (byte)(src[x] + a),
                    2 => (byte)(src[x] + b),
                    3 => (byte)(src[x] + (a + b) / 2),
                    4 => (byte)(src[x] + Paeth(a, b, c)),
                    _ => throw new InvalidDataException($"unknown PNG filter type {filter} on row {y}"),
                };
            }
        }
        return result;
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
