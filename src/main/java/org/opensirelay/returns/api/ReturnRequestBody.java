package org.opensirelay.returns.api;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.opensirelay.returns.domain.ReturnRequest;

/**
 * A return request ({@code POST …/returns}) from the shop, a marketplace or an operator. Its form
 * is checked here; whether the order allows it is judged afterwards (eligibility).
 */
record ReturnRequestBody(
        @NotNull(message = "is required") @OneLine(max = 20) String webOrderNumber,
        @OneLine(max = 20) String webReturnNumber,

        @NotNull(message = "is required")
        @Pattern(
                regexp = "[a-z0-9][a-z0-9_.-]{0,31}",
                message = "must be a lower-case name such as shop, channable or google")
        String source,

        @OneLine(max = 128) String externalId,
        @FreeText(max = 2000) String reason,
        List<@NotNull(message = "must hold objects only") @Valid Line> lines) {

    record Line(
            @OneLine(max = 64) String lineId,
            @OneLine(max = 64) String reference,
            @OneLine(max = 14) String gtin,
            @WholeNumber(min = -100_000, max = 100_000) Integer quantity,
            @OneLine(max = 64) String reasonCode) {}

    /** The request, once {@link JsonBodies} found no problem. */
    ReturnRequest toRequest() {
        return new ReturnRequest(
                webOrderNumber,
                webReturnNumber,
                source,
                externalId,
                reason,
                lines == null
                        ? List.of()
                        : lines.stream()
                                .map(line -> new ReturnRequest.Line(
                                        line.lineId(),
                                        line.reference(),
                                        line.gtin(),
                                        line.quantity(),
                                        line.reasonCode()))
                                .toList());
    }
}
