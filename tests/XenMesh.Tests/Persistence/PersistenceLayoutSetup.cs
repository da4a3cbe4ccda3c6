using Akka.Hosting;
using Akka.Persistence.Sql.Config;
using Akka.Persistence.Sql.Hosting;
using XenMesh.Node.Configuration;
using XenMesh.Node.Hosting;

namespace XenMesh.Tests.Persistence;

internal static class PersistenceLayoutSetup
{
    /// <summary>The agent's persistence, or the one-file configuration of earlier versions, to upgrade from.</summary>
    public static AkkaConfigurationBuilder WithPersistence(this AkkaConfigurationBuilder builder, XenMeshSettings settings, PersistenceLayout layout) =>
        layout == PersistenceLayout.Current
            ? builder.WithXenMeshPersistence(settings)
            : builder
                .AddHocon(
                    """
                    akka.persistence.journal.sql.parallelism = 1
                    akka.persistence.journal.sql.batch-size = 1000
                    """,
                    HoconAddMode.Prepend)
                .WithSqlPersistence(PersistenceSetup.DataOptionsFor(settings), autoInitialize: true, tagStorageMode: TagMode.TagTable);
}
