namespace XenMesh.Messages.Commands;

/// <summary>
/// One argument of a command as the client sees it in the downloaded schema: help, completion and
/// client-side validation are built from these, never from a list compiled into the client.
/// </summary>
/// <param name="Name">Argument name, lower case (<c>vif</c>).</param>
/// <param name="Description">One line of help.</param>
/// <param name="Switches">Single-dash spellings (<c>-v</c>, <c>-V</c>).</param>
/// <param name="IsMandatory">The command is refused without it.</param>
/// <param name="AllowMultiple">The switch may repeat (<c>-t a -t b</c>).</param>
/// <param name="IsFlag">The switch takes no value.</param>
/// <param name="DefaultValues">Suggested values for completion.</param>
public sealed record ArgumentDefinition(
    string Name,
    string Description,
    IReadOnlyList<string> Switches,
    bool IsMandatory = false,
    bool AllowMultiple = false,
    bool IsFlag = false,
    IReadOnlyList<string>? DefaultValues = null);

/// <summary>One command of a palette (<c>vif online</c>).</summary>
/// <param name="Name">Command name, lower case, words joined by <c>-</c>.</param>
/// <param name="Description">One line of help.</param>
/// <param name="Arguments">Its switches.</param>
/// <param name="Mutating">
/// It changes state (<c>vif reconcile</c>, <c>lease release</c>); the command host logs every such
/// request with the caller's endpoint.
/// </param>
public sealed record CommandDefinition(string Name, string Description, IReadOnlyList<ArgumentDefinition> Arguments, bool Mutating = false);

/// <summary>A named group of commands owned by one feature (<c>vif</c>, <c>bridge</c>).</summary>
public sealed record PaletteDefinition(string Name, string Description, IReadOnlyList<CommandDefinition> Commands);
