package org.opensirelay;

import java.time.Clock;

import org.opensirelay.database.Restore;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * opensi-relay: answers ERP clients as an OpenSi shop connector would, keeps every accepted item
 * durably, and replays it to each shop's own connector on a schedule (Quartz) or right away. With
 * {@code restore <backup.zip> <data-dir>} as its arguments, it restores a backup instead ({@link Restore}).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class OpensiRelayApplication {

    public static void main(String[] args) {
        if (Restore.isCommand(args)) {
            // java -jar opensi-relay.jar restore <backup.zip> <data-dir>: a command, not a relay.
            System.exit(Restore.run(args, System.out, System.err));
        }
        SpringApplication.run(OpensiRelayApplication.class, args);
    }

    /** The one source of time: tests replace it with a settable clock. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
