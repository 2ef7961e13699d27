package org.opensirelay.ingest;

import org.opensirelay.outbox.OutboxKind;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The outbox kinds of the items the ERP sends: return slips and comments. */
@Configuration(proxyBeanMethods = false)
class IngestOutboxKinds {

    @Bean
    OutboxKind returnDocumentKind() {
        return new OutboxKind(StoredItems.RETURN_DOCUMENT);
    }

    @Bean
    OutboxKind commentKind() {
        return new OutboxKind(StoredItems.COMMENT);
    }
}
