package org.opensirelay.website;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensirelay.OpensiRelayApplication;
import org.opensirelay.support.AdminHttp;
import org.opensirelay.support.RecordedStatements;
import org.opensirelay.support.UniqueSchedulerName;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What a relay does at start does not grow with its websites: restarted with 2,000 websites, it
 * talks to its database as often as with 20 (the website table is read and the delivery triggers
 * checked in a few statements, whatever their number), and it publishes as many metric series. A
 * check of the work, not of the time it takes (that is bench/many-websites, in docs/benchmarks.md).
 */
class ManyWebsitesStartTest {

    private static final String ADMIN = "admin-token-of-many-websites-0001";

    /** What one start cost: database round trips until ready, and the metric series then published. */
    record Start(int roundTrips, long series) {}

    @Test
    void aRestartWithThousandsOfWebsitesCostsNoMoreStatementsNorSeriesThanWithTwenty(
            @TempDir Path few, @TempDir Path many) {
        Start twenty = restart(few, 20);
        Start thousands = restart(many, 2000);
        System.out.printf(
                "restart: 20 websites %d round trips, %d series; 2,000 websites %d round trips, %d series%n",
                twenty.roundTrips(), twenty.series(), thousands.roundTrips(), thousands.series());
        assertThat(thousands.roundTrips())
                .as("no statement per website at start")
                .isLessThan(twenty.roundTrips() + 20);
        assertThat(thousands.series()).as("no metric series per idle website").isLessThan(twenty.series() + 10);
    }

    /** Starts a relay with {@code websites} websites, stops it, and measures its second start (triggers and rows exist). */
    private static Start restart(Path dataDir, int websites) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--relay.data-dir=" + dataDir.toAbsolutePath(),
                "--relay.admin.token=" + ADMIN,
                "--spring.quartz.scheduler-name=" + UniqueSchedulerName.next()));
        for (int i = 0; i < websites; i++) {
            args.add("--relay.websites[" + i + "].code=W" + i);
            args.add("--relay.websites[" + i + "].key=key-of-website-" + String.format("%08d", i) + "-0123456789");
            args.add("--relay.websites[" + i + "].shop.url=http://127.0.0.1:9/shop/" + i + "/opensi");
            args.add("--relay.websites[" + i + "].shop.key=shopkey-" + i);
        }
        String[] arguments = args.toArray(String[]::new);
        run(arguments).close();
        try (ConfigurableApplicationContext relay = run(arguments)) {
            int roundTrips = relay.getBean(RecordedStatements.class).roundTrips();
            int port = ((WebServerApplicationContext) relay).getWebServer().getPort();
            String scrape =
                    AdminHttp.call(port, "GET", "/actuator/prometheus", ADMIN).body();
            long series = scrape.lines()
                    .filter(line -> !line.startsWith("#") && !line.isBlank())
                    .count();
            return new Start(roundTrips, series);
        }
    }

    private static ConfigurableApplicationContext run(String[] arguments) {
        return new SpringApplicationBuilder(OpensiRelayApplication.class, RecordedStatements.class).run(arguments);
    }
}
