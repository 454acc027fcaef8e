namespace Bitacora.Cli;

/// <summary>
/// The exit codes of every `bitacora` verb, for scripts (documented in `bitacora --help` and docs/CLI.md):
/// 0 ok · 1 uso (argumento u opción inválidos) · 2 datos (filas inválidas, algo que no existe, envíos fallidos) ·
/// 3 almacenamiento inalcanzable · 4 error inesperado · 130 interrumpido (Ctrl+C).
/// </summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Usage = 1;
    public const int Data = 2;
    public const int StorageUnreachable = 3;
    public const int Unexpected = 4;
    public const int Cancelled = 130;
}
