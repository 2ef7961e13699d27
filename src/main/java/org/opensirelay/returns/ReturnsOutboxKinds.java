package org.opensirelay.returns;

import org.opensirelay.outbox.OutboxKind;
import org.opensirelay.returns.domain.ReturnStateChange;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The outbox kind of a return's state changes for the shop. */
@Configuration(proxyBeanMethods = false)
class ReturnsOutboxKinds {

    @Bean
    OutboxKind returnStateKind() {
        return new OutboxKind(ReturnStateChange.OUTBOX_KIND);
    }
}
