namespace Aspire.Hosting.ApplicationModel;

public interface IResource
{
    string Name { get; }

    /// <summary>What the resource needs before it starts, as declared with WaitFor and WaitForCompletion.</summary>
    IList<WaitAnnotation> Waits { get; }
}
