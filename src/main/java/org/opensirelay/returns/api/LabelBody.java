package org.opensirelay.returns.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.opensirelay.returns.domain.ReturnView;

/**
 * A return parcel's label and tracking ({@code PUT …/returns/{webReturnNumber}/label}); problems are
 * listed carrier, tracking, then URL.
 */
record LabelBody(
        @NotNull(message = "is required") @OneLine(max = 64) String carrier,
        @NotNull(message = "is required") @OneLine(max = 64) String trackingNumber,

        @OneLine(max = 2000) @Pattern(regexp = "https?://.*", message = "must be an http or https URL")
        String labelUrl) {

    ReturnView.Label toLabel() {
        return new ReturnView.Label(labelUrl, carrier, trackingNumber, null);
    }
}
