package org.opensirelay.webhooks;

import org.opensirelay.outbox.OutboxKind;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Webhook events travel through the outbox as their own item kind. */
@Configuration(proxyBeanMethods = false)
class WebhooksConfiguration {

    @Bean
    OutboxKind webhookKind() {
        return OutboxKind.named(WebhookRecorder.KIND);
    }
}
