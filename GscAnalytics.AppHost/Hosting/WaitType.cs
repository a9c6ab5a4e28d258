namespace Aspire.Hosting.ApplicationModel;

public enum WaitType
{
    /// <summary>Until the resource is running and healthy.</summary>
    WaitUntilHealthy,

    /// <summary>Until the resource has finished with exit code 0.</summary>
    WaitForCompletion,
}
