namespace GscAnalytics.Shared;

/// <summary>
/// A row of <c>oban_peers</c>: the node that leads the Oban instance <paramref name="Name"/>, until
/// <paramref name="ExpiresAt"/> (UTC); <paramref name="Leads"/> is false once that has passed without renewal.
/// </summary>
internal sealed record ObanPeer(string Name, string Node, DateTime ExpiresAt, bool Leads);
