using Bitacora.Bot.Registry.Identifiers;

namespace Bitacora.Bot.Hosting;

/// <summary>
/// What a person typed, reduced to a comparable form: people write "Iniciar Sesion", "iniciar sesión!" or
/// "PARTICIPACIÓN" and all must reach the same command.
/// </summary>
public static class CommandText
{
    /// <summary>Punctuation (¿?¡!.,-_/) separates words but is not part of a command; see <see cref="TextMatching.WordsKey"/>.</summary>
    public static string Normalize(string? text) => TextMatching.WordsKey(text);
}
