using Microsoft.EntityFrameworkCore;

namespace GscAnalytics.MigrationWorker.Data;

/// <summary>
/// The Phoenix app owns the data model; this context exists to carry the migrations that build
/// the schema it needs (Oban's tables first).
/// </summary>
public sealed class GscAnalyticsDbContext(DbContextOptions<GscAnalyticsDbContext> options) : DbContext(options);
