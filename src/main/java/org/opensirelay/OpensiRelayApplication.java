package org.opensirelay;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * opensi-relay: answers ERP clients as an OpenSi shop connector would, keeps every accepted item
 * durably, and replays it to each shop's own connector on a schedule (Quartz) or right away.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class OpensiRelayApplication {

    public static void main(String[] args) {
        SpringApplication.run(OpensiRelayApplication.class, args);
    }

    /** The one source of time: tests replace it with a settable clock. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
