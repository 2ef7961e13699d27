package org.opensirelay.support;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.opensirelay.OpensiRelayApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The relay started as {@code java -jar} would start it, with command-line arguments, on a random
 * port and a data folder of the test's choosing; closing it is a clean shutdown.
 */
public final class RelayProcess implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private RelayProcess(ConfigurableApplicationContext context) {
        this.context = context;
    }

    public static RelayProcess start(Path dataDir, String... extraArgs) {
        return startWithDataDir(dataDir.toAbsolutePath().toString(), extraArgs);
    }

    /** As {@link #start}, with {@code relay.data-dir} exactly as given (a relative path, say). */
    public static RelayProcess startWithDataDir(String dataDir, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--relay.data-dir=" + dataDir,
                "--spring.quartz.scheduler-name=" + UniqueSchedulerName.next()));
        args.addAll(List.of(extraArgs));
        return new RelayProcess(
                new SpringApplicationBuilder(OpensiRelayApplication.class).run(args.toArray(String[]::new)));
    }

    public int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /** The port of the actuator when it has one of its own ({@code management.server.port}). */
    public int managementPort() {
        return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.management.port"));
    }

    public SoapHttp soap() {
        return new SoapHttp(port());
    }

    public JdbcTemplate jdbc() {
        return context.getBean(JdbcTemplate.class);
    }

    @Override
    public void close() {
        context.close();
    }
}
