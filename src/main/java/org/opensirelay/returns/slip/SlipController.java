package org.opensirelay.returns.slip;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The slips the relay issues, for customers to download from their account: public, at URLs nobody
 * can guess (64 random hex characters); anything else is a 404.
 */
@RestController
class SlipController {

    private final Slips slips;

    SlipController(Slips slips) {
        this.slips = slips;
    }

    @GetMapping("/slips/{file}")
    ResponseEntity<byte[]> slip(@PathVariable String file) {
        if (!file.matches("[0-9a-f]{64}\\.pdf")) {
            return ResponseEntity.notFound().build();
        }
        return slips.pdf(file.substring(0, 64))
                .map(pdf -> ResponseEntity.ok()
                        .contentType(MediaType.APPLICATION_PDF)
                        .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"bon-de-retour.pdf\"")
                        .header(HttpHeaders.CACHE_CONTROL, "private, no-store")
                        .body(pdf))
                .orElseGet(() -> ResponseEntity.notFound().build());
    }
}
