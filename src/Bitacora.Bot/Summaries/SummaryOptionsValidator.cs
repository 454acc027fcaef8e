using Microsoft.Extensions.Options;

namespace Bitacora.Bot.Summaries;

/// <summary>The "Summaries" section, checked when the host starts: every date is MM-dd, the time HH:mm (messages name the key).</summary>
internal sealed class SummaryOptionsValidator : IValidateOptions<SummaryOptions>
{
    public ValidateOptionsResult Validate(string? name, SummaryOptions options)
    {
        try
        {
            SummarySchedule.Crons(options);
            return ValidateOptionsResult.Success;
        }
        catch (InvalidOperationException e)
        {
            return ValidateOptionsResult.Fail(e.Message);
        }
    }
}
