namespace Cd4ml.Core.Registry;

/// <summary>A pipeline, version or alias the caller named does not exist. Nothing was changed.</summary>
public sealed class ModelNotFoundException : Exception
{
    public ModelNotFoundException()
    {
    }

    public ModelNotFoundException(string message)
        : base(message)
    {
    }

    public ModelNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// An alias move was refused before anything was written: the target's model no longer matches its manifest,
/// or there is nothing to roll back to. The message says which and what to do.
/// </summary>
public sealed class AliasMoveRefusedException : Exception
{
    public AliasMoveRefusedException()
    {
    }

    public AliasMoveRefusedException(string message)
        : base(message)
    {
    }

    public AliasMoveRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
