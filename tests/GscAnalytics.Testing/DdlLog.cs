namespace GscAnalytics.Testing;

/// <summary>An event trigger that logs every DDL command into public.ddl_log, to prove a run issued none.</summary>
public static class DdlLog
{
    public const string Install =
        """
        CREATE TABLE public.ddl_log (tag text, identity text);
        CREATE FUNCTION public.log_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$
        BEGIN
          INSERT INTO public.ddl_log SELECT command_tag, coalesce(object_identity, '') FROM pg_event_trigger_ddl_commands();
        END $$;
        CREATE EVENT TRIGGER log_ddl ON ddl_command_end EXECUTE FUNCTION public.log_ddl();
        """;
}
